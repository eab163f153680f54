"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover returns more than 1500 bytes.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, capability, hookimpl, pci_attributes

DRIVER = DriverInfo(name="broken-oversize", version="0.0.1", features=frozenset({"pciePassthrough"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Twelve valid records: far more than 1500 bytes."""
    del request
    return [capability("pciePassthrough", "acme", pci_attributes(1, "1d0f", f"{i:04x}")) for i in range(12)]
