"""hostile-shmem: grows a *shared* anonymous mapping by 96 MiB on every flavor and touches every page.
A ``MAP_SHARED`` mapping is not a data mapping to the kernel, so ``RLIMIT_DATA`` does not count it;
the pages are the worker's all the same (and the CronJob's memory cgroup's). It keeps every mapping,
and reports how much it holds: past the worker's memory limit (256 MiB) from the third flavor on.
It grows in steps so that no step comes near the deadline (page faults are slow in a VM)."""

from __future__ import annotations

import mmap
from typing import Any, Final

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-shmem")
STEP: Final = 96 << 20
_CHUNK: Final = 16 << 20  # private, well inside any memory limit: what the pages are written from
_HELD: list[mmap.mmap] = []


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    memory = mmap.mmap(-1, STEP)  # MAP_SHARED | MAP_ANONYMOUS
    chunk = b"\1" * _CHUNK
    for _ in range(STEP // _CHUNK):
        memory.write(chunk)  # every page touched
    _HELD.append(memory)
    held = sum(len(mapping) for mapping in _HELD) >> 20
    return probe(f"holds {held} MiB of touched shared memory on {request.flavor.id}")
