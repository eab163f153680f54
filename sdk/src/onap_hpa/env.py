"""Every environment variable onap-hpa reads, in one place, with its meaning and default."""

from __future__ import annotations

import os
from typing import Final

__all__ = ["DRIVER_TIMEOUT", "VARIABLES", "driver_list", "driver_timeout"]

#: Comma-separated driver names to load; unset loads every installed driver.
DRIVERS: Final = "ONAP_HPA_DRIVERS"
#: Comma-separated driver names the operator blocks; they show as ``blocked`` in ``onap-hpa drivers``.
DISABLE: Final = "ONAP_HPA_DISABLE"
#: Seconds one hook call of one driver may take for one flavor (default 2).
DRIVER_TIMEOUT: Final = "ONAP_HPA_DRIVER_TIMEOUT"
#: ``1`` logs every driver call (driver, flavor, duration, record count) at DEBUG level.
TRACE_DRIVERS: Final = "ONAP_HPA_TRACE_DRIVERS"

VARIABLES: Final = {
    DRIVERS: "comma-separated driver names to load (default: all installed)",
    DISABLE: "comma-separated driver names to block",
    DRIVER_TIMEOUT: "seconds per driver hook call (default 2)",
    TRACE_DRIVERS: "1 to log every driver call at DEBUG level",
}

DEFAULT_DRIVER_TIMEOUT: Final = 2.0


def driver_list(variable: str) -> frozenset[str] | None:
    """Names listed in a comma-separated variable, or None when it is unset."""
    raw = os.environ.get(variable)
    if raw is None:
        return None
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def driver_timeout() -> float:
    """The per-call deadline from :data:`DRIVER_TIMEOUT`; a bad value is an error naming it."""
    raw = os.environ.get(DRIVER_TIMEOUT)
    if raw is None:
        return DEFAULT_DRIVER_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        message = f"{DRIVER_TIMEOUT}={raw!r} is invalid; expected a positive number of seconds"
        raise ValueError(message)
    return seconds


def trace_drivers() -> bool:
    """True when :data:`TRACE_DRIVERS` asks for per-call logging."""
    return os.environ.get(TRACE_DRIVERS, "") not in ("", "0")
