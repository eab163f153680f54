"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: it sleeps 1.9 s on a flavor with more than 8 extra_specs (under the host's 2 s
deadline: 38 s for 20 such flavors). The fixtures have none that big; the generated flavors do: ``budget``.
"""

from __future__ import annotations

import time
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-bigflavor", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


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
    """Good records; slowly for big flavors."""
    if len(request.extra_specs) > 8:
        time.sleep(1.9)
    return [_basic(request)]
