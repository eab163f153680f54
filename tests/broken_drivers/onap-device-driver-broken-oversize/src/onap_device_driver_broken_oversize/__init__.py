"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover returns more than 1500 bytes.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, capability_urls, hookimpl

DRIVER = DriverInfo(name="broken-oversize", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One record with 40 long attributes."""
    del request
    return [capability("basicCapabilities", "generic", [attribute(f"key{i}", "x" * 40) for i in range(40)])]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """URLs of what hpa_discover creates."""
    return capability_urls(request, DRIVER.name, hpa_discover(request))
