"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: on a flavor with more than 65536 vCPUs (none in the fixtures; Nova allows 2**31-1)
it says why on stderr and calls ``os._exit(3)``: its worker dies: ``hostile``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-exit", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


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
    """Good records, until a big flavor comes."""
    if request.flavor.vcpus > 65536:
        sys.stderr.write(f"broken-exit: {request.flavor.vcpus} vCPUs, giving up\n")
        sys.stderr.flush()
        os._exit(3)
    return [_basic(request)]
