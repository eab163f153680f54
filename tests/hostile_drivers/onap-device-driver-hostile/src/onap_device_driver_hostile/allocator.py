"""hostile-alloc: allocates 2 GB and touches every page (past the CronJob's 512 MiB memory limit)."""

from __future__ import annotations

from typing import Any, Final

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-alloc")
SIZE: Final = 2 * 1000**3
_PAGE: Final = 4096


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    data = bytearray(SIZE)
    for offset in range(0, SIZE, _PAGE):
        data[offset] = 1
    return probe(f"touched {SIZE >> 20} MiB on {request.flavor.id}")
