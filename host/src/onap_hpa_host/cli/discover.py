"""``onap-hpa discover FILE...``: AAI flavor records from JSON discovery requests.

``delete_urls`` are the AAI URLs of the capability records printed, from their stable ids: what a plugin
deletes to remove them (for a conformant driver, exactly its ``hpa_delete_urls``; the gate checks it).

A FILE holds one request ``{"flavor": {...}, "extra_specs": {...}, "vim": {...}}`` or a JSON list of
them; ``-`` reads standard input. Faults are data: a malformed request or a failing driver shows in
``faults`` and the other flavors go on. A request that cannot even be decoded (a lone surrogate
escape, nesting past the JSON parser's depth) is a ``bad-request`` fault of that request alone: the
rest of its list is discovered. A driver that did not load is a fault with flavor id ``*``. Only a
file that cannot be read or is not JSON at all is an error, as is a name in ``ONAP_HPA_DRIVERS`` /
``ONAP_HPA_DISABLE`` that matches no installed driver.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, Final

from onap_hpa_host._json import orjson

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """FILE arguments and output formatting."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="request file (JSON object or list); - for stdin")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON output (2 spaces)")


def _requests(paths: list[str]) -> Iterator[Any]:
    for path in paths:
        try:
            if path == "-":
                raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
            else:
                with open(path, "rb") as handle:
                    raw = handle.read()
        except OSError as error:
            raise SystemExit(f"onap-hpa discover: cannot read {path}: {error.strerror or error}") from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            data = _decode_leniently(raw, path, error)
        yield from data if isinstance(data, list) else [data]


class Undecodable:
    """A request of a file that could not be decoded: a fault for it alone."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


_SPECIALS: Final = re.compile(r'[\[\]{}",\\]')


def _decode_leniently(raw: bytes, path: str, error: Exception) -> Any:
    """What orjson refused: the json module (it keeps lone surrogates, which the request model refuses
    per request), then, for a list, each request on its own, so one bad request costs only itself."""
    text = raw.decode("utf-8", "surrogateescape")  # bytes that are not UTF-8 become lone surrogates too
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    items = _split_list(text)
    if items is None:
        raise SystemExit(f"onap-hpa discover: {path} is not JSON: {error}") from None
    decoded: list[Any] = []
    for index, (start, end) in enumerate(items):
        try:
            decoded.append(json.loads(text[start:end]))
        except (ValueError, RecursionError) as problem:
            reason = f"request #{index} of {path} cannot be decoded ({type(problem).__name__}: {problem})"
            decoded.append(Undecodable(reason[:300]))
    return decoded


def _split_list(text: str) -> list[tuple[int, int]] | None:
    """The spans of the items of a top-level JSON list, found without parsing them; None if not a list."""
    stripped = text.lstrip()
    if not stripped.startswith("["):
        return None
    depth = 0
    in_string = False
    skip = -1
    start = len(text) - len(stripped) + 1
    spans: list[tuple[int, int]] = []
    for match in _SPECIALS.finditer(text):
        position, char = match.start(), match.group()
        if position == skip:
            continue
        if in_string:
            if char == "\\":
                skip = position + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                if text[start:position].strip():
                    spans.append((start, position))
                return spans if not text[position + 1 :].strip() else None
        elif char == "," and depth == 1:
            spans.append((start, position))
            start = position + 1
    return None


#: Requests discovered per round: each worker gets them as a few batches, and memory stays bounded.
CHUNK: Final = 4096


def _checked(items: Iterable[Any]) -> list[Any]:
    """Each request built and checked: a :class:`DiscoveryRequest`, or the ``bad-request`` fault (a dict)
    that takes its place, so faults keep their place among the drivers' faults."""
    from onap_hpa.errors import RequestError
    from onap_hpa.request import DiscoveryRequest
    from onap_hpa_host.host import HOST, Fault
    from onap_hpa_host.vims import VimViews

    views = VimViews()  # a file's requests usually share one VIM: checked and encoded once
    order: list[Any] = []
    for item in items:
        if isinstance(item, Undecodable):
            order.append(Fault("<unknown>", HOST, "bad-request", item.reason).as_dict())
            continue
        try:
            if not isinstance(item, dict):
                raise RequestError(
                    "<unknown>", "request", type(item).__name__, 'an object {"flavor", "extra_specs", "vim"}'
                )
            vim = views.view(item.get("vim"))
            order.append(DiscoveryRequest.build(item.get("flavor"), item.get("extra_specs"), vim))
        except RequestError as error:
            order.append(Fault(error.flavor_id, HOST, "bad-request", str(error)).as_dict())
    return order


def _discover(host: Any, order: list[Any], out: _Output) -> tuple[list[dict[str, str]], dict[str, None]]:
    """Discover checked requests (:func:`_checked`): their flavors to ``out`` as they come, a few hundred at
    a time (written while the workers go on); returns the faults and delete URLs."""
    faults: list[dict[str, str]] = []
    delete_urls: dict[str, None] = {}
    flavors: list[dict[str, Any]] = []
    # Closed however the loop ends: a write that fails (a closed pipe) must not leave the run holding the host.
    with contextlib.closing(host.discover_iter([entry for entry in order if not isinstance(entry, dict)])) as results:
        for entry in order:
            if isinstance(entry, dict):
                faults.append(entry)
                continue
            result = next(results)
            flavors.append(result.record)
            delete_urls.update(dict.fromkeys(result.delete_urls))
            faults.extend(fault.as_dict() for fault in result.faults)
            if len(flavors) >= _WRITE_EVERY:
                out.flavors(flavors)
                flavors = []
        out.flavors(flavors)
        for _ in results:  # none left: ends the worker run
            pass
    return faults, delete_urls


#: Flavors written at a time.
_WRITE_EVERY: Final = 256


class _Output:
    """``{"flavors": [...], "faults": [...], "delete_urls": [...]}`` on ``stream``, the flavors written as
    they come; ``--pretty`` output is indented as a whole at the end."""

    def __init__(self, stream: BinaryIO, *, pretty: bool) -> None:
        self._stream = stream
        self._pretty: list[Any] | None = [] if pretty else None
        self._started = False

    def flavors(self, records: list[Any]) -> None:
        if self._pretty is not None:
            self._pretty.extend(records)
        elif records:
            self._stream.write((b"," if self._started else b'{"flavors":[') + orjson.dumps(records)[1:-1])
            self._started = True

    def end(self, faults: list[dict[str, str]], delete_urls: list[str]) -> None:
        if self._pretty is not None:
            document = {"flavors": self._pretty, "faults": faults, "delete_urls": delete_urls}
            self._stream.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
        else:
            rest = b'],"faults":' + orjson.dumps(faults) + b',"delete_urls":' + orjson.dumps(delete_urls) + b"}\n"
            self._stream.write((b"" if self._started else b'{"flavors":[') + rest)
        self._stream.flush()


def run(args: argparse.Namespace) -> int:
    """Discover every request of every file and print one JSON document."""
    from onap_hpa_host.host import Host
    from onap_hpa_host.ownership import check_driver_names, load_faults

    check_driver_names()  # a typo'd ONAP_HPA_DRIVERS would silently discover nothing

    # Discovery builds no reference cycles: reference counting frees everything, and the cyclic collector
    # rescanning a growing heap cost ~15% of a 10,000-flavor run.
    gc.disable()
    with Host() as host:
        # The workers start (sandboxed) while this thread reads and checks the files: a bad file still fails
        # before any output, and a failure to start them is this thread's to report, as one line.
        failed_start: list[BaseException] = []

        def start() -> None:
            try:
                host.drivers  # noqa: B018 - loads the drivers, starting their workers
            except BaseException as error:  # noqa: BLE001 - raised again below, in the command's thread
                failed_start.append(error)

        starting = threading.Thread(target=start, name="onap-hpa-workers", daemon=True)
        # The starting thread mostly waits for the workers; when one answers it needs the interpreter at
        # once, not after this thread's next 5 ms slice.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        starting.start()
        try:
            checked = _checked(_requests(args.files))
        finally:
            starting.join()
            sys.setswitchinterval(interval)
        if failed_start:
            raise failed_start[0]
        # A driver that did not load is a fault of the run.
        faults: list[dict[str, str]] = [fault.as_dict() for fault in load_faults(host.drivers)]
        urls: dict[str, None] = {}
        # The flavors are written chunk by chunk (the same bytes as one document), while the workers go on.
        out = _Output(sys.stdout.buffer, pretty=args.pretty)
        for start in range(0, len(checked), CHUNK):
            failed, deleted = _discover(host, checked[start : start + CHUNK], out)
            faults.extend(failed)
            urls.update(deleted)
    out.end(faults, list(urls))
    return 0
