"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: it opens a TCP connection for every flavor, ignoring that the sandbox refuses it;
its worker reports the attempt: ``isolation``.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-network", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


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
    """Good records, after phoning home."""
    with contextlib.suppress(OSError):  # the sandbox says no; the driver carries on as if nothing happened
        socket.create_connection(("127.0.0.1", 9), timeout=0.01).close()
    return [_basic(request)]
