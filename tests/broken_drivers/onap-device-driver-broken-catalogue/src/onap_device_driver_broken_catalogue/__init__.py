"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: its sriovNICNetwork records spell two keys wrong (``pciVendorID``, ``pcicount``).
They are valid AAI records, so nothing in ONAP complains, but OOF never matches them: ``catalogue``.
"""

from __future__ import annotations

import re
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

KEY = "aggregate_instance_extra_specs:sriov_nic"
_VALUE = re.compile(
    r"^sriov-nic-([A-Za-z0-9][A-Za-z0-9_.]{0,63})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})-(.+):0*([1-9][0-9]{0,3})$"
)


def _nic(request: DiscoveryRequest) -> tuple[str, ...] | None:
    match = _VALUE.match(request.extra_specs.get(KEY, ""))
    return match.groups() if match else None


DRIVER = DriverInfo(
    name="broken-catalogue", version="0.0.1", features=frozenset({"sriovNICNetwork"}), contract="1.1", reads=(KEY,)
)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """sriovNICNetwork records with two keys misspelt."""
    nic = _nic(request)
    if nic is None:
        return []
    vendor, vendor_id, device_id, physnet, count = nic
    keys = ("pcicount", "pciVendorID", "pciDeviceId", "physicalNetwork")
    values = (int(count), vendor_id, device_id, physnet)
    return [capability("sriovNICNetwork", vendor, [attribute(k, v) for k, v in zip(keys, values)])]
