"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: the key it reads, ``acme:widgets``, is in no fixture flavor, so no fixture makes it
emit a record: ``exercised`` (nothing was tested).
"""

from __future__ import annotations

import re
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, ExtraSpecError, attribute, capability, hookimpl

KEY = "acme:widgets"
_VALUE = re.compile(r"^([a-z]{1,20})-([0-9a-f]{4})-([0-9a-f]{4}):([1-9])$")
DRIVER = DriverInfo(
    name="broken-unexercised", version="0.0.1", features=frozenset({"pciePassthrough"}), contract="1.1", reads=(KEY,)
)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One pciePassthrough record per acme:widgets value."""
    value = request.extra_specs.get(KEY)
    if value is None:
        return []
    match = _VALUE.match(value)
    if match is None:
        raise ExtraSpecError(request.flavor.id, KEY, value, "<vendor>-<vendorid>-<deviceid>:<count>")
    vendor, vendor_id, device_id, count = match.groups()
    keys = ("pciCount", "pciVendorId", "pciDeviceId")
    return [
        capability(
            "pciePassthrough", vendor, [attribute(k, v) for k, v in zip(keys, (int(count), vendor_id, device_id))]
        )
    ]
