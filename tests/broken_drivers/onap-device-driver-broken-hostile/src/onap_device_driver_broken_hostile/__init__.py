"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: fine on the fixtures, raises IndexError on an empty extra_spec value.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-hostile", version="0.0.1", features=frozenset({"basicCapabilities"}))


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
    """Indexes the first character of every value: an empty value raises IndexError."""
    first = [value[0] for value in request.extra_specs.values()]
    del first
    return [_basic(request)]
