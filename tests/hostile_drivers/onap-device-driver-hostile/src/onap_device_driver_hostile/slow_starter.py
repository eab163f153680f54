"""hostile-slowstart: takes 6 s to import (well inside the host's start-up timeout), then exits on every
flavor: each replacement worker it forces takes those 6 s again."""

from __future__ import annotations

import os
import time
from typing import Any, Final

from onap_device_driver_hostile._probe import info
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-slowstart")
IMPORT_SECONDS: Final = 6.0

time.sleep(IMPORT_SECONDS)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    del request
    os._exit(1)
