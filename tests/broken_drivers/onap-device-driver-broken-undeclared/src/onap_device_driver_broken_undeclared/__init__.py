"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: emits sriovNICNetwork but declares basicCapabilities only.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, capability_urls, hookimpl

DRIVER = DriverInfo(name="broken-undeclared", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A feature DRIVER.features does not declare."""
    return [capability("sriovNICNetwork", "intel", [attribute("pciCount", request.flavor.vcpus)])]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """URLs of what hpa_discover creates."""
    return capability_urls(request, DRIVER.name, hpa_discover(request))
