"""Pure parsing of ``aggregate_instance_extra_specs:sriov_nic``: extra_specs in, facts or an error out.

The value is ``<name>:<count>`` with ``<name>`` = ``sriov-nic-<vendorname>-<vendorid>-<deviceid>-<physnet>``,
split into at most six dash-separated fields so that the physnet may itself hold dashes:
``sriov-nic-intel-8086-15b3-physnet-1:1`` is one Intel 8086:15b3 VF on ``physnet-1``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from onap_hpa import ExtraSpecError
from onap_hpa.extra_specs import MAX_VALUE, parse_count, parse_pci_device

__all__ = ["KEY", "SriovNic", "parse"]

KEY: Final = "aggregate_instance_extra_specs:sriov_nic"
EXPECTED: Final = "sriov-nic-<vendorname>-<vendorid>-<deviceid>-<physnet>:<count>"


@dataclass(frozen=True)
class SriovNic:
    """One SR-IOV NIC request: ``count`` VFs of vendor:device on ``physnet``."""

    vendor_name: str
    vendor_id: str
    device_id: str
    physnet: str
    count: int


def parse(flavor_id: str, extra_specs: Mapping[str, str]) -> SriovNic | None:
    """The flavor's SR-IOV NIC request, None without the key, :class:`ExtraSpecError` if malformed."""
    value = extra_specs.get(KEY)
    if value is None:
        return None
    nic = _read(value)
    if isinstance(nic, str):
        raise ExtraSpecError(flavor_id, KEY, value, nic)
    return nic


# The flavors of a region share a few values: read each once (facts, or what was expected instead).
@lru_cache(maxsize=1024)
def _read(value: str) -> SriovNic | str:
    name, colon, count = value.rpartition(":")
    # One NAME:COUNT only: a second entry ("a:1,b:2") would otherwise land inside the physnet.
    if not colon or ":" in name or "," in name or len(value) > MAX_VALUE:
        return f"{EXPECTED} (at most {MAX_VALUE} characters)"
    try:
        device = parse_pci_device("", KEY, value, name, rest=True)
        number = parse_count("", KEY, count)
    except ExtraSpecError as error:
        return f"{EXPECTED}: {error.expected}"
    return SriovNic(device.vendor_name, device.vendor_id, device.device_id, device.rest, number)
