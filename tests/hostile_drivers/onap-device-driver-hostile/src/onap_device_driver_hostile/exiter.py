"""hostile-exit: ``os._exit(1)`` in the middle of a discovery."""

from __future__ import annotations

import os
from typing import Any

from onap_device_driver_hostile._probe import info
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-exit")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    del request
    os._exit(1)
