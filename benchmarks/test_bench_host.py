"""The host's cost: 1,000 distinct all-feature flavors through every installed driver.

Floors measured in the same run:

* ``drivers called directly``: every driver's ``hpa_discover`` in this process, no isolation, validation
  or ids — the drivers' own time;
* ``bare interpreter``: ``python -I -c pass``, what any worker process costs to start.

The figures: the host with sandboxed workers (the default) and in process (tests only), wall time; and
``extra_info.host_cpu_us_per_flavor``: the CPU the host's own process spends per flavor with workers
(encoding, reading, validating, ids, records: everything but the drivers' code, which runs in the
workers), next to ``extra_info.drivers_us_per_flavor`` from the floor. The issue's target is host <= drivers.
"""

from __future__ import annotations

import contextlib
import copy
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import DiscoveryRequest
from onap_hpa.request import VimView
from onap_hpa_host import Host

REQUEST = Path(__file__).resolve().parents[1] / "fixtures" / "requests" / "all-features.json"
FLAVORS = 1000


@pytest.fixture(scope="module")
def requests() -> list[DiscoveryRequest]:
    template = json.loads(REQUEST.read_text())
    # One region's flavors share its VIM view, as every entry point builds them (Host.discover_data, the
    # compat API and discover files share one view per distinct VIM info).
    vim = VimView.from_viminfo(template["vim"])
    found = []
    for index in range(FLAVORS):
        data = copy.deepcopy(template)
        data["flavor"]["id"] = f"{index:08d}-{template['flavor']['id'][9:]}"
        data["flavor"]["name"] = f"onap.bench.{index}"
        data["flavor"]["vcpus"] = 8 + 8 * (index % 4)  # some drivers' records differ from flavor to flavor
        data["flavor"]["ram"] = 16384 + 1024 * (index % 7)
        found.append(DiscoveryRequest.build(data["flavor"], data["extra_specs"], vim))
    return found


@pytest.fixture(scope="module")
def in_process() -> Host:
    host = Host(isolation="inprocess")
    assert any(d.status == "loaded" for d in host.drivers)
    return host


@pytest.fixture(scope="module")
def workers() -> Any:
    host = Host()
    assert any(d.status == "loaded" for d in host.drivers)
    yield host
    host.close()


def _drivers_directly(host: Host, requests: list[DiscoveryRequest]) -> None:
    hooks = [slot.hook.function for slot in host._slots if slot.hook]  # the floor bypasses the host on purpose
    for request in requests:
        for hook in hooks:
            with contextlib.suppress(Exception):  # a partial discovery is still the driver's time
                hook(request)


def test_floor_drivers_called_directly(benchmark: Any, in_process: Host, requests: list[DiscoveryRequest]) -> None:
    benchmark.group = "1000 flavors"
    benchmark.pedantic(_drivers_directly, args=(in_process, requests), rounds=5, warmup_rounds=1)
    benchmark.extra_info["drivers_us_per_flavor"] = round(benchmark.stats.stats.min / FLAVORS * 1e6, 1)


def test_host_in_process(benchmark: Any, in_process: Host, requests: list[DiscoveryRequest]) -> None:
    benchmark.group = "1000 flavors"
    results = benchmark.pedantic(in_process.discover_many, args=(requests,), rounds=5, warmup_rounds=1)
    assert not [f for r in results for f in r.faults if f.alarming]


def test_host_with_sandboxed_workers(benchmark: Any, workers: Host, requests: list[DiscoveryRequest]) -> None:
    benchmark.group = "1000 flavors"
    results = benchmark.pedantic(workers.discover_many, args=(requests,), rounds=5, warmup_rounds=1)
    assert not [f for r in results for f in r.faults if f.alarming]
    cpu = []
    for _ in range(3):
        started = time.process_time()  # this process only: the workers' CPU is theirs
        workers.discover_many(requests)
        cpu.append(time.process_time() - started)
    benchmark.extra_info["host_cpu_us_per_flavor"] = round(min(cpu) / FLAVORS * 1e6, 1)


def test_floor_bare_interpreter_start(benchmark: Any) -> None:
    benchmark.group = "worker start-up"
    benchmark.pedantic(subprocess.run, args=([sys.executable, "-I", "-c", "pass"],), rounds=5)


def test_start_every_installed_drivers_worker(benchmark: Any) -> None:
    benchmark.group = "worker start-up"

    def start() -> None:
        host = Host()
        assert all(d.status == "loaded" for d in host.drivers)
        host.close()

    benchmark.pedantic(start, rounds=5)
