"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: it writes a file outside its working directory and starts a process, ignoring that
the sandbox refuses both; its worker reports the attempts: ``isolation``.
"""

from __future__ import annotations

import contextlib
import subprocess
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-escape", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


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
    """Good records, after leaving traces."""
    with contextlib.suppress(OSError), open("/var/tmp/onap-hpa-broken-escape", "a", encoding="utf-8") as trace:
        trace.write(request.flavor.id + "\n")
    with contextlib.suppress(OSError):
        subprocess.run(["/bin/true"], check=False)
    return [_basic(request)]
