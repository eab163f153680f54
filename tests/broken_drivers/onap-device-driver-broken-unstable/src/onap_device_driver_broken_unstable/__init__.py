"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover returns a different value on every call.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-unstable", version="0.0.1", features=frozenset({"basicCapabilities"}))

_calls = iter(range(1, 10**9))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A counter in the output: never the same twice."""
    return [
        capability(
            "basicCapabilities",
            "generic",
            [attribute("numVirtualCpu", next(_calls)), attribute("virtualMemSize", max(request.flavor.ram, 1), "MB")],
        )
    ]
