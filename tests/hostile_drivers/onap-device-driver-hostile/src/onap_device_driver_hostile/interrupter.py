"""hostile-kbint: sends SIGINT to the host, then raises ``KeyboardInterrupt`` itself."""

from __future__ import annotations

import os
import signal
from typing import Any

from onap_device_driver_hostile._probe import info, tell
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-kbint")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    try:
        os.kill(os.getppid(), signal.SIGINT)
        tell("sent SIGINT to the host")
    except OSError as error:
        tell(f"SIGINT to the host: {type(error).__name__}: {error}")
    raise KeyboardInterrupt(f"hostile-kbint on {request.flavor.id}")
