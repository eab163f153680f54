"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover never returns.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-hang", version="0.0.1", features=frozenset({"basicCapabilities"}))


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
    """Loops until the host kills its worker, on every flavor that has extra_specs."""
    import time

    while request.extra_specs:
        time.sleep(0.01)
    return [_basic(request)]
