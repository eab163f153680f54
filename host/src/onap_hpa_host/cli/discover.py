"""``onap-hpa discover FILE...``: AAI flavor records from JSON discovery requests.

``delete_urls`` are the AAI URLs of the capability records printed, from their stable ids: what a plugin
deletes to remove them (for a conformant driver, exactly its ``hpa_delete_urls``; the gate checks it).

A FILE holds one request ``{"flavor": {...}, "extra_specs": {...}, "vim": {...}}`` or a JSON list of
them; ``-`` reads standard input. Faults are data: a malformed request or a failing driver shows in
``faults`` and the other flavors go on. Only a file that cannot be read or is not JSON is an error.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator
from typing import Any

import orjson

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
            raise SystemExit(f"onap-hpa discover: {path} is not JSON: {error}") from None
        yield from data if isinstance(data, list) else [data]


#: Below this many requests a run stays in one process: forking costs more than it saves.
PARALLEL_FROM = 2000

# Set before the worker processes fork, so they inherit it instead of receiving it pickled.
_job: tuple[Any, list[Any]] | None = None


def _discover(bounds: tuple[int, int]) -> tuple[bytes, bytes, bytes]:
    """Requests ``bounds`` of the job: flavors, faults and delete URLs, each a JSON array."""
    from onap_hpa.errors import RequestError
    from onap_hpa.request import DiscoveryRequest
    from onap_hpa_host.host import HOST, Fault

    assert _job is not None  # noqa: S101 - set by run() before any call
    host, requests = _job
    flavors: list[dict[str, Any]] = []
    faults: list[dict[str, str]] = []
    delete_urls: dict[str, None] = {}
    for item in requests[bounds[0] : bounds[1]]:
        try:
            if not isinstance(item, dict):
                raise RequestError(
                    "<unknown>", "request", type(item).__name__, 'an object {"flavor", "extra_specs", "vim"}'
                )
            request = DiscoveryRequest.build(item.get("flavor"), item.get("extra_specs"), item.get("vim"))
        except RequestError as error:
            faults.append(Fault(error.flavor_id, HOST, "bad-request", str(error)).as_dict())
            continue
        result = host.discover(request)
        flavors.append(result.record)
        delete_urls.update(dict.fromkeys(result.delete_urls))
        faults.extend(fault.as_dict() for fault in result.faults)
    return orjson.dumps(flavors), orjson.dumps(faults), orjson.dumps(list(delete_urls))


def _join(arrays: list[bytes]) -> bytes:
    # JSON arrays of contiguous slices, in order: the array of the whole, byte for byte.
    return b"[" + b",".join(array[1:-1] for array in arrays if array != b"[]") + b"]"


def run(args: argparse.Namespace) -> int:
    """Discover every request of every file and print one JSON document."""
    global _job  # noqa: PLW0603 - handed to forked workers by inheritance
    from onap_hpa_host import env
    from onap_hpa_host.host import Host

    # Discovery builds no reference cycles: reference counting frees everything, and the cyclic collector
    # rescanning a growing heap cost ~15% of a 10,000-flavor run.
    gc.disable()
    requests = list(_requests(args.files))  # read everything first: a bad file fails before any output
    host = Host()
    host.drivers  # noqa: B018 - load the drivers once, before any worker forks
    _job = (host, requests)
    count = len(requests)
    workers = min(env.workers(), max(count // (PARALLEL_FROM // 2), 1))
    if workers > 1 and hasattr(os, "fork"):
        # Flavors are independent: contiguous slices in order keep the output byte-identical.
        bounds = [(count * k // workers, count * (k + 1) // workers) for k in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_discover, bounds)
    else:
        parts = [_discover((0, count))]
    urls = dict.fromkeys(url for part in parts for url in orjson.loads(part[2]))
    output = b"".join(
        [
            b'{"flavors":',
            _join([part[0] for part in parts]),
            b',"faults":',
            _join([part[1] for part in parts]),
            b',"delete_urls":',
            orjson.dumps(list(urls)),
            b"}",
        ]
    )
    if args.pretty:
        output = orjson.dumps(orjson.loads(output), option=orjson.OPT_INDENT_2)
    sys.stdout.buffer.write(output + b"\n")
    sys.stdout.flush()
    return 0
