"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: on a flavor with more than 30 extra_specs (none in the fixtures) it says so on stderr
and dereferences a null pointer: its worker is killed by SIGSEGV: ``hostile``.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-segfault", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


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
    if len(request.extra_specs) > 30:
        sys.stderr.write(f"broken-segfault: {len(request.extra_specs)} extra_specs, reading them natively\n")
        sys.stderr.flush()
        ctypes.string_at(0)
    return [_basic(request)]
