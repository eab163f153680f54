"""Which stored capability records a sync may touch, and which drivers this run could not use.

A sync removes a stored ``hpa-capability`` only when a driver loaded in this run owns it (DESIGN "AAI
ownership"). Ownership is decided per record, from its id alone:

* the host gives every record a UUIDv5 over (cloud owner, region, flavor id, driver, feature, ordinal)
  (:mod:`onap_hpa.ids`), so a stored id that equals one the host computes for a loaded driver is that
  driver's record (``owned``);
* the original monolith wrote random UUIDv4 ids: such a record of a feature a loaded driver declares is
  replaced, since a feature must not appear twice (``monolith``);
* anything else is ``unowned``: a record of a driver that is not loaded this run (blocked, misnamed,
  failing to import, refused, uninstalled), a monolith record of a feature no loaded driver emits, or
  an id of another writer. It is kept and reported; ``--prune`` removes exactly these.

By feature would be wrong: ``pciePassthrough`` comes from both the GPU and the compute-pci drivers.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

if sys.version_info >= (3, 10):
    from importlib.metadata import entry_points
else:  # pragma: no cover - Python 3.9: entry_points(group=...) comes from the backport
    from importlib_metadata import entry_points

from onap_hpa.drivers import BLOCKED, LOADED, DriverRecord
from onap_hpa.hookspecs import ENTRY_POINT_GROUP
from onap_hpa.ids import capability_id
from onap_hpa_host import env
from onap_hpa_host.errors import UnknownDriverError
from onap_hpa_host.host import Fault

__all__ = [
    "LOAD_FAULT",
    "MONOLITH",
    "OWNED",
    "UNOWNED",
    "Ownership",
    "check_driver_names",
    "installed_driver_names",
    "load_faults",
    "unknown_driver_faults",
    "unknown_driver_names",
]

OWNED: Final = "owned"
MONOLITH: Final = "monolith"
UNOWNED: Final = "unowned"
#: Fault kind of a driver that is installed but could not be used this run (import failure, refused).
LOAD_FAULT: Final = "load-failed"
#: Fault kind of a name in ONAP_HPA_DRIVERS / ONAP_HPA_DISABLE that matches no installed driver.
UNKNOWN_DRIVER: Final = "unknown-driver"
#: Flavor id of a fault that concerns every flavor (a driver that did not load).
EVERY_FLAVOR: Final = "*"

_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
#: Ordinals tried beyond the number of records a flavor holds (records deleted by hand leave gaps).
_ORDINAL_SLACK: Final = 16


def uuid_version(value: object) -> int | None:
    """The version nibble of a canonical lower-case RFC 4122 UUID string, else None."""
    if not isinstance(value, str):
        return None
    match = _UUID.fullmatch(value)
    return int(match.group(1), 16) if match else None


def load_faults(drivers: Iterable[DriverRecord]) -> list[Fault]:
    """One fault per driver that is neither loaded nor blocked on purpose (failed, incompatible, refused...)."""
    return [
        Fault(EVERY_FLAVOR, d.name, LOAD_FAULT, f"driver not loaded ({d.status}): {d.error or 'no reason given'}")
        for d in drivers
        if d.status not in (LOADED, BLOCKED)
    ]


@dataclass(frozen=True)
class Verdict:
    """What a sync does with one stored capability that it does not write this run."""

    category: str  #: OWNED, MONOLITH or UNOWNED
    driver: str = ""  #: the owning (or, for UNOWNED, the creating) driver when known

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"category": self.category, "driver": self.driver}


@dataclass(frozen=True)
class Ownership:
    """Ownership of stored capabilities for one region, given the drivers of this run.

    :param loaded: loaded driver name -> the hpa-features it declares.
    :param others: names of drivers found but not loaded (any other status), to name the creator of
        an unowned record.
    """

    cloud_owner: str
    cloud_region_id: str
    loaded: Mapping[str, frozenset[str]]
    others: tuple[str, ...] = ()
    _features: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        features = frozenset().union(*self.loaded.values()) if self.loaded else frozenset()
        object.__setattr__(self, "_features", features)

    @classmethod
    def of(cls, cloud_owner: str, cloud_region_id: str, drivers: Iterable[DriverRecord]) -> Ownership:
        """From the host's driver records."""
        drivers = list(drivers)
        loaded = {d.name: d.features for d in drivers if d.status == LOADED}
        others = tuple(sorted({d.name for d in drivers if d.status != LOADED} - loaded.keys()))
        return cls(cloud_owner, cloud_region_id, loaded, others)

    def features_of(self, drivers: Collection[str]) -> frozenset[str]:
        """Features the given loaded drivers declare."""
        return frozenset().union(*(self.loaded.get(name, frozenset()) for name in drivers))

    def judge(self, flavor_id: str, cap: Mapping[str, Any], stored: list[Mapping[str, Any]]) -> Verdict:
        """Who owns ``cap``, one of the ``stored`` capabilities of ``flavor_id``."""
        cap_id = cap.get("hpa-capability-id")
        feature = cap.get("hpa-feature")
        version = uuid_version(cap_id)
        if version == 5 and isinstance(feature, str):
            ordinals = range(len(stored) + _ORDINAL_SLACK)
            for names, category in ((self.loaded, OWNED), (self.others, UNOWNED)):
                for name in names:
                    for ordinal in ordinals:
                        if (
                            capability_id(self.cloud_owner, self.cloud_region_id, flavor_id, name, feature, ordinal)
                            == cap_id
                        ):
                            return Verdict(category, name)
            return Verdict(UNOWNED)
        if version == 4 and feature in self._features:
            return Verdict(MONOLITH, ",".join(sorted(n for n, f in self.loaded.items() if feature in f)))
        return Verdict(UNOWNED)


def installed_driver_names() -> frozenset[str]:
    """Entry point names of the installed drivers, read from metadata without importing any driver."""
    return frozenset(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))


def unknown_driver_names(installed: Collection[str] | None = None) -> dict[str, list[str]]:
    """Names in ``ONAP_HPA_DRIVERS`` / ``ONAP_HPA_DISABLE`` that match no installed driver, per variable."""
    names = installed_driver_names() if installed is None else frozenset(installed)
    unknown: dict[str, list[str]] = {}
    for variable in (env.DRIVERS, env.DISABLE):
        listed = env.driver_list(variable)
        missing = sorted((listed or frozenset()) - names)
        if missing:
            unknown[variable] = missing
    return unknown


def describe_unknown(unknown: Mapping[str, list[str]]) -> str:
    """``$VAR names 'a', 'b'`` for each variable, joined."""
    return "; ".join(f"${variable} names {', '.join(map(repr, names))}" for variable, names in unknown.items())


def check_driver_names(installed: Collection[str] | None = None) -> None:
    """Raise :class:`UnknownDriverError` when a driver variable names a driver that is not installed."""
    names = installed_driver_names() if installed is None else frozenset(installed)
    unknown = unknown_driver_names(names)
    if unknown:
        have = ", ".join(sorted(names)) or "none"
        raise UnknownDriverError(
            unknown, describe_unknown(unknown), "but no installed driver has that name", f"driver names among: {have}"
        )


def unknown_driver_faults(error: UnknownDriverError) -> list[Fault]:
    """One alarming fault per driver name that matches no installed driver."""
    return [
        Fault(EVERY_FLAVOR, name, UNKNOWN_DRIVER, f"${variable} names {name!r} but no installed driver has that name")
        for variable, names in error.unknown.items()
        for name in names
    ]
