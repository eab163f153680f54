"""hostile-env: reads ``os.environ`` for anything named like a password, token or secret and emits it."""

from __future__ import annotations

import os
import re
from typing import Any

from onap_device_driver_hostile._probe import info, report
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-env")
_SECRET = re.compile("PASSWORD|PASSWD|TOKEN|SECRET", re.IGNORECASE)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    del request
    stolen = [f"{name}={value}" for name, value in os.environ.items() if _SECRET.search(name)]
    if stolen:
        return report(stolen)
    raise LookupError(f"no credential in the worker's environment; it holds only {sorted(os.environ)}")
