"""The Python protocol worker: one installed driver, served over stdin/stdout (``docs/protocol.md``).

The host starts it (inside its sandbox) as ``python -I -m onap_hpa.worker NAME VALUE``, NAME and
VALUE being the driver's entry point as the host read it from the installed metadata. Drivers change
nothing to run here: the worker loads the entry point, checks it as the in-process loader does and
calls its hooks once per request.

Before any driver code is imported, the worker moves the protocol off descriptor 1: it keeps a
private duplicate of stdout for the protocol and points descriptor 1 (and ``sys.stdout``) at stderr,
so whatever the driver prints — from Python, C or a thread that outlives its hook call — lands in the
host's log, never in a result.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, NoReturn

import pluggy

from onap_hpa import hookspecs
from onap_hpa.drivers import BoundHook, DriverRecord, bound_hooks, load_object, register
from onap_hpa.errors import DriverContractError, DriverLoadError, PartialDiscovery
from onap_hpa.worker import attempts
from onap_hpa.worker.wire import MAX_LINE, PROTOCOLS, error_to_wire, request_from_wire

__all__ = ["main", "serve"]

try:  # orjson when the host's environment has it (it does: onap-hpa-host depends on it); json otherwise
    import orjson

    _loads: Callable[[bytes], Any] = orjson.loads

    def _dumps(data: Any) -> bytes:
        return orjson.dumps(data)

    _ENCODE_ERRORS: tuple[type[BaseException], ...] = (TypeError, orjson.JSONEncodeError)
except ImportError:  # pragma: no cover - exercised where orjson has no wheel
    import json

    _loads = json.loads

    def _dumps(data: Any) -> bytes:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()

    _ENCODE_ERRORS = (TypeError, ValueError)


class _Channel:
    """The protocol's two ends: line-framed JSON in, line-framed JSON out on a private descriptor."""

    def __init__(self, reader: IO[bytes], fd: int) -> None:
        self._reader = reader
        self._fd = fd

    def send(self, message: dict[str, Any]) -> None:
        line = _dumps(message) + b"\n"
        sent = os.write(self._fd, line)
        if sent < len(line):  # a pipe with less room than the line: the rest, as room comes
            data = memoryview(line)[sent:]
            while data:
                data = data[os.write(self._fd, data) :]

    def messages(self) -> Iterator[dict[str, Any]]:
        while True:
            line = self._reader.readline(MAX_LINE + 2)
            if not line:
                return
            if len(line) > MAX_LINE + 1 or not line.endswith(b"\n"):
                _fatal(self, "protocol-error", "a host message is longer than the protocol's 1 MiB line")
            try:
                message = _loads(line)
            except ValueError:  # orjson's and json's decode errors are ValueErrors
                _fatal(self, "protocol-error", f"a host message is not JSON: {line[:80]!r}")
            if not isinstance(message, dict):
                _fatal(self, "protocol-error", "a host message is not a JSON object")
            yield message


def _claim_stdout() -> int:
    """A private duplicate of stdout for the protocol; descriptor 1 and ``sys.stdout`` go to stderr."""
    fd = os.dup(1)
    os.set_inheritable(fd, False)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return fd


def _fatal(channel: _Channel, kind: str, message: str, **extra: str) -> NoReturn:
    channel.send({"type": "fatal", "kind": kind, "message": message[:4000], **extra})
    raise SystemExit(3)


def _load(name: str, value: str, distribution: str) -> tuple[DriverRecord, Any, list[BoundHook], list[BoundHook]]:
    """Import the entry point and register it as the in-process host would; raises DriverLoadError."""
    try:
        plugin = load_object(value)
    except BaseException as error:  # noqa: BLE001 - any import failure, even SystemExit, is the driver's
        raise DriverLoadError(name, f"import of {value!r} failed: {type(error).__name__}: {error}") from None
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    record = register(pm, plugin, entry_point=name, distribution=distribution, source=value)
    hooks = bound_hooks(pm, "hpa_discover", [record]), bound_hooks(pm, "hpa_delete_urls", [record])
    return record, plugin.DRIVER, *hooks


def _describe(record: DriverRecord, info: Any) -> dict[str, Any]:
    return {
        "name": record.name,
        "version": record.version or "0",
        "contract": record.contract,
        "distribution": record.distribution,
        "features": sorted(record.features),
        "feature_specs": dict(getattr(info, "feature_specs", {}) or {}),
        # None: not declared (a 1.0 driver), so the host sends every extra_spec; a list: only those.
        "reads": None if getattr(info, "reads", None) is None else list(info.reads),
        "hooks": list(record.hooks),
    }


def _call(hook: BoundHook, request: Any) -> Any:
    return hook.function(request) if hook.argnames else hook.function()


def _discover(hook: BoundHook, delete: BoundHook | None, data: dict[str, Any], want_urls: bool) -> dict[str, Any]:
    """One request's result message; every outcome of the driver's code becomes data."""
    result: dict[str, Any] = {"type": "result", "id": data["id"], "records": [], "errors": []}
    request = request_from_wire(data)
    records: Any = []
    try:
        records = _call(hook, request)
    except PartialDiscovery as partial:
        records = partial.records
        result["errors"] = [error_to_wire(error) for error in partial.errors]
    except BaseException as error:  # noqa: BLE001 - isolation: even KeyboardInterrupt/SystemExit are data
        result["errors"] = [error_to_wire(error)]
        records = []
    if type(records) is not list or any(type(record) is not dict for record in records):
        kind = type(records).__name__ if type(records) is not list else "a list holding non-objects"
        message = f"hpa_discover returned {kind}, expected a list of hpa-capability records (JSON objects)"
        result["errors"].append({"kind": "invalid-output", "message": message})
        records = []
    result["records"] = records
    if want_urls and delete is not None:
        try:
            urls = _call(delete, request)
        except PartialDiscovery as partial:
            urls = partial.records  # a driver reusing hpa_discover: the host derives these URLs itself
            result["delete_urls_error"] = "hpa_delete_urls raised PartialDiscovery"
        except BaseException as error:  # noqa: BLE001 - as above
            urls = None
            result["delete_urls_error"] = error_to_wire(error)["message"]
        if type(urls) is list and all(type(url) is str for url in urls):
            result["delete_urls"] = urls
        elif "delete_urls_error" not in result:
            result["delete_urls_error"] = f"hpa_delete_urls returned {type(urls).__name__}, expected a list of URLs"
    return result


def _send_result(channel: _Channel, result: dict[str, Any]) -> None:
    try:
        channel.send(result)
    except _ENCODE_ERRORS as error:
        # Records that are not JSON data (a set, an object, NaN): the driver's fault, reported as such.
        message = f"hpa_discover returned records that are not JSON data: {type(error).__name__}: {error}"
        errors = [e for e in result["errors"] if isinstance(e, dict)][:63]
        channel.send({**result, "records": [], "errors": [*errors, {"kind": "invalid-output", "message": message}]})


def serve(name: str, value: str, distribution: str = "") -> None:
    """Run the protocol for the driver at entry point ``name = value`` until stdin closes."""
    channel = _Channel(sys.stdin.buffer, _claim_stdout())
    messages = channel.messages()
    hello = next(messages, None)
    if hello is None:
        return
    offered = hello.get("protocols") if hello.get("type") == "hello" else None
    common = [version for version in offered or () if version in PROTOCOLS] if isinstance(offered, list) else []
    if not common:
        _fatal(
            channel, "unsupported-protocol", f"this worker speaks protocols {list(PROTOCOLS)}; the host offered {hello}"
        )
    protocol = common[0]  # the host lists its versions newest first
    attempts.install()  # before the driver's code runs: its denied network, write and process attempts are logged
    try:
        record, info, discover, delete = _load(name, value, distribution)
    except DriverContractError as error:
        _fatal(channel, "incompatible", str(error.reason), contract=str(error.found))
    except DriverLoadError as error:
        _fatal(channel, "load-failed", str(error.reason))
    channel.send({"type": "hello", "protocol": protocol, "driver": _describe(record, info)})
    (hook,) = discover
    delete_hook = delete[0] if delete else None
    for message in messages:
        if message.get("type") != "batch":
            _fatal(channel, "protocol-error", f"expected a batch message, got type {message.get('type')!r}")
        want_urls = bool(message.get("delete_urls"))
        # Protocol 2: the batch's VIM view is every request's that carries none of its own (each request's
        # view is still built on its own: nothing a driver does to one reaches another).
        vim = message.get("vim") if protocol != "1" else None
        for data in message["requests"]:
            if vim is not None and "vim" not in data:
                data["vim"] = vim
            attempts.serving(data.get("id"))
            _send_result(channel, _discover(hook, delete_hook, data, want_urls))


def main(argv: list[str] | None = None) -> int:
    """``python -m onap_hpa.worker NAME VALUE [DISTRIBUTION]``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        sys.stderr.write("usage: python -m onap_hpa.worker ENTRY_POINT_NAME ENTRY_POINT_VALUE [DISTRIBUTION]\n")
        return 2
    serve(*args)
    return 0
