"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover returns records AAI cannot take.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, capability_urls, hookimpl

DRIVER = DriverInfo(name="broken-garbage", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A record whose attribute value is a bare number string: OOF would raise on it."""
    del request
    return [
        {
            "hpa-feature": "basicCapabilities",
            "architecture": "generic",
            "hpa-version": "v1",
            "hpa-feature-attributes": [{"hpa-attribute-key": "numVirtualCpu", "hpa-attribute-value": "4"}],
        }
    ]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """URLs of what hpa_discover creates."""
    return capability_urls(request, DRIVER.name, hpa_discover(request))
