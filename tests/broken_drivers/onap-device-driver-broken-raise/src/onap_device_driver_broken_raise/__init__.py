"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover raises RuntimeError on every flavor.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-raise", version="0.0.1", features=frozenset({"basicCapabilities"}))


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
    """Raises on every flavor that has extra_specs: not an SDK error, so the host isolates it as a driver fault."""
    if request.extra_specs:
        message = f"cannot handle {request.flavor.id}"
        raise RuntimeError(message)
    return [_basic(request)]
