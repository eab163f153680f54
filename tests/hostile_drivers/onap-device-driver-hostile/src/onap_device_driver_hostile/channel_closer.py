"""hostile-eof: closes the worker's protocol descriptor (every descriptor past stderr), then hangs."""

from __future__ import annotations

import os
import time
from typing import Any

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-eof")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    for fd in range(3, 64):
        try:
            os.close(fd)
        except OSError:
            continue
    time.sleep(30)
    return probe(f"hung on {request.flavor.id}")
