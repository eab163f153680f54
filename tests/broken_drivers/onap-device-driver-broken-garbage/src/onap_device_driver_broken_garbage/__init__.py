"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover returns records AAI cannot take.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, hookimpl

DRIVER = DriverInfo(name="broken-garbage", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A record whose attribute values are bare number strings: OOF would raise on them."""
    attributes = [
        {"hpa-attribute-key": "numVirtualCpu", "hpa-attribute-value": str(max(request.flavor.vcpus, 1))},
        {"hpa-attribute-key": "virtualMemSize", "hpa-attribute-value": str(max(request.flavor.ram, 1))},
    ]
    return [
        {
            "hpa-feature": "basicCapabilities",
            "architecture": "generic",
            "hpa-version": "v1",
            "hpa-feature-attributes": attributes,
        }
    ]
