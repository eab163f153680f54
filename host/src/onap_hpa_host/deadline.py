"""Per-call deadlines for driver hooks, enforced by one watchdog thread per process.

Arming and disarming cost a dict write and an uncontended lock: no thread or timer per call, which
would cost more than the whole discovery of a flavor. A call still running past its deadline gets
:class:`DriverDeadline` raised inside it (``PyThreadState_SetAsyncExc``), once. Python code is
interrupted at its next bytecode; a call blocked inside C (a long ``time.sleep``), or one that
swallows ``BaseException``, cannot be, so the host also compares the elapsed time once the call returns.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Final

__all__ = ["DriverDeadline", "arm", "disarm"]

_MIN_INTERVAL: Final = 0.005
_MAX_INTERVAL: Final = 0.25


class DriverDeadline(BaseException):
    """Raised inside a driver call that overran its deadline.

    A ``BaseException`` so that a driver's ``except Exception`` does not swallow it.
    """


class _Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: dict[int, tuple[float, int]] = {}  # thread id -> (deadline, token)
        self._fired: set[int] = set()
        self._tokens = itertools.count(1)
        self._interval = _MAX_INTERVAL
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        if self._thread is None or seconds / 4 < self._interval:
            self._start(seconds)
        token = next(self._tokens)
        # Overwrites a slot an interrupted disarm may have left: one call per thread at a time.
        self._active[threading.get_ident()] = (time.monotonic() + seconds, token)
        return token

    def disarm(self, token: int) -> bool:
        ident = threading.get_ident()
        with self._lock:
            current = self._active.get(ident)
            if current is not None and current[1] == token:
                del self._active[ident]
            fired = token in self._fired
            self._fired.discard(token)
        if fired:
            # The exception may still be pending on this thread: cancel it before it lands elsewhere.
            _set_async_exc(ident, None)
        return fired

    def _start(self, seconds: float) -> None:
        with self._lock:
            self._interval = min(self._interval, max(seconds / 4, _MIN_INTERVAL))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="onap-hpa-watchdog", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self._interval)
            now = time.monotonic()
            with self._lock:
                live = set()
                for ident, (deadline, token) in list(self._active.items()):
                    live.add(token)
                    # Once per call: firing again could land outside the call, in the host or beyond.
                    if now > deadline and token not in self._fired:
                        self._fired.add(token)
                        _set_async_exc(ident, DriverDeadline)
                self._fired &= live


_WATCHDOG: Final = _Watchdog()


def arm(seconds: float) -> int:
    """Start the clock for a call on this thread; returns the token for :func:`disarm`."""
    return _WATCHDOG.arm(seconds)


def disarm(token: int) -> bool:
    """Stop the clock; True when the watchdog fired for this call."""
    return _WATCHDOG.disarm(token)


def _set_async_exc(ident: int, exc: type[BaseException] | None) -> None:
    import ctypes  # first use only: most runs never overrun

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)
