"""Each installed driver, and all of them, over every flavor of the fixture regions, through the host.

Each figure is also stored as ``ratio_to_floor`` (``--benchmark-json`` / ``--benchmark-save`` keep it):
the floor is the same sweep with a host that has no driver, measured in the same run.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import ENTRY_POINT_GROUP, DiscoveryRequest
from onap_hpa_harness.bench import floor_seconds, record_ratio, region_requests, sweep
from onap_hpa_host import Host

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DRIVERS = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})


@pytest.fixture(scope="module")
def requests() -> list[DiscoveryRequest]:
    found = region_requests(FIXTURES)
    assert found
    return found


@pytest.fixture(scope="module")
def floor(requests: list[DiscoveryRequest]) -> float:
    return floor_seconds(sweep(Host(installed=False), requests))


def test_floor_host_without_drivers(benchmark: Any, requests: list[DiscoveryRequest], floor: float) -> None:
    benchmark.group = "fixture regions: discover + delete_urls, every flavor"
    benchmark(sweep(Host(installed=False), requests))
    record_ratio(benchmark, floor)


@pytest.mark.parametrize("driver", DRIVERS)
def test_one_driver(benchmark: Any, requests: list[DiscoveryRequest], floor: float, driver: str) -> None:
    host = Host(only=[driver], disable=())
    assert [d.name for d in host.drivers if d.status == "loaded"] == [driver]
    benchmark.group = "fixture regions: discover + delete_urls, every flavor"
    benchmark(sweep(host, requests))
    record_ratio(benchmark, floor)


def test_all_drivers(benchmark: Any, requests: list[DiscoveryRequest], floor: float) -> None:
    host = Host(disable=())
    assert all(d.status == "loaded" for d in host.drivers)
    benchmark.group = "fixture regions: discover + delete_urls, every flavor"
    benchmark(sweep(host, requests))
    record_ratio(benchmark, floor)
