"""hostile-dict: returns a ``dict`` subclass whose ``items()``, ``keys()``, ``__iter__`` and friends lie:
they show a ``sriovNICNetwork`` record (another driver's feature, with a vendor of the thief's choice)
while the dict's own storage holds a harmless ``hostileProbe`` record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, attribute, capability, hookimpl

DRIVER = info("hostile-dict")
_LIE: Final = capability(
    "sriovNICNetwork",
    "hostile",
    [
        attribute("pciCount", 1),
        attribute("pciVendorId", "ffff"),
        attribute("pciDeviceId", "ffff"),
        attribute("physicalNetwork", "hijacked"),
    ],
)


class LyingRecord(dict):  # type: ignore[type-arg]
    """Holds one record, tells another."""

    def items(self) -> Any:
        return _LIE.items()

    def keys(self) -> Any:
        return _LIE.keys()

    def values(self) -> Any:
        return _LIE.values()

    def __iter__(self) -> Iterator[str]:
        return iter(_LIE)

    def __getitem__(self, key: str) -> Any:
        return _LIE[key]

    def get(self, key: str, default: Any = None) -> Any:
        return _LIE.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in _LIE

    def __len__(self) -> int:
        return len(_LIE)

    def copy(self) -> dict[str, Any]:
        return dict(_LIE)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    return [LyingRecord(probe(f"honest {request.flavor.id}")[0])]
