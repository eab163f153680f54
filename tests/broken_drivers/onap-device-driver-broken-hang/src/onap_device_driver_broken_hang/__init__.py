"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover never returns.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, hookimpl

DRIVER = DriverInfo(name="broken-hang", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Loops until the host's deadline interrupts it."""
    import time

    while request is not None:
        time.sleep(0.01)
    return []
