"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover takes 20 ms on big flavors: within the deadline, over the budget.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, capability_urls, hookimpl

DRIVER = DriverInfo(name="broken-slow", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Correct records, slowly."""
    import time

    if request.flavor.vcpus >= 16:  # slow on the big flavors only: the rest of the run stays fast
        time.sleep(0.02)
    return [capability("basicCapabilities", "generic", [attribute("numVirtualCpu", request.flavor.vcpus)])]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """URLs of what hpa_discover creates."""
    return capability_urls(request, DRIVER.name, hpa_discover(request))
