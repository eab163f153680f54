"""ONAP-style logging: UTC ISO-8601 timestamps, one RequestID per run, text or JSON lines.

ONAP correlates a transaction across components by its RequestID: the component that starts the work
makes one (a UUID4), sends it on every call as ``X-ONAP-RequestID`` (AAI also logs the older
``X-TransactionId``, so that header carries the same value), and writes it in each of its log lines.
Here one ``onap-hpa sync`` run is one transaction:

    with run_context() as request_id:      # a fresh uuid4, bound for this run
        ...                                # every log line and every AAI request carries it

:func:`request_id` is what a run is bound to: the context's value when the calling context bound
one, else the process's current run (worker threads of a thread pool do not inherit the context,
and they work for the run of the process). :func:`onap_headers` gives the headers of one outgoing
request; outside any run each request gets its own id, as before.

:func:`configure` installs one stderr handler with :class:`TextFormatter` (a human reads it) or
:class:`JsonFormatter` (a log shipper reads it: one JSON object per line). A plugin that embeds
the host keeps its own handlers; ``docs/adopting.md`` shows the logging configuration that routes
the ``onap_hpa`` and ``onap_hpa_host`` loggers into its log files.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final, TextIO

__all__ = [
    "FORMATS",
    "INVOCATION_ID_HEADER",
    "REQUEST_ID_HEADER",
    "TRANSACTION_ID_HEADER",
    "JsonFormatter",
    "RequestIdFilter",
    "TextFormatter",
    "configure",
    "onap_headers",
    "request_id",
    "run_context",
    "utc_timestamp",
]

#: ONAP's correlation header: the same value on every call of one transaction.
REQUEST_ID_HEADER: Final = "X-ONAP-RequestID"
#: AAI's own name for it (AAI answers 400 without it); carries the RequestID.
TRANSACTION_ID_HEADER: Final = "X-TransactionId"
#: One per outgoing call, so a single request can be found in the callee's logs.
INVOCATION_ID_HEADER: Final = "X-ONAP-InvocationID"
#: ``--log-format`` choices.
FORMATS: Final = ("text", "json")
#: The attribute :class:`RequestIdFilter` puts on every record.
ATTRIBUTE: Final = "request_id"
_NO_RUN: Final = "-"
_MARK: Final = "_onap_hpa_handler"

_context: contextvars.ContextVar[str | None] = contextvars.ContextVar("onap_hpa_request_id", default=None)
_process_lock = threading.Lock()
_process: list[str] = []  # the ids of the runs in progress in this process, innermost last


def request_id() -> str | None:
    """The RequestID of the current run: this context's, else the process's innermost run; None outside runs."""
    bound = _context.get()
    if bound is not None:
        return bound
    with _process_lock:
        return _process[-1] if _process else None


@contextmanager
def run_context(rid: str | None = None) -> Iterator[str]:
    """Bind ``rid`` (default: a new uuid4) as the RequestID of everything done inside the block."""
    rid = rid or str(uuid.uuid4())
    token = _context.set(rid)
    with _process_lock:
        _process.append(rid)
    try:
        yield rid
    finally:
        with _process_lock:
            _process.remove(rid)
        _context.reset(token)


def onap_headers() -> dict[str, str]:
    """ONAP correlation headers for one outgoing request (a fresh RequestID when no run is bound)."""
    rid = request_id() or str(uuid.uuid4())
    return {REQUEST_ID_HEADER: rid, TRANSACTION_ID_HEADER: rid, INVOCATION_ID_HEADER: str(uuid.uuid4())}


def utc_timestamp(seconds: float) -> str:
    """``seconds`` since the epoch as ISO-8601 UTC with milliseconds: ``2024-05-01T12:00:00.123Z``."""
    whole = int(seconds)
    millis = int((seconds - whole) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + f".{millis:03d}Z"


class RequestIdFilter(logging.Filter):
    """Puts the current RequestID (``-`` outside runs) on every record as ``record.request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, ATTRIBUTE, None):
            setattr(record, ATTRIBUTE, request_id() or _NO_RUN)
        return True


def _request_id_of(record: logging.LogRecord) -> str:
    return getattr(record, ATTRIBUTE, None) or request_id() or _NO_RUN


class TextFormatter(logging.Formatter):
    """``<UTC time> <LEVEL> <logger> [RequestID=<id>] <message>``, one line (tracebacks follow, indented)."""

    def __init__(self, prefix: str = "onap-hpa") -> None:
        super().__init__()
        self._prefix = prefix

    def format(self, record: logging.LogRecord) -> str:
        text = (
            f"{utc_timestamp(record.created)} {self._prefix} {record.levelname} {record.name} "
            f"[RequestID={_request_id_of(record)}] {record.getMessage()}"
        )
        extra = self._details(record)
        if extra:
            text += "\n" + "\n".join(f"    {line}" for line in extra.splitlines())
        return text

    def _details(self, record: logging.LogRecord) -> str:
        parts = []
        if record.exc_info:
            parts.append(self.formatException(record.exc_info))
        if record.stack_info:
            parts.append(self.formatStack(record.stack_info))
        return "\n".join(parts)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with ONAP's field names where it has them (``RequestID``, ``ServiceName``...)."""

    def __init__(self, service: str = "onap-hpa") -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "RequestID": _request_id_of(record),
            "ServiceName": self._service,
            "thread": record.threadName,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str)


def configure(level: int = logging.WARNING, fmt: str = "text", *, stream: TextIO | None = None) -> logging.Handler:
    """Log to ``stream`` (stderr) in ``fmt`` (``text`` or ``json``) at ``level``, through the root logger.

    A command line owns its process's logging; a library (the host inside a plugin) never calls this.
    Calling it again replaces the handler an earlier call installed (and no other).
    """
    if fmt not in FORMATS:
        message = f"log format {fmt!r} is not one of {', '.join(FORMATS)}"
        raise ValueError(message)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    setattr(handler, _MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
