"""The kubeconfig the Kubernetes plugin stores per region: where the API server is and how to authenticate.

A small reader, not a client library: the current context (or the one named), its cluster's ``server``,
CA (``certificate-authority`` file or ``-data``) and ``proxy-url``, and its user's bearer token
(``token`` or ``tokenFile``), client certificate and key (files or ``-data``) or basic credentials.
Relative file paths are relative to the kubeconfig's directory, as kubectl reads them.

What it refuses, with the reason, rather than doing something else: ``insecure-skip-tls-verify`` (onap-hpa
never switches TLS verification off: give the CA), ``tls-server-name``, and ``exec`` / ``auth-provider``
credential plugins (the sync runs no command a kubeconfig names: give it a ServiceAccount token or a client
certificate).

Kubeconfigs are YAML. kubectl, kubeadm, kind and the cloud CLIs write them in a plain block style that
:func:`parse_yaml` reads without a dependency (JSON is read as JSON); a file using YAML beyond that
(anchors, tags, multi-line plain scalars, flow collections that are not JSON) is read with PyYAML when it
is installed, and otherwise refused naming the line: ``kubectl config view --raw --flatten -o json`` writes
any kubeconfig in a form read here.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from onap_hpa_host.errors import SyncConfigError

__all__ = ["KubeConfig", "YamlSubsetError", "parse_yaml", "read_kubeconfig"]

#: Largest kubeconfig read (real ones are a few KiB; certificates inline make them ~20 KiB).
MAX_BYTES: Final = 1 << 20
_CONVERT = "kubectl config view --raw --flatten -o json"


@dataclass(frozen=True)
class KubeConfig:
    """One context of a kubeconfig, resolved: what the Kubernetes source needs to list nodes."""

    path: str  #: the kubeconfig file
    context: str  #: the context used
    server: str  #: the API server's base URL (``https://host:6443``, maybe with a path prefix)
    ca_pem: bytes | None = None  #: CA bundle (PEM) to verify the server with; None: the system's trust store
    token: str | None = field(default=None, repr=False)  #: bearer token
    client_cert_pem: bytes | None = field(default=None, repr=False)
    client_key_pem: bytes | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    proxy_url: str | None = None

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a log line or an error message."""
        return tuple(s for s in (self.token, self.password) if s)


class YamlSubsetError(ValueError):
    """YAML this reader does not take (see the module docstring), or text that is not YAML at all."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


def read_kubeconfig(path: str, context: str | None = None) -> KubeConfig:
    """The kubeconfig at ``path``, resolved for ``context`` (default: its current context, else its only one).

    :raises SyncConfigError: naming the file and what is wrong with it (a configuration error: nothing is read).
    """
    setting = f"kubeconfig {path}"
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise SyncConfigError(setting, f"cannot be read ({error.strerror or error})", "a readable file") from None
    if len(raw) > MAX_BYTES:
        raise SyncConfigError(setting, f"is {len(raw)} bytes", f"a kubeconfig of at most {MAX_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SyncConfigError(setting, "is not UTF-8 text", "a kubeconfig (YAML or JSON)") from None
    document = _load(text, setting)
    return _resolve(document, file, context, setting)


def _load(text: str, setting: str) -> Any:
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style, perhaps: the YAML readers say what is wrong
    try:
        return parse_yaml(text)
    except YamlSubsetError as error:
        try:
            import yaml  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            expected = f"a kubeconfig in the plain YAML kubectl writes, or JSON ({_CONVERT})"
            raise SyncConfigError(setting, f"is not read: {error}", expected) from None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as problem:
            mark = getattr(problem, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            problem_text = getattr(problem, "problem", None) or type(problem).__name__
            raise SyncConfigError(setting, f"is not YAML ({where}{problem_text})", "a kubeconfig") from None


# -- the kubeconfig's meaning ---------------------------------------------------------------------


def _named(document: dict[str, Any], section: str, name: str, setting: str) -> dict[str, Any]:
    """The ``section`` entry (clusters, users, contexts) called ``name``: its inner object."""
    entries = document.get(section)
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("name") == name:
            inner = entry.get(section[:-1])  # clusters -> cluster
            if inner is None:
                return {}
            if not isinstance(inner, dict):
                raise SyncConfigError(setting, f"has a {section[:-1]} {name!r} that is not a mapping", "a kubeconfig")
            return inner
    raise SyncConfigError(setting, f"has no {section[:-1]} named {name!r}", f"a kubeconfig listing it under {section}")


def _resolve(document: Any, file: Path, context: str | None, setting: str) -> KubeConfig:
    if not isinstance(document, dict):
        raise SyncConfigError(setting, "is not a mapping", "a kubeconfig (kind: Config)")
    context = context or _current_context(document, setting)
    ctx = _named(document, "contexts", context, setting)
    cluster_name, user_name = ctx.get("cluster"), ctx.get("user")
    if not isinstance(cluster_name, str) or not cluster_name:
        raise SyncConfigError(setting, f"has a context {context!r} without a cluster", "a kubeconfig")
    cluster = _named(document, "clusters", cluster_name, setting)
    user = _named(document, "users", user_name, setting) if isinstance(user_name, str) and user_name else {}
    base = file.resolve().parent
    server, ca, proxy = _cluster(cluster, base, f"{setting} (cluster {cluster_name!r})")
    token, cert, key, username, password = _user(user, base, f"{setting} (user {user_name!r})")
    return KubeConfig(
        path=str(file),
        context=context,
        server=server.rstrip("/"),
        ca_pem=ca,
        token=token,
        client_cert_pem=cert,
        client_key_pem=key,
        username=username,
        password=password,
        proxy_url=proxy,
    )


def _current_context(document: dict[str, Any], setting: str) -> str:
    current = document.get("current-context")
    if isinstance(current, str) and current:
        return current
    contexts = document.get("contexts")
    names = [c.get("name") for c in contexts if isinstance(c, dict)] if isinstance(contexts, list) else []
    if len(names) == 1 and isinstance(names[0], str) and names[0]:
        return names[0]
    raise SyncConfigError(setting, "has no current-context", "a kubeconfig with current-context set")


def _cluster(cluster: dict[str, Any], base: Path, where: str) -> tuple[str, bytes | None, str | None]:
    """The server URL, CA and proxy of a cluster entry."""
    server = cluster.get("server")
    if not isinstance(server, str) or not re.match(r"^https?://[^/?#]+", server):
        raise SyncConfigError(where, f"has server {server!r}", "the API server's https:// URL")
    if cluster.get("insecure-skip-tls-verify") in (True, "true"):
        raise SyncConfigError(
            where,
            "sets insecure-skip-tls-verify",
            "certificate-authority(-data) of the API server (onap-hpa never switches TLS verification off)",
        )
    if cluster.get("tls-server-name"):
        raise SyncConfigError(where, "sets tls-server-name", "a server URL whose host name its certificate names")
    ca = _material(cluster, "certificate-authority", base, where)
    proxy = cluster.get("proxy-url")
    if proxy is not None and not (isinstance(proxy, str) and re.match(r"^(https?|socks5h?)://", proxy)):
        raise SyncConfigError(where, f"has proxy-url {proxy!r}", "an http(s):// or socks5:// URL")
    return server, ca, proxy


def _user(
    user: dict[str, Any], base: Path, who: str
) -> tuple[str | None, bytes | None, bytes | None, str | None, str | None]:
    """The token, client certificate and key, user name and password of a user entry."""
    for plugin in ("exec", "auth-provider"):
        if user.get(plugin):
            raise SyncConfigError(
                who,
                f"authenticates with an {plugin} plugin",
                "a token (a ServiceAccount's) or a client certificate: onap-hpa sync runs no command a "
                "kubeconfig names",
            )
    token = user.get("token")
    if token is None and user.get("tokenFile"):
        token = _file(user["tokenFile"], base, who, "tokenFile").decode("utf-8", "replace").strip()
    if token is not None and (not isinstance(token, str) or not token or "\n" in token):
        raise SyncConfigError(who, "has a token that is not one line of text", "a bearer token")
    cert = _material(user, "client-certificate", base, who)
    key = _material(user, "client-key", base, who)
    if (cert is None) != (key is None):
        raise SyncConfigError(who, "has a client certificate or key without the other", "both, or neither")
    username, password = user.get("username"), user.get("password")
    if username is not None and not isinstance(username, str):
        raise SyncConfigError(who, "has a username that is not text", "a string")
    if password is not None and not isinstance(password, str):
        raise SyncConfigError(who, "has a password that is not text", "a string")
    return token, cert, key, username, password


def _material(section: dict[str, Any], name: str, base: Path, where: str) -> bytes | None:
    """PEM from ``<name>-data`` (base64) or the file ``<name>`` names; None when neither is there."""
    data = section.get(f"{name}-data")
    if data:
        if not isinstance(data, str):
            raise SyncConfigError(where, f"has {name}-data that is not text", "base64 of a PEM file")
        try:
            return base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            raise SyncConfigError(where, f"has {name}-data that is not base64", "base64 of a PEM file") from None
    path = section.get(name)
    return _file(path, base, where, name) if path else None


def _file(path: object, base: Path, where: str, name: str) -> bytes:
    if not isinstance(path, str):
        raise SyncConfigError(where, f"has {name} that is not a path", "a file path")
    target = Path(path).expanduser()
    target = target if target.is_absolute() else base / target
    try:
        return target.read_bytes()
    except OSError as error:
        raise SyncConfigError(
            where, f"names {name} {str(target)!r}, which cannot be read ({error.strerror})", "a file"
        ) from None


# -- a block-style YAML subset ----------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    indent: int
    text: str


_BLANK: Final = " \t"
_BLOCK_SCALAR: Final = re.compile(r"^([|>])([+-]?)$")
#: A plain key: not starting with an indicator, then anything but ": " and " #" (a ':' or '#' inside is text).
_PLAIN_KEY: Final = re.compile(
    r"^((?:[^ \t\"'#&*!|>%@`{}\[\],?:-]|[-?:](?=[^ \t]))(?:[^: \t]|[ \t]+(?=[^#: \t])|:(?=[^ \t]))*)[ \t]*:(?:[ \t]+|$)"
)
_QUOTED_KEY: Final = re.compile(r"^(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')[ \t]*:(?:[ \t]+|$)")
_ESCAPES: Final = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES: Final = {"x": 2, "u": 4, "U": 8}
_UNSUPPORTED_START: Final = {
    "&": "anchors",
    "*": "aliases",
    "!": "tags",
    "%": "directives",
    "@": "reserved indicators",
    "`": "reserved indicators",
}


def parse_yaml(text: str) -> Any:
    """The YAML document in ``text``, in the block style kubeconfigs are written in.

    Block mappings and sequences (a sequence may sit at its key's indentation), plain, single- and
    double-quoted scalars, literal and folded block scalars, ``{}``/``[]`` and JSON flow collections,
    comments, one leading ``---``. ``true``/``false`` are booleans, ``null``/``~``/nothing is None, every
    other scalar a string (kubeconfigs hold no numbers the sync reads). Anything else raises
    :class:`YamlSubsetError` naming the line.
    """
    return _Parser(text).document()


def _is_item(text: str) -> bool:
    return text == "-" or text.startswith("- ")


class _Parser:
    """Recursive descent over the lines that carry structure (comments and blank lines dropped)."""

    def __init__(self, text: str) -> None:
        self.raw = text.splitlines()
        self.lines: list[_Line] = []
        for number, line in enumerate(self.raw, start=1):
            stripped = line.strip(_BLANK)  # YAML's white space: spaces and tabs, nothing else
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(line) - len(line.lstrip(" "))
            if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
                raise YamlSubsetError(number, "a tab in the indentation")
            if stripped in ("---", "...") or stripped.startswith(("--- ", "%")):
                if stripped == "---" and not self.lines:
                    continue
                raise YamlSubsetError(number, "more than one document, or a directive")
            self.lines.append(_Line(number, indent, line.rstrip(_BLANK)[indent:]))

    def document(self) -> Any:
        if not self.lines:
            return None
        value, index = self.node(0, self.lines[0].indent)
        if index < len(self.lines):
            raise YamlSubsetError(self.lines[index].number, "unexpected indentation")
        return value

    def node(self, index: int, indent: int) -> tuple[Any, int]:
        if _is_item(self.lines[index].text):
            return self.sequence(index, indent)
        return self.mapping(index, indent)

    def nested(self, index: int, indent: int, *, sequence_here: bool) -> tuple[Any, int]:
        """The value on the lines after ``index`` (a key or dash with nothing after it): deeper, or None."""
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if following is not None and (
            following.indent > indent or (sequence_here and following.indent == indent and _is_item(following.text))
        ):
            return self.node(index + 1, following.indent)
        return None, index + 1

    def sequence(self, index: int, indent: int) -> tuple[list[Any], int]:
        lines = self.lines
        items: list[Any] = []
        while index < len(lines) and lines[index].indent == indent and _is_item(lines[index].text):
            line = lines[index]
            rest = line.text[1:].lstrip(" ")
            if not _strip_comment(rest):
                value, index = self.nested(index, indent, sequence_here=False)
            elif _is_item(rest) or _key(rest) is not None:
                # "- key: value": a mapping (or sequence) whose entries sit where "key" does
                lines[index] = _Line(line.number, indent + len(line.text) - len(rest), rest)
                value, index = self.node(index, lines[index].indent)
            else:
                value, index = self.value(index, rest, indent)
            items.append(value)
        return items, index

    def mapping(self, index: int, indent: int) -> tuple[dict[str, Any], int]:
        lines = self.lines
        mapping: dict[str, Any] = {}
        while index < len(lines) and lines[index].indent == indent and not _is_item(lines[index].text):
            line = lines[index]
            found = _key(line.text)
            if found is None:
                raise YamlSubsetError(line.number, "expected 'key: value'")
            key, rest = found
            if _strip_comment(rest):
                mapping[key], index = self.value(index, rest, indent)
            else:
                mapping[key], index = self.nested(index, indent, sequence_here=True)
        return mapping, index

    def value(self, index: int, text: str, parent: int) -> tuple[Any, int]:
        """A value written after ``key:`` or ``-`` on line ``index``; a block scalar takes the deeper lines after it."""
        line = self.lines[index]
        block = _BLOCK_SCALAR.match(_strip_comment(text))
        if block is None:
            following = self.lines[index + 1] if index + 1 < len(self.lines) else None
            deeper = following is not None and following.indent > parent and not _is_item(following.text)
            if deeper and following is not None and _key(following.text) is None:
                raise YamlSubsetError(following.number, "a plain scalar over several lines")
            return _scalar(text, line.number), index + 1
        style, chomp = block.groups()
        # The block's own lines, from the raw text: blank lines and '#' lines inside it are its content.
        body: list[str] = []
        for raw in self.raw[line.number :]:
            if raw.strip(_BLANK) and len(raw) - len(raw.lstrip(" ")) <= parent:
                break
            body.append(raw.rstrip(_BLANK))
        end = line.number + len(body)
        while index < len(self.lines) and self.lines[index].number <= end:
            index += 1
        while body and not body[-1]:
            body.pop()
        if not body:
            return "", index
        margin = min(len(text) - len(text.lstrip(" ")) for text in body if text)
        texts = [text[margin:] for text in body]
        value = "\n".join(texts) if style == "|" else _folded(texts)
        return value + ("" if chomp == "-" else "\n"), index


def _folded(texts: list[str]) -> str:
    """Folded style: a line break between two lines is a space, an empty line a newline; more-indented lines
    keep their breaks."""
    out = ""
    previous: str | None = None
    for text in texts:
        if previous is None:
            out = text
        elif not text:
            out += "\n"
        elif not previous:
            out += text
        elif text.startswith(" ") or previous.startswith(" "):
            out += "\n" + text
        else:
            out += " " + text
        previous = text
    return out


def _key(text: str) -> tuple[str, str] | None:
    """``(key, rest of the line)`` when ``text`` starts a mapping entry."""
    quoted = _QUOTED_KEY.match(text)
    if quoted is not None:
        key = _scalar(quoted.group(1), 0)
        return str(key), text[quoted.end() :]
    plain = _PLAIN_KEY.match(text)
    if plain is not None:
        return plain.group(1).strip(_BLANK), text[plain.end() :]
    return None


def _strip_comment(text: str) -> str:
    match = re.search(r"(^|[ \t])#", text)
    return (text[: match.start()] if match else text).rstrip(_BLANK)


def _scalar(text: str, number: int) -> Any:
    if text.startswith('"'):
        value, end = _double_quoted(text, number)
    elif text.startswith("'"):
        value, end = _single_quoted(text, number)
    elif text.startswith(("{", "[")):
        try:
            return json.loads(_strip_comment(text))
        except ValueError:
            raise YamlSubsetError(number, "a flow collection that is not JSON") from None
    else:
        problem = _UNSUPPORTED_START.get(text[:1])
        if problem is not None:
            raise YamlSubsetError(number, f"{problem} are not read here")
        plain = _strip_comment(text)
        if plain in ("", "~", "null", "Null", "NULL"):
            return None
        if plain in ("true", "True", "TRUE"):
            return True
        if plain in ("false", "False", "FALSE"):
            return False
        if _is_item(plain):
            raise YamlSubsetError(number, "a sequence entry after a key")
        if ": " in plain or plain.endswith(":"):
            raise YamlSubsetError(number, "a mapping inside a plain scalar")
        return plain
    if _strip_comment(text[end:]):
        raise YamlSubsetError(number, "text after a quoted scalar")
    return value


def _single_quoted(text: str, number: int) -> tuple[str, int]:
    out, position = [], 1
    while position < len(text):
        char = text[position]
        if char == "'":
            if text[position + 1 : position + 2] == "'":
                out.append("'")
                position += 2
                continue
            return "".join(out), position + 1
        out.append(char)
        position += 1
    raise YamlSubsetError(number, "a single-quoted scalar that does not end on its line")


def _double_quoted(text: str, number: int) -> tuple[str, int]:
    out, position = [], 1
    while position < len(text):
        char = text[position]
        if char == '"':
            return "".join(out), position + 1
        if char != "\\":
            out.append(char)
            position += 1
            continue
        code = text[position + 1 : position + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            position += 2
        elif code in _HEX_ESCAPES:
            digits = text[position + 2 : position + 2 + _HEX_ESCAPES[code]]
            if len(digits) != _HEX_ESCAPES[code] or not re.fullmatch(r"[0-9A-Fa-f]+", digits):
                raise YamlSubsetError(number, f"a bad \\{code} escape")
            out.append(chr(int(digits, 16)))
            position += 2 + len(digits)
        else:
            raise YamlSubsetError(number, f"an unknown escape \\{code}")
    raise YamlSubsetError(number, "a double-quoted scalar that does not end on its line")
