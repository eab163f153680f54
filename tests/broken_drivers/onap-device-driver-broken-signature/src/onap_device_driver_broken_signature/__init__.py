"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover takes an argument the hookspec does not have.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-signature", version="0.0.1", features=frozenset({"basicCapabilities"}))


def _basic(request: DiscoveryRequest) -> dict[str, Any]:
    """A good basicCapabilities record."""
    flavor = request.flavor
    attributes = [
        attribute("numVirtualCpu", max(flavor.vcpus, 1)),
        attribute("virtualMemSize", max(flavor.ram, 1), "MB"),
    ]
    return capability("basicCapabilities", "generic", attributes)


@hookimpl
def hpa_discover(request: DiscoveryRequest, region: str) -> list[dict[str, Any]]:
    """An extra argument: pluggy cannot call it."""
    del region
    return [_basic(request)]
