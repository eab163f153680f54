"""pytest-benchmark helpers: the fixture flavors as requests, and each figure as a ratio to a floor.

A floor is the same loop measured in the same run with nothing to do (a host with no driver): the ratio
``mean / floor`` is comparable across machines and CI runners, where absolute times are not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from onap_hpa import DiscoveryRequest
from onap_hpa_harness.conformance.corpus import fixture_corpus
from onap_hpa_host import Host

__all__ = ["floor_seconds", "record_ratio", "region_requests", "sweep"]


def region_requests(root: Path | None) -> list[DiscoveryRequest]:
    """Every fixture region flavor (not the hostile ones) as a built request."""
    requests = []
    for sample in fixture_corpus(root):
        if sample.label.startswith("hostile/"):
            continue
        try:
            requests.append(DiscoveryRequest.build(sample.flavor, sample.extra_specs, sample.vim))
        except ValueError:
            continue
    return requests


def sweep(host: Host, requests: list[DiscoveryRequest]) -> Callable[[], int]:
    """A callable discovering every request and its delete URLs: what a region sync asks of the host."""

    def run() -> int:
        count = 0
        for request in requests:
            count += len(host.discover(request).faults)
            host.delete_urls(request)
        return count

    return run


def floor_seconds(function: Callable[[], Any], rounds: int = 50) -> float:
    """Best time of ``rounds`` calls: the floor a benchmark is divided by."""
    function()  # warm-up: lazy loading and caches are not the floor
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def record_ratio(benchmark: Any, floor: float) -> float:
    """Store ``floor_s`` and ``ratio_to_floor`` (mean / floor) in the benchmark's extra_info; return the ratio."""
    ratio = benchmark.stats.stats.mean / floor
    benchmark.extra_info["floor_s"] = floor
    benchmark.extra_info["ratio_to_floor"] = round(ratio, 2)
    return ratio
