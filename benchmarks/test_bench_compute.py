"""The compute distribution's share of the per-flavor budget: its four drivers on a flavor carrying all its features.

Figures, not pass/fail. Each driver is measured on its own and the four together ("all"), as the host calls
them. "floor" is the same flavor without extra_specs (basicCapabilities and localStorage only); "warm"
repeats one flavor, as a region's flavors repeat the same NUMA layouts and PCI aliases (their checks are
memoised); "cold" clears those memos before every round, the first flavor of its kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from onap_device_driver_compute import numa, parse, plugin, records

from onap_hpa import DiscoveryRequest, PartialDiscovery

FLAVOR = {"id": "bench-compute", "name": "onap.bench", "vcpus": 8, "ram": 8192, "disk": 40, "swap": 1024}
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}
ALL_FEATURES = {
    "hw:cpu_policy": "dedicated",
    "hw:cpu_thread_policy": "prefer",
    "hw:cpu_sockets": "2",
    "hw:cpu_cores": "4",
    "hw:cpu_threads": "1",
    "hw:mem_page_size": "1GiB",
    "hw:numa_nodes": "2",
    "hw:numa_cpus.0": "0-3",
    "hw:numa_cpus.1": "4-7",
    "hw:numa_mem.0": "4096",
    "hw:numa_mem.1": "4096",
    "hw:capabilities:cpu_info:features": "avx,avx2,sse4_2",
    "pci_passthrough:alias": "sriov-vf-intel-8086-15b3:4",
}
#: Records each driver gives for ALL_FEATURES, and for the floor.
RECORDS = {"compute-basic": 3, "compute-cpu": 3, "compute-numa": 1, "compute-pci": 1, "all": 8}
FLOOR_RECORDS = {"compute-basic": 2, "compute-cpu": 0, "compute-numa": 0, "compute-pci": 0, "all": 2}
DRIVERS = [pytest.param(part, id=part.DRIVER.name) for part in plugin.PARTS] + [pytest.param(None, id="all")]


def _discover(part: plugin.Part | None) -> Callable[[DiscoveryRequest], int]:
    """The driver's hpa_discover (or all four in turn, as the host calls them) returning how many records."""
    if part is not None:
        return lambda request: len(part.hpa_discover(request))
    hooks = [p.hpa_discover for p in plugin.PARTS]
    return lambda request: sum(len(hook(request)) for hook in hooks)


def _name(part: plugin.Part | None) -> str:
    return part.DRIVER.name if part is not None else "all"


def _clear_memos() -> None:
    numa._topology.cache_clear()  # the benchmark measures the memos' effect on purpose
    parse._aliases.cache_clear()
    parse._pinning.cache_clear()
    parse._topology.cache_clear()
    parse._page_size.cache_clear()
    records._value.cache_clear()


@pytest.mark.parametrize("part", DRIVERS)
@pytest.mark.parametrize("specs", [pytest.param({}, id="floor"), pytest.param(ALL_FEATURES, id="all-features")])
def test_compute_discover_warm(benchmark: Any, part: plugin.Part | None, specs: dict[str, str]) -> None:
    request = DiscoveryRequest.build(FLAVOR, specs, VIM)
    benchmark.group = f"compute hpa_discover {_name(part)}"
    count = benchmark(_discover(part), request)
    assert count == (RECORDS if specs else FLOOR_RECORDS)[_name(part)]


@pytest.mark.parametrize("part", DRIVERS)
def test_compute_discover_cold(benchmark: Any, part: plugin.Part | None) -> None:
    request = DiscoveryRequest.build(FLAVOR, ALL_FEATURES, VIM)
    benchmark.group = f"compute hpa_discover {_name(part)}"
    count = benchmark.pedantic(_discover(part), (request,), setup=_clear_memos, rounds=2000)
    assert count == RECORDS[_name(part)]


def test_compute_discover_partial(benchmark: Any) -> None:
    """The error path: two malformed features, each raising PartialDiscovery from its own driver."""
    request = DiscoveryRequest.build(FLAVOR, {**ALL_FEATURES, "hw:numa_nodes": "3", "hw:cpu_policy": "x"}, VIM)
    benchmark.group = "compute hpa_discover all"

    def run() -> int:
        kept = 0
        for part in plugin.PARTS:
            try:
                kept += len(part.hpa_discover(request))
            except PartialDiscovery as partial:
                kept += len(partial.records)
        return kept

    assert benchmark(run) == 6


def test_compute_discover_over_budget(benchmark: Any) -> None:
    """The budget path: 12 pinned NUMA nodes measured, found too large and faulted."""
    specs = {"hw:numa_nodes": "12"}
    specs |= {f"hw:numa_cpus.{node}": str(node) for node in range(12)}
    specs |= {f"hw:numa_mem.{node}": "1024" for node in range(12)}
    request = DiscoveryRequest.build({**FLAVOR, "vcpus": 12, "ram": 12 * 1024}, specs, VIM)
    benchmark.group = "compute hpa_discover compute-numa"
    found, errors = benchmark(plugin.numa.discover, request)
    assert (found, len(errors)) == ([], 1)
