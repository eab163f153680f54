"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_delete_urls returns nothing for the records it creates.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-deleteurls", version="0.0.1", features=frozenset({"basicCapabilities"}))


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
    """Good records."""
    return [_basic(request)]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """Forgets them."""
    del request
    return []
