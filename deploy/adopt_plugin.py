"""Point an ONAP MultiCloud OpenStack plugin's flavor registration at onap-hpa (docs/adopting.md).

    python3 adopt_plugin.py SHARE_DIR [SHARE_DIR...] [--check]

SHARE_DIR is the plugin's shared code: ``share/`` in a multicloud-openstack checkout, or
``/opt/<plugin>/lib/share`` inside a plugin image (what ``deploy/Dockerfile`` passes). Two changes, each
made only where the code is as the current plugins have it, each idempotent:

1. ``newton_base/registration/registration.py`` (newton, ocata, lenovo, and through ``starlingx_base``
   the starlingx and windriver plugins): the body of ``RegistryHelper._get_hpa_capabilities(self, data)``,
   which builds every feature inline, becomes one call of ``hpa.hpa_discovery.HPADiscovery()`` - the
   ``onaphpadriver`` package, which onaphpadriver 2.x backs with the installed drivers.
2. ``newton_base/registration/registration_driver.py`` (the pike plugin): the loop that calls
   ``get_hpa_capabilities`` once per extra_spec *key* and appends each whole result (a list) to the
   flavor's capabilities becomes one call per flavor whose result is the capabilities.

Exit status: 0 when both files are adopted (now or before), 1 when a file is missing or its code is not
in the expected shape (the plugin changed: adopt it by hand, see docs/adopting.md), 2 for bad usage.
``--check`` changes nothing and exits 1 when something is still to adopt. Runs on Python 3.9 (the plugin
images' Python).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REGISTRATION = Path("newton_base") / "registration" / "registration.py"
REGISTRATION_DRIVER = Path("newton_base") / "registration" / "registration_driver.py"
MARK = "onap-hpa"

#: The new body of RegistryHelper._get_hpa_capabilities (indented for a method of a class).
CAPABILITIES_BODY = """\
        # onap-hpa: the flavor's hpa-capability records from the installed onap-device-driver-* wheels,
        # through onaphpadriver 2.x (stable ids, per-driver fault isolation, faults raised as VES alarms).
        from hpa import hpa_discovery

        viminfo = data.get("viminfo") or {}
        request = dict(data, vimtype=data.get("vimtype") or viminfo.get("version"))
        return hpa_discovery.HPADiscovery().get_hpa_capabilities(request)
"""

_DEF = re.compile(r"^(?P<indent>[ \t]+)def _get_hpa_capabilities\(self, data\):[ \t]*\n", re.MULTILINE)
_PIKE_LOOP = re.compile(
    r"^(?P<indent>[ \t]+)for (?P<var>\w+) in extraResp:[ \t]*\n"
    r"[ \t]+data = (?P<data>\{[^\n]*\})[ \t]*\n"
    r"[ \t]+hpa_capability = hpa\.get_hpa_capabilities\(data\)[ \t]*\n"
    r"[ \t]+hpa_capabilities\.append\(hpa_capability\)[ \t]*\n",
    re.MULTILINE,
)


def adopt_registration(text: str) -> tuple[str, str]:
    """``text`` of registration.py with the drivers behind ``_get_hpa_capabilities``; and what was done."""
    match = _DEF.search(text)
    if match is None:
        return text, "error: no `def _get_hpa_capabilities(self, data):` method"
    indent = match.group("indent")
    start = match.end()
    # The body ends at the next line indented like the def (or less) that is not blank or a comment.
    end_pattern = re.compile("^(?!" + re.escape(indent) + r"[ \t])(?=[ \t]*[^\s#])", re.MULTILINE)
    following = end_pattern.search(text, start)
    end = following.start() if following else len(text)
    body = text[start:end]
    if "hpa_discovery.HPADiscovery()" in body and MARK in body:
        return text, "already adopted"
    if "return" not in body:
        return text, "error: `_get_hpa_capabilities` has no return: not the shape this script knows"
    gap = body[len(body.rstrip()) :]  # the line end and blank lines before what follows
    new_body = _reindent(CAPABILITIES_BODY, indent + "    ").rstrip() + gap
    return text[:start] + new_body + text[end:], "adopted: _get_hpa_capabilities calls hpa_discovery"


def adopt_registration_driver(text: str) -> tuple[str, str]:
    """``text`` of registration_driver.py with one ``get_hpa_capabilities`` call per flavor; and what was done."""
    if f"once per flavor ({MARK})" in text:
        return text, "already adopted"
    match = _PIKE_LOOP.search(text)
    if match is None:
        return text, "error: no per-extra_spec `get_hpa_capabilities` loop in the shape this script knows"
    indent = match.group("indent")
    data = match.group("data").replace('"extra_specs": extraResp', '"extra_specs": extraResp or {}')
    fixed = (
        f"{indent}# the whole list of the flavor's capabilities, once per flavor ({MARK})\n"
        f"{indent}data = {data}\n"
        f"{indent}hpa_capabilities = hpa.get_hpa_capabilities(data)\n"
    )
    return text[: match.start()] + fixed + text[match.end() :], "adopted: one get_hpa_capabilities call per flavor"


def _reindent(block: str, indent: str) -> str:
    return "".join(indent + line[8:] if line.strip() else line for line in block.splitlines(keepends=True))


def adopt(share: Path, *, check: bool = False) -> list[tuple[Path, str]]:
    """Adopt both files under ``share``; returns ``(file, outcome)`` per file (outcomes starting ``error``)."""
    results: list[tuple[Path, str]] = []
    for relative, change in ((REGISTRATION, adopt_registration), (REGISTRATION_DRIVER, adopt_registration_driver)):
        path = share / relative
        if not path.is_file():
            results.append((path, "error: file not found"))
            continue
        text = path.read_text(encoding="utf-8")
        new, outcome = change(text)
        if check and new != text:
            outcome = "to adopt (--check: unchanged)"
        elif new != text:
            path.write_text(new, encoding="utf-8")
        results.append((path, outcome))
    return results


def main(argv: list[str] | None = None) -> int:
    """The command line; see the module's docstring."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    shares = [Path(arg) for arg in args if arg != "--check"]
    if not shares or any(arg.startswith("-") and arg != "--check" for arg in args):
        sys.stderr.write(__doc__ or "")
        return 2
    failed = False
    for share in shares:
        for path, outcome in adopt(share, check=check):
            sys.stdout.write(f"{path}: {outcome}\n")
            failed = failed or outcome.startswith(("error", "to adopt"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
