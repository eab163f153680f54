"""The gate's parts on their own: generated flavors, canaries, attempt reports of the SDK's worker."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from onap_hpa.errors import RequestError
from onap_hpa.request import DiscoveryRequest
from onap_hpa_harness.conformance.canaries import attempt_in, make_canaries, planted
from onap_hpa_harness.conformance.corpus import (
    MAX_SPECS,
    MAX_TEXT,
    NOVA_MAX,
    _generate,
    expand_reads,
    fixture_corpus,
    generated_corpus,
)

from .conftest import FIXTURES

READS = ("acme:widgets", "pci_passthrough:alias*")


@pytest.fixture(scope="module")
def generated() -> list:
    return generated_corpus(READS, fixture_corpus(FIXTURES), 150)


def test_prefix_reads_are_filled_in() -> None:
    keys = expand_reads(READS)
    assert keys[0] == "acme:widgets"
    assert {"pci_passthrough:alias", "pci_passthrough:alias0", "pci_passthrough:alias63"} <= set(keys)


def test_generated_flavors_reach_nova_sizes(generated: list) -> None:
    sizes = [len(sample.extra_specs) for sample in generated]
    assert max(sizes) == MAX_SPECS
    assert sum(size > 8 for size in sizes) >= len(sizes) // 5  # many big flavors, not one
    values = [value for sample in generated for value in sample.extra_specs.values()]
    keys = [key for sample in generated for key in sample.extra_specs]
    assert max(map(len, values)) == MAX_TEXT
    assert max(map(len, keys)) == MAX_TEXT
    assert max(sample.flavor["vcpus"] for sample in generated) == NOVA_MAX
    assert max(sample.flavor["ram"] for sample in generated) == NOVA_MAX
    assert "" in values


def test_generated_flavors_cover_every_declared_key(generated: list) -> None:
    seen = {key for sample in generated for key in sample.extra_specs}
    assert set(expand_reads(READS)) <= seen
    big = next(sample for sample in generated if sample.label == "generated/nova-max")
    assert set(expand_reads(READS)) <= set(big.extra_specs)


def test_every_generated_flavor_is_one_the_host_accepts(generated: list) -> None:
    refused = []
    for sample in generated:
        try:
            DiscoveryRequest.build(sample.flavor, sample.extra_specs, sample.vim)
        except (RequestError, ValueError) as error:
            refused.append(f"{sample.label}: {error}")
    assert refused == []


def test_generation_is_deterministic(generated: list) -> None:
    _generate.cache_clear()
    again = generated_corpus(READS, fixture_corpus(FIXTURES), 150)
    assert [(s.label, s.flavor, s.extra_specs, s.vim) for s in again] == [
        (s.label, s.flavor, s.extra_specs, s.vim) for s in generated
    ]


def test_a_canary_is_found_in_any_usual_disguise() -> None:
    canaries = make_canaries()
    value = canaries.env["OS_PASSWORD"]
    for text in (value, base64.b64encode(value.encode()).decode(), value.encode().hex(), value[::-1]):
        assert canaries.find(f"x{text}y") == "environment variable OS_PASSWORD"
    assert canaries.find(canaries.vim["password"]) == "VIM info password"
    assert canaries.find("nothing here") is None
    assert make_canaries().env["OS_PASSWORD"] != value  # fresh per run


def test_canaries_are_planted_for_the_run_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OS_PASSWORD", "the-operator-s")
    monkeypatch.delenv("OS_AUTH_TOKEN", raising=False)
    canaries = make_canaries()
    with planted(canaries):
        assert os.environ["OS_PASSWORD"] == canaries.env["OS_PASSWORD"]
        assert os.environ["OS_AUTH_TOKEN"] == canaries.env["OS_AUTH_TOKEN"]
    assert os.environ["OS_PASSWORD"] == "the-operator-s"  # noqa: S105 - a stand-in
    assert "OS_AUTH_TOKEN" not in os.environ


#: What a driver might do, run after the SDK worker's attempt reporter is installed, in a temp directory.
ATTEMPTS = """
import contextlib, os, socket, subprocess, sys
from onap_hpa.worker import attempts
attempts.install()
attempts.serving("7")
with contextlib.suppress(OSError):
    socket.create_connection(("127.0.0.1", 9), timeout=0.01)
with open("inside.txt", "w") as inside:
    inside.write("allowed")
os.remove("inside.txt")
with open(os.devnull, "w") as null:
    null.write("allowed")
with open(sys.argv[1], "w") as outside:
    outside.write("not allowed")
subprocess.run([sys.executable, "-c", "pass"], check=False)
import json  # reading and importing are no attempts
"""


def test_the_sdk_worker_reports_network_writes_outside_and_processes(tmp_path: Path) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere.txt"
    work.mkdir()
    env = {**os.environ, "TMPDIR": str(work)}
    run = subprocess.run(
        [sys.executable, "-c", ATTEMPTS, str(elsewhere)], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    reports = [attempt_in(line) for line in run.stderr.splitlines()]
    found = [(r["kind"], r["event"]) for r in reports if r]
    assert ("network", "socket.connect") in found
    assert ("write", "open") in found
    assert ("process", "subprocess.Popen") in found
    writes = [r["target"] for r in reports if r and r["kind"] == "write"]
    assert writes == [str(elsewhere)]  # inside the worker's directory and /dev/null are no attempts
    assert {r["request"] for r in reports if r} == {"7"}


def test_an_attempt_line_is_read_from_the_host_s_log_line() -> None:
    report = {"kind": "network", "event": "socket.connect", "target": "('10.0.0.1', 80)", "request": "3"}
    assert attempt_in("output: onap-hpa-attempt " + json.dumps(report)) == report
    assert attempt_in("output: onap-hpa-attempt {not json") is None
    assert attempt_in("a driver's own line") is None
