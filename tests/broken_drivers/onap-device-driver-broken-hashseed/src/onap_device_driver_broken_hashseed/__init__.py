"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: record order follows set iteration: stable in one process, not across processes.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, capability_urls, hookimpl

_FEATURES = {"basicCapabilities", "localStorage", "numa", "hugePages", "cpuPinning"}

DRIVER = DriverInfo(name="broken-hashseed", version="0.0.1", features=frozenset(_FEATURES))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One record per feature, in set order (which depends on PYTHONHASHSEED)."""
    return [capability(feature, "generic", [attribute("n", request.flavor.vcpus)]) for feature in _FEATURES]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """URLs of what hpa_discover creates."""
    return capability_urls(request, DRIVER.name, hpa_discover(request))
