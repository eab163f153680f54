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


def run(args: argparse.Namespace) -> int:
    """Discover every request of every file and print one JSON document."""
    from onap_hpa.errors import RequestError
    from onap_hpa.host import HOST, Fault, Host
    from onap_hpa.request import DiscoveryRequest

    # Discovery builds no reference cycles: reference counting frees everything, and the cyclic collector
    # rescanning a growing heap cost ~15% of a 10,000-flavor run.
    gc.disable()
    requests = list(_requests(args.files))  # read everything first: a bad file fails before any output
    host = Host()
    flavors: list[dict[str, Any]] = []
    faults: list[dict[str, str]] = []
    delete_urls: dict[str, None] = {}
    for item in requests:
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
    output = {"flavors": flavors, "faults": faults, "delete_urls": list(delete_urls)}
    option = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if args.pretty else 0)
    sys.stdout.buffer.write(orjson.dumps(output, option=option))
    sys.stdout.flush()
    return 0
