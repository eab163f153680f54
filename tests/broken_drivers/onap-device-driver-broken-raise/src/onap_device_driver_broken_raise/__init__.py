"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: hpa_discover raises RuntimeError on every flavor.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, hookimpl

DRIVER = DriverInfo(name="broken-raise", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Raises: not an SDK error, so the host isolates it as a driver fault."""
    message = f"cannot handle {request.flavor.id}"
    raise RuntimeError(message)
