"""ONAP logging: UTC timestamps, one RequestID per run in every log line and on every AAI request."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host import logs

UTC_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _uuid4(text: str) -> bool:
    try:
        return uuid.UUID(text).version == 4
    except ValueError:
        return False


def test_timestamps_are_iso_8601_utc_with_milliseconds():
    assert logs.utc_timestamp(0) == "1970-01-01T00:00:00.000Z"
    assert logs.utc_timestamp(1714564800.1234) == "2024-05-01T12:00:00.123Z"


def test_a_run_binds_one_request_id_seen_by_its_thread_pool_and_sent_as_both_headers():
    assert logs.request_id() is None
    outside = logs.onap_headers()
    assert outside["X-ONAP-RequestID"] == outside["X-TransactionId"]
    assert logs.onap_headers()["X-ONAP-RequestID"] != outside["X-ONAP-RequestID"]  # no run: one per request
    with logs.run_context() as rid:
        assert _uuid4(rid)
        assert logs.request_id() == rid
        with ThreadPoolExecutor(2) as pool:  # pool threads do not inherit the context: the process's run
            seen = set(pool.map(lambda _: logs.request_id(), range(4)))
        assert seen == {rid}
        headers = [logs.onap_headers() for _ in range(3)]
        assert {h["X-ONAP-RequestID"] for h in headers} == {rid}
        assert {h["X-TransactionId"] for h in headers} == {rid}
        assert len({h["X-ONAP-InvocationID"] for h in headers}) == 3
        with logs.run_context("inner") as inner:
            assert logs.request_id() == inner == "inner"
        assert logs.request_id() == rid
    assert logs.request_id() is None


def test_a_context_bound_run_wins_over_the_process_run():
    seen: dict[str, str | None] = {}
    with logs.run_context("process-run"):

        def other() -> None:
            with logs.run_context("thread-run"):
                seen["inside"] = logs.request_id()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert logs.request_id() == "process-run"
    assert seen["inside"] == "thread-run"


@pytest.fixture
def capture() -> Iterator[Any]:
    root = logging.getLogger()
    level = root.level

    def install(fmt: str) -> io.StringIO:
        stream = io.StringIO()
        logs.configure(logging.DEBUG, fmt, stream=stream)
        return stream

    yield install
    for handler in [h for h in root.handlers if getattr(h, "_onap_hpa_handler", False)]:
        root.removeHandler(handler)
    root.setLevel(level)


def test_text_lines_carry_utc_time_level_logger_and_request_id(capture):
    stream = capture("text")
    with logs.run_context("0f0e0d0c-aaaa-4bbb-8ccc-000000000001"):
        logging.getLogger("onap_hpa_host.test").warning("hello %s", "world")
    logging.getLogger("onap_hpa.driver.x").info("outside a run")
    first, second = stream.getvalue().splitlines()
    stamp, prefix, level, name, rid, message = first.split(" ", 5)
    assert UTC_ISO.match(stamp)
    assert (prefix, level, name, rid, message) == (
        "onap-hpa",
        "WARNING",
        "onap_hpa_host.test",
        "[RequestID=0f0e0d0c-aaaa-4bbb-8ccc-000000000001]",
        "hello world",
    )
    assert "[RequestID=-] outside a run" in second


def test_json_lines_are_one_object_each_with_onap_field_names(capture):
    stream = capture("json")
    with logs.run_context("rid-1"):
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("onap_hpa_host.test").exception("failed\non two lines")
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert UTC_ISO.match(entry["timestamp"])
    assert entry["RequestID"] == "rid-1"
    assert (entry["level"], entry["logger"], entry["ServiceName"]) == ("ERROR", "onap_hpa_host.test", "onap-hpa")
    assert entry["message"] == "failed\non two lines"
    assert "ValueError: boom" in entry["exception"]


def test_configure_replaces_only_its_own_handler(capture):
    root = logging.getLogger()
    foreign = logging.NullHandler()
    root.addHandler(foreign)
    try:
        capture("text")
        capture("json")
        ours = [h for h in root.handlers if getattr(h, "_onap_hpa_handler", False)]
        assert len(ours) == 1
        assert foreign in root.handlers
    finally:
        root.removeHandler(foreign)
    with pytest.raises(ValueError, match="not one of text, json"):
        logs.configure(logging.INFO, "xml")


# -- one sync run, end to end ---------------------------------------------------------------------


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(default_region()) as running:
        yield running


def _record_headers(servers: ReplayServers) -> list[dict[str, str]]:
    """Wrap the AAI replay app so that it keeps the headers of every request it answers."""
    seen: list[dict[str, str]] = []
    respond = servers.aai.respond

    def recording(request: Any) -> Any:
        seen.append({name.lower(): value for name, value in request.headers.items()})
        return respond(request)

    servers.aai.respond = recording  # type: ignore[method-assign]
    return seen


def _sync(servers: ReplayServers, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_"))} | servers.env
    command = [sys.executable, "-m", "onap_hpa_host.cli", "sync", "--json", "--no-progress", "-vv", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_one_sync_run_has_one_request_id_in_every_log_line_and_every_aai_request(servers):
    headers = _record_headers(servers)
    run = _sync(servers, "--log-format", "json")
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) > 20  # -vv: requests, retries, driver notes, alarms
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    (rid,) = {entry["RequestID"] for entry in entries}
    assert _uuid4(rid)
    assert all(UTC_ISO.match(entry["timestamp"]) for entry in entries)
    assert any(entry["logger"].startswith("onap_hpa") for entry in entries)

    assert len(headers) == len(servers.aai.requests) > 10  # reads and the writes of a first sync
    assert {h["x-onap-requestid"] for h in headers} == {rid}
    assert {h["x-transactionid"] for h in headers} == {rid}
    assert len({h["x-onap-invocationid"] for h in headers}) == len(headers)

    headers.clear()
    again = _sync(servers, "--log-format", "json")
    (second,) = {json.loads(line)["RequestID"] for line in again.stderr.splitlines()}
    assert second != rid  # a new run, a new RequestID
    assert {h["x-onap-requestid"] for h in headers} == {second}


def test_text_log_lines_of_a_sync_all_carry_its_request_id(servers):
    headers = _record_headers(servers)
    run = _sync(servers)
    assert run.returncode == 0, run.stderr
    (rid,) = {h["x-onap-requestid"] for h in headers}
    lines = [line for line in run.stderr.splitlines() if not line.startswith("    ")]  # tracebacks are indented
    assert lines
    for line in lines:
        assert UTC_ISO.match(line.split(" ", 1)[0]), line
        assert f"[RequestID={rid}]" in line, line
