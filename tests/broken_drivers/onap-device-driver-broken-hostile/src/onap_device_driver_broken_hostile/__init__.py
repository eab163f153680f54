"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: fine on the fixtures, raises IndexError on an empty extra_spec value.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, capability_urls, hookimpl

DRIVER = DriverInfo(name="broken-hostile", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Indexes the first character of every value: an empty value raises IndexError."""
    first = [value[0] for value in request.extra_specs.values()]
    del first
    return [capability("basicCapabilities", "generic", [attribute("numVirtualCpu", request.flavor.vcpus)])]


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """URLs of what hpa_discover creates."""
    return capability_urls(request, DRIVER.name, hpa_discover(request))
