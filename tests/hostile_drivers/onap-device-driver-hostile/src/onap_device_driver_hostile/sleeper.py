"""hostile-sleep: ``time.sleep(30)``, blocked in C, against the host's 2 s deadline."""

from __future__ import annotations

import time
from typing import Any

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-sleep")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    time.sleep(30)
    return probe(f"slept on {request.flavor.id}")
