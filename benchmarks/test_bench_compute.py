"""The compute driver's share of the per-flavor budget: hpa_discover on a flavor carrying all its features.

Figures, not pass/fail. "warm" repeats one flavor, as a region's flavors repeat the same NUMA layouts and
PCI aliases (their checks are memoised); "cold" clears those memos before every round, the first flavor
of its kind. The floor is the same flavor without extra_specs (basicCapabilities and localStorage only).
"""

from __future__ import annotations

from typing import Any

import pytest
from onap_device_driver_compute import numa, parse, plugin

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


def _clear_memos() -> None:
    numa._topology.cache_clear()  # the benchmark measures the memos' effect on purpose
    parse._aliases.cache_clear()
    plugin._value.cache_clear()


@pytest.mark.parametrize("specs", [pytest.param({}, id="floor"), pytest.param(ALL_FEATURES, id="all-features")])
def test_compute_discover_warm(benchmark: Any, specs: dict[str, str]) -> None:
    request = DiscoveryRequest.build(FLAVOR, specs, VIM)
    benchmark.group = "compute hpa_discover"
    records = benchmark(plugin.hpa_discover, request)
    assert len(records) == (8 if specs else 2)


def test_compute_discover_cold(benchmark: Any) -> None:
    request = DiscoveryRequest.build(FLAVOR, ALL_FEATURES, VIM)
    benchmark.group = "compute hpa_discover"
    records = benchmark.pedantic(plugin.hpa_discover, (request,), setup=_clear_memos, rounds=2000)
    assert len(records) == 8


def test_compute_discover_partial(benchmark: Any) -> None:
    """The error path: two malformed features raise PartialDiscovery with the good records."""
    request = DiscoveryRequest.build(FLAVOR, {**ALL_FEATURES, "hw:numa_nodes": "3", "hw:cpu_policy": "x"}, VIM)
    benchmark.group = "compute hpa_discover"

    def run() -> int:
        try:
            plugin.hpa_discover(request)
        except PartialDiscovery as partial:
            return len(partial.records)
        return 0

    assert benchmark(run) == 6


def test_compute_delete_urls(benchmark: Any) -> None:
    request = DiscoveryRequest.build(FLAVOR, ALL_FEATURES, VIM)
    benchmark.group = "compute hpa_delete_urls"
    assert len(benchmark(plugin.hpa_delete_urls, request)) == 8
