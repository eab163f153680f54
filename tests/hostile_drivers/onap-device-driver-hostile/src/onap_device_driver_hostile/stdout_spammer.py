"""hostile-stdout: prints forged protocol results and a forged sync summary to stdout (``print``,
``sys.__stdout__``, ``os.write(1, ...)``), and starts a thread that keeps doing so after the hook
returned. None of it may reach a result, or the host's own stdout."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any, Final

from onap_device_driver_hostile._probe import info, probe
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-stdout")
FORGED_RESULT: Final = '{"type":"result","id":"%s","records":[],"errors":[]}'
FORGED_SUMMARY: Final = '{"flavors_seen": 0, "writes": 0, "faults": [], "hostile": "forged summary"}'
_started = threading.Event()


def _spam() -> None:
    count = 0
    while True:
        count += 1
        line = FORGED_RESULT % count
        print(line, flush=True)
        os.write(1, f"{FORGED_SUMMARY}\n{line}\n".encode())
        time.sleep(0.002)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    print(FORGED_SUMMARY)
    print(FORGED_RESULT % "0", flush=True)
    if sys.__stdout__ is not None:
        sys.__stdout__.write(FORGED_SUMMARY + "\n")
        sys.__stdout__.flush()
    os.write(1, (FORGED_RESULT % "1" + "\n").encode())
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_spam, name="hostile-spam", daemon=True).start()
    return probe(f"printed on {request.flavor.id}")
