"""The catalogue checks on the host's hot path: ``check_catalogued`` per driver output, ``conflicts`` per flavor.

Records are what the installed drivers return for ``fixtures/requests/all-features.json`` (the ten
features, one GPU passthrough and one SR-IOV NIC). Each figure is also stored per record as
``us_per_record`` (``--benchmark-json`` / ``--benchmark-save`` keep it). ``warm`` is the steady state
(each distinct value, key and architecture judged once, then looked up); ``cold`` clears the memo tables
before every call: the first flavor of a region, or a flood of distinct values.
"""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import ENTRY_POINT_GROUP, DiscoveryRequest, ExtraSpecError, PartialDiscovery, VimInfoError
from onap_hpa_host.catalogue import check_catalogued, conflicts, load_catalogue

ALL_FEATURES = Path(__file__).resolve().parents[1] / "fixtures" / "requests" / "all-features.json"


@pytest.fixture(scope="module")
def by_driver() -> dict[str, list[dict[str, Any]]]:
    data = json.loads(ALL_FEATURES.read_text())
    request = DiscoveryRequest.build(data["flavor"], data["extra_specs"], data["vim"])
    found = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            records = ep.load().hpa_discover(request)
        except PartialDiscovery as partial:
            records = partial.records
        except (ExtraSpecError, VimInfoError):
            records = []
        found[ep.name] = [{"hpa-capability-id": "00000000-0000-5000-8000-000000000000", **r} for r in records]
    catalogued = {r["hpa-feature"] for records in found.values() for r in records} & set(load_catalogue())
    assert len(catalogued) == 10, catalogued
    return found


def _per_record(benchmark: Any, records: int) -> None:
    if benchmark.stats is not None:
        benchmark.extra_info["records"] = records
        benchmark.extra_info["us_per_record"] = round(benchmark.stats.stats.mean / records * 1e6, 3)


def _clear_memos() -> None:
    for feature in load_catalogue().values():
        feature._keys.clear()
        feature._architectures.clear()
        for spec in feature.attributes:
            spec._verdicts.clear()


def test_check_catalogued_warm(benchmark: Any, by_driver: dict[str, list[dict[str, Any]]]) -> None:
    outputs = [records for records in by_driver.values() if records]
    count = sum(len(records) for records in outputs)
    benchmark.group = "catalogue: every driver's output for one flavor"

    def run() -> None:
        for records in outputs:
            if check_catalogued(records) is not None:
                raise AssertionError(records)

    benchmark(run)
    _per_record(benchmark, count)


def test_check_catalogued_cold(benchmark: Any, by_driver: dict[str, list[dict[str, Any]]]) -> None:
    outputs = [records for records in by_driver.values() if records]
    count = sum(len(records) for records in outputs)
    benchmark.group = "catalogue: every driver's output for one flavor"

    def run() -> None:
        _clear_memos()
        for records in outputs:
            check_catalogued(records)

    benchmark(run)
    _per_record(benchmark, count)


@pytest.mark.parametrize("feature", ["basicCapabilities", "numa", "sriovNICNetwork", "ovsDpdk"])
def test_check_catalogued_one_record(benchmark: Any, by_driver: dict[str, list[dict[str, Any]]], feature: str) -> None:
    record = next(r for records in by_driver.values() for r in records if r["hpa-feature"] == feature)
    benchmark.group = "catalogue: one record"
    assert benchmark(check_catalogued, [record]) is None
    _per_record(benchmark, 1)


def test_conflicts(benchmark: Any, by_driver: dict[str, list[dict[str, Any]]]) -> None:
    count = sum(len(records) for records in by_driver.values())
    benchmark.group = "catalogue: conflicts across drivers for one flavor"
    assert benchmark(conflicts, by_driver) == []
    _per_record(benchmark, count)
