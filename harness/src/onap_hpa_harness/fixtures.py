"""Typed loader for recorded regions (``fixtures/regions/<name>/``) and hostile requests (``fixtures/hostile/``).

A region directory holds (``fixtures/README.md`` documents the format)::

    region.json                    {"name", "description", "source"}
    vim.json                       the VIM info dict as a MultiCloud plugin holds it (fake password)
    nova/flavors.json              Nova's GET /flavors/detail answer: {"flavors": [...]}
    nova/extra_specs/<id>.json     Nova's GET /flavors/{id}/os-extra_specs answer; <id> percent-encoded
    aai/initial.json               AAI before the sync: {"cloud-region": [...]} (depth=all, no resource-versions)
    aai/expected.json              AAI after a sync with the installed drivers (``onap-hpa fixtures regenerate``)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from onap_hpa.errors import OnapHpaError

__all__ = [
    "FIXTURES_ENV",
    "FixtureError",
    "HostileCase",
    "Region",
    "default_region",
    "extra_specs_file",
    "find_fixtures_root",
    "load_hostile",
    "load_region",
    "region_dirs",
]

#: Environment variable naming the fixtures root (the directory holding ``regions/`` and ``hostile/``).
FIXTURES_ENV: Final = "ONAP_HPA_FIXTURES"
DEFAULT_REGION: Final = Path(__file__).resolve().parent / "regions" / "default"


class FixtureError(OnapHpaError, ValueError):
    """A fixture file is missing or not in the documented format."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"fixture {self.path}: {problem}; see fixtures/README.md for the format")


def extra_specs_file(flavor_id: str) -> str:
    """File name of a flavor's extra_specs: the id percent-encoded (ids may hold spaces, dots, slashes)."""
    return quote(flavor_id, safe="") + ".json"


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(path, "file is missing") from None
    except ValueError as error:
        raise FixtureError(path, f"not JSON ({error})") from None


@dataclass(frozen=True, slots=True)
class Region:
    """One recorded cloud region: what Nova serves, what AAI holds before, and what it should hold after."""

    path: Path
    name: str
    description: str
    viminfo: dict[str, Any]
    flavors: list[dict[str, Any]]
    extra_specs: dict[str, dict[str, str]]
    aai_initial: dict[str, Any]
    aai_expected: dict[str, Any] | None = None
    #: driver name -> version the expected state was generated with
    expected_drivers: dict[str, str] = field(default_factory=dict)

    @property
    def cloud_owner(self) -> str:
        """The region's cloud owner (as in AAI)."""
        return str(self.viminfo["cloud_owner"])

    @property
    def cloud_region_id(self) -> str:
        """The region's cloud region id (as in AAI and Keystone's catalog)."""
        return str(self.viminfo["cloud_region_id"])

    @property
    def credentials(self) -> dict[str, str]:
        """Keystone credentials of the region (fake ones: fixtures never hold real secrets)."""
        vim = self.viminfo
        domain = str(vim.get("domain") or "Default")
        return {
            "username": str(vim.get("userName", "")),
            "password": str(vim.get("password", "")),
            "project": str(vim.get("tenant", "")),
            "user_domain": domain,
            "project_domain": domain,
        }

    def requests(self) -> Iterator[tuple[dict[str, Any], dict[str, str], dict[str, Any]]]:
        """``(flavor, extra_specs, viminfo)`` of every flavor, as a MultiCloud plugin passes them to the host."""
        for flavor in self.flavors:
            yield flavor, self.extra_specs.get(str(flavor["id"]), {}), self.viminfo


def load_region(path: str | os.PathLike[str]) -> Region:
    """Read a region directory; :class:`FixtureError` names the file and what is wrong."""
    root = Path(path)
    meta = _read(root / "region.json")
    viminfo = _read(root / "vim.json")
    for key in ("cloud_owner", "cloud_region_id"):
        if not isinstance(viminfo, dict) or not isinstance(viminfo.get(key), str):
            raise FixtureError(root / "vim.json", f"needs a string {key!r}")
    listing = _read(root / "nova" / "flavors.json")
    if not isinstance(listing, dict) or not isinstance(listing.get("flavors"), list):
        raise FixtureError(root / "nova" / "flavors.json", 'expected {"flavors": [...]}')
    flavors = listing["flavors"]
    extra_specs = {}
    for flavor in flavors:
        flavor_id = str(flavor.get("id"))
        spec_path = root / "nova" / "extra_specs" / extra_specs_file(flavor_id)
        if spec_path.exists():
            specs = _read(spec_path)
            if not isinstance(specs, dict) or not isinstance(specs.get("extra_specs"), dict):
                raise FixtureError(spec_path, 'expected {"extra_specs": {...}}')
            extra_specs[flavor_id] = specs["extra_specs"]
    initial = _read(root / "aai" / "initial.json")
    expected_path = root / "aai" / "expected.json"
    expected = _read(expected_path) if expected_path.exists() else None
    return Region(
        path=root,
        name=str(meta.get("name", root.name)),
        description=str(meta.get("description", "")),
        viminfo=viminfo,
        flavors=flavors,
        extra_specs=extra_specs,
        aai_initial=initial,
        aai_expected={"cloud-region": expected["cloud-region"]} if expected else None,
        expected_drivers=dict(expected.get("drivers", {})) if expected else {},
    )


def default_region() -> Region:
    """The region shipped with the harness: what ``onap-hpa sync`` replays with nothing configured."""
    return load_region(DEFAULT_REGION)


def find_fixtures_root(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The fixtures root: ``$ONAP_HPA_FIXTURES``, else the nearest ``fixtures/`` with ``regions/`` above ``start``."""
    configured = os.environ.get(FIXTURES_ENV)
    if configured:
        return Path(configured)
    here = Path(start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / "fixtures" / "regions").is_dir():
            return directory / "fixtures"
    return None


def region_dirs(root: Path | None) -> list[Path]:
    """Every region directory under ``root/regions`` (sorted), or the packaged default region without a root."""
    if root is None:
        return [DEFAULT_REGION]
    return sorted(path.parent for path in (root / "regions").glob("*/region.json"))


@dataclass(frozen=True, slots=True)
class HostileCase:
    """One malformed request from ``fixtures/hostile/``: the keys that are malformed and why."""

    name: str
    flavor: dict[str, Any]
    extra_specs: dict[str, str]
    vim: dict[str, Any]
    malformed: Mapping[str, str]


def load_hostile(root: Path | None) -> list[HostileCase]:
    """Every hostile case under ``root/hostile`` (one JSON file each), sorted by name."""
    if root is None:
        return []
    cases = []
    for path in sorted((root / "hostile").glob("*.json")):
        data = _read(path)
        if not isinstance(data, dict) or not {"flavor", "extra_specs", "vim", "malformed"} <= data.keys():
            raise FixtureError(path, 'expected {"flavor", "extra_specs", "vim", "malformed"}')
        cases.append(HostileCase(path.stem, data["flavor"], data["extra_specs"], data["vim"], data["malformed"]))
    return cases
