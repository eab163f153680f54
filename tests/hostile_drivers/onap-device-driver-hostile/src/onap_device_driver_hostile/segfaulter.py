"""hostile-segv: dereferences a null pointer with ctypes (SIGSEGV)."""

from __future__ import annotations

import ctypes
from typing import Any

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-segv")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    ctypes.string_at(0)
    return probe(f"survived a null dereference on {request.flavor.id}")
