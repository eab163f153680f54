"""The immutable discovery request a driver receives: flavor, extra_specs and a credential-free VIM view.

The host builds it from what a MultiCloud plugin already holds (the Nova flavor, its extra_specs and
the plugin's VIM info dict, HPA-REFERENCE §2), so the plugin passes its data unchanged and no
password, user name or token ever reaches a driver. A flavor of a Kubernetes cloud region (a node
profile) also carries the node part, :class:`NodeView` (contract 1.2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final

from onap_hpa.errors import RequestError
from onap_hpa.ids import key_problem

__all__ = ["DiscoveryRequest", "FlavorView", "NodeView", "VimView", "is_secret_key"]

#: Placeholder selflink MultiCloud writes when Nova gives no link (AAI requires the field).
DEFAULT_SELFLINK: Final = "http://0.0.0.0"

_SECRET_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|credential|auth|user_?name|login|api_?key|private|"
    r"cert|signature|session|cookie",
    re.IGNORECASE,
)
_EMPTY: Final[Mapping[str, Any]] = MappingProxyType({})
#: A lone surrogate: what a JSON ``\ud800`` escape decodes to, and no UTF-8 text can carry.
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
#: Bounds on ``cloud_extra_info`` (HPA-REFERENCE §2: a small JSON object MultiCloud keeps in AAI).
#: Past them it is refused as a whole, which only the drivers that read it see (``bad-input``).
MAX_EXTRA_CHARS: Final = 64 * 1024
MAX_EXTRA_DEPTH: Final = 32
MAX_EXTRA_NODES: Final = 10_000
_JSON_SPECIALS: Final = re.compile(r'[\[\]{}"\\]')


def is_secret_key(key: str) -> bool:
    """True for keys that may hold credentials; their values never reach a driver or a log."""
    return bool(_SECRET_KEY.search(key))


def _freeze(value: Any) -> Any:
    """Deep read-only copy of parsed JSON, with secret-looking keys removed."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items() if not is_secret_key(str(k))})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    return value


@dataclass(frozen=True)
class FlavorView:
    """The Nova flavor fields discovery uses, with Nova's types normalised (sizes as ``int``)."""

    id: str
    name: str
    vcpus: int
    ram: int  #: MB
    disk: int  #: GB
    ephemeral: int  #: GB (``OS-FLV-EXT-DATA:ephemeral``)
    swap: int  #: MB; Nova's ``""`` (no swap) is 0
    swap_raw: str  #: ``swap`` as Nova wrote it, as a string (AAI's ``flavor-swap``)
    is_public: bool
    disabled: bool
    selflink: str

    @classmethod
    def from_nova(cls, flavor: object) -> FlavorView:
        """Read a flavor as Nova's ``GET /flavors/detail`` returns it; :class:`RequestError` if not."""
        if not isinstance(flavor, Mapping):
            raise RequestError("<unknown>", "flavor", flavor, "a JSON object (the Nova flavor)")
        raw_id = flavor.get("id")
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or raw_id == "":
            raise RequestError("<unknown>", "flavor.id", raw_id, "a non-empty string")
        flavor_id = str(raw_id)
        problem = key_problem(flavor_id)
        if problem is not None:
            raise RequestError("<unknown>", "flavor.id", raw_id, f"an id AAI can hold (this one {problem})")
        name = flavor.get("name")
        if not isinstance(name, str) or (not name.isascii() and _SURROGATE.search(name)):
            raise RequestError(flavor_id, "flavor.name", name, "a string of Unicode text")
        swap = flavor.get("swap", "")
        selflink = _selflink(flavor.get("links"))
        if not selflink.isascii() and _SURROGATE.search(selflink):
            raise RequestError(flavor_id, "flavor.links", selflink, "links of Unicode text")
        return cls(
            id=flavor_id,
            name=name,
            vcpus=_count(flavor_id, "vcpus", flavor.get("vcpus"), minimum=1),
            ram=_count(flavor_id, "ram", flavor.get("ram"), minimum=1),
            disk=_count(flavor_id, "disk", flavor.get("disk", 0)),
            ephemeral=_count(flavor_id, "OS-FLV-EXT-DATA:ephemeral", flavor.get("OS-FLV-EXT-DATA:ephemeral", 0)),
            swap=0 if swap in ("", None) else _count(flavor_id, "swap", swap),
            swap_raw="" if swap is None else str(swap),
            is_public=_flag(flavor_id, flavor, "os-flavor-access:is_public", default=True),
            disabled=_flag(flavor_id, flavor, "OS-FLV-DISABLED:disabled", default=False),
            selflink=selflink,
        )


#: Nova stores flavor sizes as 32-bit integers and its API refuses anything larger.
_NOVA_MAX: Final = 2**31 - 1


def _count(flavor_id: str, field: str, value: object, *, minimum: int = 0) -> int:
    # Nova's flavor schema: vcpus and ram are positive, disk, ephemeral and swap non-negative.
    if type(value) is int and minimum <= value <= _NOVA_MAX:
        return value
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.strip().isdigit() and len(value) < 20:
        number = int(value)
    if number is None or not minimum <= number <= _NOVA_MAX:
        expected = f"an integer from {minimum} to {_NOVA_MAX} (as Nova stores it)"
        raise RequestError(flavor_id, f"flavor.{field}", value, expected)
    return number


def _flag(flavor_id: str, flavor: Mapping[str, Any], field: str, *, default: bool) -> bool:
    value = flavor.get(field, default)
    if not isinstance(value, bool):
        raise RequestError(flavor_id, f"flavor.{field}", value, "true or false")
    return value


def _selflink(links: object) -> str:
    if isinstance(links, list):
        hrefs = [link for link in links if isinstance(link, Mapping) and isinstance(link.get("href"), str)]
        for link in hrefs:
            if link.get("rel") == "self" and link["href"]:
                return str(link["href"])
        if hrefs and hrefs[0]["href"]:
            return str(hrefs[0]["href"])
    return DEFAULT_SELFLINK


@dataclass(frozen=True)
class VimView:
    """The cloud region as a driver sees it: identity, VIM type and parsed ``cloud_extra_info``.

    ``cloud_extra_info`` is the parsed JSON object (read-only, secret-looking keys removed), or
    ``None`` when the VIM info has none. When the plugin's string is not a JSON object,
    ``cloud_extra_info`` is ``None`` and ``cloud_extra_info_error`` says why (never the raw text,
    which may hold secrets).
    """

    cloud_owner: str
    cloud_region_id: str
    vim_type: str = ""
    version: str = ""
    name: str = ""
    cloud_extra_info: Mapping[str, Any] | None = None
    cloud_extra_info_error: str | None = None

    @classmethod
    def from_viminfo(cls, viminfo: object, *, vimtype: str | None = None) -> VimView:
        """Build the view from the MultiCloud plugin's VIM info dict, taken as it is."""
        if not isinstance(viminfo, Mapping):
            raise RequestError("<unknown>", "vim", type(viminfo).__name__, "the plugin's VIM info object")
        owner, region = viminfo.get("cloud_owner"), viminfo.get("cloud_region_id")
        vim_id = viminfo.get("vimId")
        if (not owner or not region) and isinstance(vim_id, str) and "_" in vim_id:
            owner, _, region = vim_id.partition("_")  # MultiCloud's vim id is "<owner>_<region>"
        for field, value in (("cloud_owner", owner), ("cloud_region_id", region)):
            if not isinstance(value, str) or not value or _SURROGATE.search(value):
                raise RequestError("<unknown>", f"vim.{field}", value, "a non-empty string of Unicode text")
        vim_type = vimtype if vimtype is not None else viminfo.get("type", "")
        extra = viminfo.get("cloud_extra_info")
        text = {
            "vim_type": vim_type,
            "version": viminfo.get("version", ""),
            "name": viminfo.get("name", ""),
        }
        for field, value in text.items():
            if not isinstance(value, str):
                text[field] = "" if value is None else str(value)
        if isinstance(extra, str) or extra is None:
            return _cached_view(str(owner), str(region), *text.values(), extra)
        parsed, error = _parse_extra(extra)
        return cls(str(owner), str(region), *text.values(), parsed, error)


@lru_cache(maxsize=256)
def _cached_view(owner: str, region: str, vim_type: str, version: str, name: str, extra: str | None) -> VimView:
    # Every flavor of a region carries the same VIM info: parse its cloud_extra_info once.
    parsed, error = _parse_extra(extra)
    return VimView(owner, region, vim_type, version, name, parsed, error)


def _parse_extra(extra: object) -> tuple[Mapping[str, Any] | None, str | None]:
    if extra is None or (isinstance(extra, str) and not extra.strip()):
        return None, None
    problem = _text_problem(extra) if isinstance(extra, str) else _tree_problem(extra)
    if problem is not None:
        return None, problem
    if isinstance(extra, str):
        try:
            extra = json.loads(extra)
        except (ValueError, RecursionError) as error:
            return None, f"is not valid JSON ({type(error).__name__} at position {getattr(error, 'pos', '?')})"
    if not isinstance(extra, Mapping):
        return None, f"is a JSON {type(extra).__name__}, not an object"
    frozen = _freeze(extra)
    try:
        json.dumps(frozen, default=dict, ensure_ascii=False).encode()
    except (TypeError, ValueError) as error:  # UnicodeEncodeError is a ValueError
        return None, f"holds values that are not JSON text ({type(error).__name__})"
    return frozen, None


def _text_problem(text: str) -> str | None:
    """Why JSON ``text`` is past the bounds (size, nesting depth), checked before it is parsed."""
    if len(text) > MAX_EXTRA_CHARS:
        return f"is {len(text)} characters long, more than {MAX_EXTRA_CHARS}"
    # One linear pass over the characters that matter: brackets count outside strings only.
    depth = 0
    in_string = False
    skip = -1
    for match in _JSON_SPECIALS.finditer(text):
        position = match.start()
        if position == skip:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                skip = position + 1  # the escaped character, whatever it is
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_EXTRA_DEPTH:
                return f"is nested deeper than {MAX_EXTRA_DEPTH} levels"
        elif char in "]}":
            depth -= 1
    return None


def _tree_problem(value: object) -> str | None:
    """The same bounds for ``cloud_extra_info`` the plugin passes already parsed (iterative: no recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    nodes = chars = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_EXTRA_NODES:
            return f"holds more than {MAX_EXTRA_NODES} values"
        if isinstance(item, Mapping):
            children: list[object] = []
            for key, child in item.items():
                chars += len(str(key))
                children.append(child)
        elif isinstance(item, (list, tuple)):
            children = list(item)
        else:
            chars += len(item) if isinstance(item, str) else 8
            children = []
        if chars > MAX_EXTRA_CHARS:
            return f"is larger than {MAX_EXTRA_CHARS} characters"
        if children:
            if depth >= MAX_EXTRA_DEPTH:
                return f"is nested deeper than {MAX_EXTRA_DEPTH} levels"
            stack.extend((child, depth + 1) for child in children)
    return None


#: The node part's string maps, in the order the protocol writes them.
NODE_MAPS: Final = ("labels", "annotations", "capacity", "allocatable")
#: Most characters (keys and values together) a node part may hold: the facts the drivers read, never a
#: whole node object. Past it the request is refused, so that one request line stays far below the
#: protocol's 1 MiB.
MAX_NODE_CHARS: Final = 256 * 1024


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    # Sorted by key: the protocol's bytes (and a Go driver's view of them) do not depend on insertion order.
    return MappingProxyType(dict(sorted(value.items()))) if value else _EMPTY


@dataclass(frozen=True)
class NodeView:
    """The Kubernetes part of a request: the facts of one node profile (contract 1.2).

    A Kubernetes cloud region's flavors are node profiles: every node of the cluster with the same
    HPA-relevant facts (the labels, annotations, allocatable and capacity resources and
    node-feature-discovery attribute sets the installed drivers declare in ``DriverInfo.reads`` as
    ``node.<part>/<key>``). The host gives a driver those facts and nothing else about the nodes.

    Every map is read-only, sorted by key, and empty when the node part has none:

    * ``labels``, ``annotations``: ``str -> str`` (node-feature-discovery's
      ``feature.node.kubernetes.io/*`` labels among them);
    * ``capacity``, ``allocatable``: resource name -> Kubernetes quantity string, normalised by the host
      (``cpu`` in whole cores, ``memory`` and ``hugepages-*`` in whole MiB as ``"<n>Mi"``, other
      resources as whole counts; a value that is not a quantity is passed as written);
    * ``features``: node-feature-discovery NodeFeature attribute sets, ``"<source>.<feature>"`` ->
      element -> value, e.g. ``{"memory.numa": {"is_numa": "true", "node_count": "2"}}``.

    There is no node name: a profile stands for many nodes, and what a driver discovers must not depend
    on which of them it is.
    """

    labels: Mapping[str, str] = _field(default_factory=lambda: _EMPTY)
    annotations: Mapping[str, str] = _field(default_factory=lambda: _EMPTY)
    capacity: Mapping[str, str] = _field(default_factory=lambda: _EMPTY)
    allocatable: Mapping[str, str] = _field(default_factory=lambda: _EMPTY)
    features: Mapping[str, Mapping[str, str]] = _field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        # Built from plain dicts (tests, a plugin): freeze and sort them like build() does. Not checked:
        # build() is the checked way in.
        for name in NODE_MAPS:
            value = getattr(self, name)
            if type(value) is not MappingProxyType:
                object.__setattr__(self, name, _frozen_map(dict(value)))
        sets = self.features
        if type(sets) is not MappingProxyType or any(type(v) is not MappingProxyType for v in sets.values()):
            frozen = {key: _frozen_map(dict(value)) for key, value in sorted(sets.items())}
            object.__setattr__(self, "features", MappingProxyType(frozen) if frozen else _EMPTY)

    @classmethod
    def build(cls, node: object, *, flavor_id: str = "<unknown>") -> NodeView:
        """Validate and freeze a node part (the protocol's ``node`` object); :class:`RequestError` if not."""
        if isinstance(node, NodeView):
            return node
        if not isinstance(node, Mapping):
            raise RequestError(flavor_id, "node", type(node).__name__, "an object (the Kubernetes node part)")
        chars = 0
        maps: dict[str, Mapping[str, str]] = {}
        for name in NODE_MAPS:
            value = node.get(name)
            checked, size = _string_map(flavor_id, f"node.{name}", value)
            maps[name] = _frozen_map(checked)
            chars += size
        raw = node.get("features")
        if raw is not None and not isinstance(raw, Mapping):
            raise RequestError(flavor_id, "node.features", type(raw).__name__, "an object of attribute sets")
        sets: dict[str, Mapping[str, str]] = {}
        for set_name, elements in sorted((raw or {}).items()):
            if not isinstance(set_name, str) or _SURROGATE.search(set_name):
                raise RequestError(flavor_id, "node.features", set_name, "attribute set names of Unicode text")
            checked, size = _string_map(flavor_id, f"node.features[{set_name!r}]", elements, required=True)
            sets[set_name] = _frozen_map(checked)
            chars += size + len(set_name)
        if chars > MAX_NODE_CHARS:
            raise RequestError(
                flavor_id, "node", f"{chars} characters", f"at most {MAX_NODE_CHARS} characters of facts"
            )
        return cls(features=MappingProxyType(sets) if sets else _EMPTY, **maps)


def _string_map(flavor_id: str, where: str, value: object, *, required: bool = False) -> tuple[Mapping[str, str], int]:
    """``value`` checked as an object of strings (None: empty unless ``required``), and its size in characters."""
    if value is None and not required:
        return _EMPTY, 0
    if not isinstance(value, Mapping):
        raise RequestError(flavor_id, where, type(value).__name__, "an object of strings")
    size = 0
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise RequestError(flavor_id, f"{where}[{key!r}]", item, "a string value")
        if _SURROGATE.search(key) or _SURROGATE.search(item):
            raise RequestError(flavor_id, f"{where}[{key!r}]", item, "Unicode text (no lone surrogates)")
        size += len(key) + len(item)
    return value, size


@dataclass(frozen=True)
class DiscoveryRequest:
    """One flavor to discover: what every driver's ``hpa_discover`` receives. Immutable.

    ``node`` is the Kubernetes node part of a node profile (a flavor of a Kubernetes cloud region), or
    None for a Nova flavor.

    .. versionchanged:: 1.2 ``node``.
    """

    flavor: FlavorView
    extra_specs: Mapping[str, str]
    vim: VimView
    node: NodeView | None = None

    @classmethod
    def build(
        cls, flavor: object, extra_specs: object, vim: object, *, vimtype: str | None = None, node: object = None
    ) -> DiscoveryRequest:
        """Validate and freeze plugin data; raise :class:`RequestError` naming the bad field.

        ``node``: the Kubernetes node part (a :class:`NodeView`, or its protocol object), or None.
        """
        view = FlavorView.from_nova(flavor)
        specs = _extra_specs(view.id, extra_specs)
        node_view = NodeView.build(node, flavor_id=view.id) if node is not None else None
        if isinstance(vim, VimView):
            return cls(view, specs, vim, node_view)
        try:
            vim_view = VimView.from_viminfo(vim, vimtype=vimtype)
        except RequestError as error:
            raise RequestError(view.id, error.field, error.value, error.expected) from None
        return cls(view, specs, vim_view, node_view)


def _extra_specs(flavor_id: str, extra_specs: object) -> Mapping[str, str]:
    if extra_specs is None:
        return _EMPTY
    if type(extra_specs) is dict and all(type(key) is str and type(value) is str for key, value in extra_specs.items()):
        # The usual case, checked in one pass: ASCII text cannot hold a lone surrogate.
        text = "".join(extra_specs) + "".join(extra_specs.values())
        if text.isascii() or not _SURROGATE.search(text):
            return MappingProxyType(dict(extra_specs))
    if not isinstance(extra_specs, Mapping):
        raise RequestError(flavor_id, "extra_specs", type(extra_specs).__name__, "an object of strings")
    for key, value in extra_specs.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise RequestError(flavor_id, f"extra_specs[{key!r}]", value, "a string value")
        if _SURROGATE.search(key) or _SURROGATE.search(value):
            raise RequestError(flavor_id, f"extra_specs[{key!r}]", value, "Unicode text (no lone surrogates)")
    return MappingProxyType(dict(extra_specs))
