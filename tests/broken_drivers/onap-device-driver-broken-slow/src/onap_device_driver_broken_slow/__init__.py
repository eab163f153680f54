"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover takes 20 ms on big flavors: within the deadline, over the budget.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-slow", version="0.0.1", features=frozenset({"basicCapabilities"}))


def _basic(request: DiscoveryRequest) -> dict[str, Any]:
    """A good basicCapabilities record."""
    flavor = request.flavor
    attributes = [
        attribute("numVirtualCpu", max(flavor.vcpus, 1)),
        attribute("virtualMemSize", max(flavor.ram, 1), "MB"),
    ]
    return capability("basicCapabilities", "generic", attributes)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Correct records, slowly."""
    import time

    if request.flavor.vcpus >= 16:  # slow on the big flavors only: the rest of the run stays fast
        time.sleep(0.02)
    return [_basic(request)]
