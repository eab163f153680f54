"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: it is fast only while it sees the gate (``hypothesis``, ``pytest`` or the harness
imported next to it) and takes 10 ms per flavor otherwise, as in production. Its worker imports none of
them: ``budget``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-gateaware", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


def _basic(request: DiscoveryRequest) -> dict[str, Any]:
    """A good basicCapabilities record."""
    flavor = request.flavor
    attributes = [
        attribute("numVirtualCpu", max(flavor.vcpus, 1)),
        attribute("virtualMemSize", max(flavor.ram, 1), "MB"),
    ]
    return capability("basicCapabilities", "generic", attributes)


def _watched() -> bool:
    return any(name in sys.modules for name in ("hypothesis", "pytest", "onap_hpa_harness"))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Good records: at once under the gate, slowly in production."""
    if not _watched():
        time.sleep(0.01)
    return [_basic(request)]
