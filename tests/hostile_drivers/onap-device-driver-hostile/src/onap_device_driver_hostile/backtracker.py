"""hostile-regex: catastrophic backtracking, ``(a+)+$`` on 28 a's and a b: tens of seconds in C,
holding the GIL the whole time."""

from __future__ import annotations

import re
from typing import Any

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-regex")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    matched = re.match(r"(a+)+$", "a" * 28 + "b")
    return probe(f"regex {'matched' if matched else 'done'} on {request.flavor.id}")
