"""The four drivers as the MultiCloud plugin runs them: records, partial discovery, stable ids, delete URLs, faults."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_compute import DRIVERS, FEATURES, __version__, plugin

from onap_hpa import (
    ENTRY_POINT_GROUP,
    DiscoveryRequest,
    ExtraSpecError,
    PartialDiscovery,
    capability_ids,
    capability_urls,
    result_size,
)
from onap_hpa_host import Host
from onap_hpa_host.validation import MAX_BYTES, check_records, compact_size

Build = Callable[..., DiscoveryRequest]
Expected = Callable[[Mapping[str, Any]], dict[str, list[dict[str, Any]]]]
ExpectedErrors = Callable[[Mapping[str, Any]], dict[str, list[dict[str, str]]]]
#: The drivers, in the order the host calls them (sorted names) and returns their records.
NAMES = ["compute-basic", "compute-cpu", "compute-numa", "compute-pci"]


def discovered(part: plugin.Part, request: Any) -> tuple[list[dict[str, Any]], tuple[ExtraSpecError, ...]]:
    """One driver's hpa_discover records and errors, whether it returned or raised PartialDiscovery."""
    try:
        return part.hpa_discover(request), ()
    except PartialDiscovery as partial:
        return partial.records, partial.errors  # type: ignore[return-value] # checked by the callers


def without_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in record.items() if k != "hpa-capability-id"} for record in records]


def with_ids(request: DiscoveryRequest, driver: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = capability_ids(request, driver, records)
    return [{"hpa-capability-id": cap_id, **record} for cap_id, record in zip(ids, records, strict=True)]


def test_case(case: dict[str, Any], build: Build, expected: Expected, expected_errors: ExpectedErrors) -> None:
    """Each data case, driver by driver: exactly its records, in order, and its errors, naming flavor, key, value."""
    request = build(case["extra_specs"], case.get("flavor"))
    want = expected(case)
    want_errors = expected_errors(case)
    for part in plugin.PARTS:
        name = part.DRIVER.name
        records, errors = discovered(part, request)
        assert records == want[name], name
        assert [error.key for error in errors] == [error["key"] for error in want_errors[name]], name
        for error, spec in zip(errors, want_errors[name], strict=True):
            assert isinstance(error, ExtraSpecError)
            assert str(error).startswith(f"flavor {request.flavor.id!r}: extra_spec {spec['key']!r} = ")
            assert re.search(spec["match"], str(error)), str(error)
    records, errors = plugin.discover(request)
    assert records == [record for name in NAMES for record in want[name]]
    assert sorted(error.key for error in errors) == sorted(error["key"] for error in case["errors"])


def test_case_through_the_host(
    case: dict[str, Any], build: Build, host: Host, expected: Expected, expected_errors: ExpectedErrors
) -> None:
    """Through the host: the same records with stable ids, one bad-input fault per error, nothing dropped for size."""
    request = build(case["extra_specs"], case.get("flavor"))
    want = expected(case)
    result = host.discover(request)
    assert list(result.capabilities) == NAMES
    for name in NAMES:
        records = result.capabilities[name]
        assert without_ids(records) == want[name], name
        assert [r["hpa-capability-id"] for r in records] == capability_ids(request, name, want[name])
        assert check_records(records) is None
    faults = [(f.driver, f.kind) for f in result.faults]
    assert faults == [(name, "bad-input") for name in NAMES for _ in expected_errors(case)[name]]
    # The flavor record carries every driver's records, in driver-name order.
    assert result.record is not None
    all_records = result.record["hpa-capabilities"]["hpa-capability"]
    assert all_records == [record for name in NAMES for record in result.capabilities[name]]


def test_the_budget_measures_what_the_host_measures(case: dict[str, Any], build: Build, host: Host) -> None:
    """The budget's figure (the SDK's result_size) equals the size of the host's output byte for byte."""
    request = build(case["extra_specs"], case.get("flavor"))
    result = host.discover(request)
    for part in plugin.PARTS:
        records, _ = part.discover(request)
        assert result_size(records) == compact_size(result.capabilities[part.DRIVER.name])


def test_delete_urls_are_the_urls_of_the_records_kept(
    case: dict[str, Any], build: Build, host: Host, expected: Expected
) -> None:
    """The host's delete URLs (from its own ids) name every record each driver keeps, and nothing else."""
    request = build(case["extra_specs"], case.get("flavor"))
    want = expected(case)
    prefix = (
        "/cloud-infrastructure/cloud-regions/cloud-region/CloudOwner/RegionOne/flavors/flavor/"
        f"{request.flavor.id}/hpa-capabilities/hpa-capability/"
    )
    every = [url for name in NAMES for url in capability_urls(request, name, want[name])]
    result = host.discover(request)
    assert list(result.delete_urls) == every
    assert all(url.startswith(prefix) for url in every)
    assert len(set(every)) == len(every)
    deleted = host.delete_urls(request)
    assert (deleted.urls, deleted.faults) == (result.delete_urls, result.faults)


def test_partial_discovery_carries_good_records_and_each_error(build: Build) -> None:
    """A malformed feature raises PartialDiscovery from its own driver only, with that driver's good records."""
    request = build({"hw:cpu_policy": "pinned", "hw:cpu_sockets": "2", "pci_passthrough:alias": "nic:one"})
    assert [r["hpa-feature"] for r in plugin.basic.hpa_discover(request)] == ["basicCapabilities", "localStorage"]
    assert plugin.numa.hpa_discover(request) == []
    with pytest.raises(PartialDiscovery) as info:
        plugin.cpu.hpa_discover(request)
    assert [r["hpa-feature"] for r in info.value.records] == ["cpuTopology"]
    (error,) = info.value.errors
    flavor = request.flavor.id
    message = rf"^flavor '{flavor}': extra_spec 'hw:cpu_policy' = 'pinned' is malformed"
    with pytest.raises(ExtraSpecError, match=message):
        raise error
    assert (error.flavor_id, error.key, error.value) == (flavor, "hw:cpu_policy", "pinned")
    assert error.expected == "one of dedicated, mixed, shared"
    with pytest.raises(PartialDiscovery) as info:
        plugin.pci.hpa_discover(request)
    assert info.value.records == []
    (error,) = info.value.errors
    with pytest.raises(ExtraSpecError, match=r"extra_spec 'pci_passthrough:alias' = 'nic:one' is malformed; expected"):
        raise error


def test_error_names_the_flavor_even_when_the_check_was_cached(build: Build) -> None:
    """Checks are memoised across flavors; each error still names its own flavor."""
    specs = {"hw:numa_nodes": "3"}
    for flavor_id in ("flavor-a", "flavor-b"):
        _, (error,) = discovered(plugin.numa, build(specs, {"id": flavor_id}))
        assert error.flavor_id == flavor_id
        assert str(error).startswith(f"flavor '{flavor_id}': extra_spec 'hw:numa_nodes' = '3' is malformed")


def test_records_are_fresh_objects(build: Build) -> None:
    """Callers may mutate records (the AAI sync adds resource-versions): no two calls share a dict."""
    request = build({"hw:cpu_policy": "dedicated", "hw:mem_page_size": "large"})
    for part in (plugin.basic, plugin.cpu):
        first, second = part.hpa_discover(request), part.hpa_discover(request)
        assert first == second
        first[0]["hpa-feature-attributes"][0]["resource-version"] = "1"
        assert "resource-version" not in second[0]["hpa-feature-attributes"][0]
        assert "resource-version" not in part.hpa_discover(request)[0]["hpa-feature-attributes"][0]


def test_rediscovery_gives_the_same_ids(build: Build) -> None:
    """Ids are stable across hosts: an unchanged flavor updates its AAI records instead of churning them."""
    request = build({"pci_passthrough:alias": "sriov-vf-intel-8086-15b3:1", "hw:numa_nodes": "2"})
    first = Host(installed=False, plugins=list(plugin.PARTS)).discover(request)
    again = Host(installed=False, plugins=list(plugin.PARTS)).discover(request)
    assert first.capabilities == again.capabilities
    ids = [r["hpa-capability-id"] for records in first.capabilities.values() for r in records]
    assert len(ids) == len(set(ids)) == 4


ALL_FEATURES = {
    "hw:cpu_policy": "dedicated",
    "hw:cpu_thread_policy": "prefer",
    "hw:cpu_sockets": "2",
    "hw:cpu_cores": "2",
    "hw:cpu_threads": "1",
    "hw:mem_page_size": "large",
    "hw:numa_nodes": "2",
    "hw:numa_cpus.0": "0,1",
    "hw:numa_cpus.1": "2,3",
    "hw:numa_mem.0": "2048",
    "hw:numa_mem.1": "2048",
    "hw:capabilities:cpu_info:features": "avx,avx2",
    "pci_passthrough:alias": "sriov-vf-intel-8086-15b3:4",
}


def test_all_features_are_discovered(build: Build) -> None:
    """A flavor with every compute feature gives all eight records, driver by driver."""
    records, errors = plugin.discover(build(ALL_FEATURES))
    assert [r["hpa-feature"] for r in records] == list(FEATURES)
    assert errors == []


def _fits(host: Host, request: DiscoveryRequest) -> dict[str, int]:
    """Each driver's bytes in the host's output, after asserting the host dropped nothing."""
    result = host.discover(request)
    assert result.faults == ()
    sizes = {name: compact_size(records) for name, records in result.capabilities.items()}
    assert all(size <= MAX_BYTES for size in sizes.values()), sizes
    return sizes


def test_the_monorepo_all_features_request_fits_every_driver(host: Host) -> None:
    """fixtures/requests/all-features.json (the host benchmark's flavor): no fault, each driver within budget."""
    path = Path(__file__).resolve().parents[3] / "fixtures" / "requests" / "all-features.json"
    if not path.is_file():
        pytest.skip("outside the onap-hpa monorepo: tests/data/all-features-rich.json covers a richer flavor")
    data = json.loads(path.read_text("utf-8"))
    request = DiscoveryRequest.build(data["flavor"], data["extra_specs"], data["vim"])
    sizes = _fits(host, request)
    assert sorted(sizes) == NAMES
    assert sizes["compute-pci"] == 2  # its only alias is a GPU: the GPU driver's


def _data_case(name: str) -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "data" / f"{name}.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "name", ["all-features-rich", "original-ut4-numa-on-a-flavor-that-fits", "pci-several-in-order", "numa-full"]
)
def test_the_richest_cases_fit_every_driver(name: str, build: Build, host: Host) -> None:
    """The data cases with the most records: every driver's result is kept whole, nothing faulted."""
    case = _data_case(name)
    _fits(host, build(case["extra_specs"], case.get("flavor")))


def test_a_rich_flavor_needs_more_than_one_budget(build: Build) -> None:
    """Why four drivers: the rich case's records, had one driver sent them all, exceed the 1500-byte cap."""
    case = _data_case("all-features-rich")
    request = build(case["extra_specs"], case.get("flavor"))
    records, errors = plugin.discover(request)
    assert errors == []
    assert compact_size(with_ids(request, "compute", records)) > MAX_BYTES


BUDGET = (
    r"expected no more {feature} than fits the 1500-byte budget each driver has for a flavor's AAI records; "
    r"the flavor asks for more"
)


def _numa_nodes(count: int) -> dict[str, str]:
    specs = {"hw:numa_nodes": str(count)}
    for node in range(count):
        specs[f"hw:numa_cpus.{node}"] = str(node)
        specs[f"hw:numa_mem.{node}"] = "1024"
    return specs


def test_a_numa_topology_past_the_budget_is_bad_input(build: Build, host: Host) -> None:
    """12 pinned NUMA nodes on a 12-vCPU flavor: numa is faulted as bad input naming hw:numa_nodes, never oversize."""
    flavor = {"id": "numa-12", "vcpus": 12, "ram": 12 * 1024}
    request = build({**_numa_nodes(12), "hw:cpu_policy": "dedicated"}, flavor)
    with pytest.raises(PartialDiscovery) as info:
        plugin.numa.hpa_discover(request)
    assert info.value.records == []
    (error,) = info.value.errors
    assert isinstance(error, ExtraSpecError)
    assert (error.flavor_id, error.key, error.value) == ("numa-12", "hw:numa_nodes", "12")
    pattern = rf"^flavor 'numa-12': extra_spec 'hw:numa_nodes' = '12' is malformed; {BUDGET.format(feature='numa')}: "
    pattern += r"driver 'compute-numa' would send (\d+) bytes, \1 of them for numa\. Fix the flavor's extra_specs"
    assert re.search(pattern, str(error)), str(error)
    result = host.discover(request)
    assert [(f.driver, f.kind, f.alarming) for f in result.faults] == [("compute-numa", "bad-input", False)]
    assert result.capabilities["compute-numa"] == []
    kept = [record["hpa-capability-id"] for records in result.capabilities.values() for record in records]
    assert [url.rsplit("/", 1)[1] for url in result.delete_urls] == kept  # none for numa
    assert [r["hpa-feature"] for r in result.capabilities["compute-cpu"]] == ["cpuPinning"]


def test_numa_nodes_are_kept_up_to_the_budget(build: Build, host: Host) -> None:
    """The driver's size figure and the host's verdict agree at every node count: kept whole, or bad input."""
    verdicts = []
    for count in range(1, 13):
        request = build(_numa_nodes(count), {"vcpus": count, "ram": count * 1024})
        records, errors = discovered(plugin.numa, request)
        would_be = compact_size(with_ids(request, "compute-numa", records)) if records else None
        result = host.discover(request)
        if errors:
            assert records == result.capabilities["compute-numa"] == []
            assert [f.kind for f in result.faults] == ["bad-input"]
        else:
            assert would_be == compact_size(result.capabilities["compute-numa"]) <= MAX_BYTES
            assert result.faults == ()
        verdicts.append(not errors)
    # Kept up to some count, faulted from the next one on.
    assert verdicts == sorted(verdicts, reverse=True)
    assert 2 <= verdicts.count(True) < 12


def test_pci_aliases_past_the_budget_are_bad_input(build: Build, host: Host) -> None:
    """10 NIC aliases: the whole pciePassthrough feature is faulted as bad input (none kept), the rest unaffected."""
    aliases = ",".join(f"nic-vf-intel-8086-15b{i}:1" for i in range(10))
    request = build({"pci_passthrough:alias": aliases, "hw:mem_page_size": "large"}, {"id": "pci-10"})
    with pytest.raises(PartialDiscovery) as info:
        plugin.pci.hpa_discover(request)
    assert info.value.records == []
    (error,) = info.value.errors
    assert (error.key, error.value) == ("pci_passthrough:alias", aliases)
    assert re.search(BUDGET.format(feature="pciePassthrough") + r": driver 'compute-pci' would send", str(error))
    result = host.discover(request)
    assert [(f.driver, f.kind) for f in result.faults] == [("compute-pci", "bad-input")]
    assert [r["hpa-feature"] for r in result.capabilities["compute-basic"]] == [
        "basicCapabilities",
        "hugePages",
        "localStorage",
    ]
    kept = 0
    for count in range(1, 11):
        request = build({"pci_passthrough:alias": ",".join(aliases.split(",")[:count])})
        records, errors = discovered(plugin.pci, request)
        assert (len(records), len(errors)) in {(count, 0), (0, 1)}
        kinds = [fault.kind for fault in host.discover(request).faults]
        assert kinds == ([] if records else ["bad-input"])
        kept += bool(records)
    assert 3 <= kept < 10


def test_the_largest_feature_goes_first_and_only_as_much_as_needed(build: Build, host: Host) -> None:
    """compute-cpu over budget: the instruction sets (escaped to 14 bytes a character) go; pinning and topology stay."""
    features = "\U0001f600" * 255  # Nova's cap in characters; each becomes \\ud83d\\ude00 in AAI's JSON
    specs = {"hw:capabilities:cpu_info:features": features, "hw:cpu_policy": "dedicated", "hw:cpu_sockets": "2"}
    request = build(specs, {"id": "isa"})
    records, errors = discovered(plugin.cpu, request)
    assert [r["hpa-feature"] for r in records] == ["cpuPinning", "cpuTopology"]
    (error,) = errors
    assert error.key == "hw:capabilities:cpu_info:features"
    assert re.search(BUDGET.format(feature="instructionSetExtensions"), str(error))
    result = host.discover(request)
    assert [(f.driver, f.kind) for f in result.faults] == [("compute-cpu", "bad-input")]
    assert without_ids(result.capabilities["compute-cpu"]) == records


def test_a_budget_fault_names_the_key_that_made_the_feature_large(build: Build) -> None:
    """cpuTopology is the largest of compute-cpu here: it goes, and its error names its longest value's key."""
    specs = {
        "hw:cpu_policy": "dedicated",
        "hw:cpu_thread_policy": "isolate",
        "hw:cpu_sockets": "2",
        "hw:cpu_cores": "9" * 255,
        "hw:cpu_threads": "9" * 250,
        "hw:capabilities:cpu_info:features": "a" * 255,
    }
    records, errors = discovered(plugin.cpu, build(specs))
    assert [r["hpa-feature"] for r in records] == ["cpuPinning", "instructionSetExtensions"]
    (error,) = errors
    assert (error.key, error.value) == ("hw:cpu_cores", "9" * 255)
    assert re.search(BUDGET.format(feature="cpuTopology"), str(error))


def test_flavor_fields_nova_cannot_hold_never_reach_the_drivers(host: Host) -> None:
    """A 1400-digit vCPU count (Nova's fields are 32-bit) is refused by the host as a bad request."""
    flavor = {"id": "f-huge", "name": "onap.huge", "vcpus": 10**1400, "ram": 1024, "disk": 1}
    result = host.discover_data(flavor, {"hw:mem_page_size": "large"}, {"cloud_owner": "o", "cloud_region_id": "r"})
    assert result.record is None
    assert [(f.driver, f.kind) for f in result.faults] == [("host", "bad-request")]


def test_drivers_describe_themselves(driver_features: dict[str, frozenset[str]]) -> None:
    """DRIVERS: four drivers of this version and contract 1.1, splitting the eight features between them."""
    assert [driver.name for driver in DRIVERS] == NAMES
    assert {driver.name: driver.features for driver in DRIVERS} == driver_features
    assert all(driver.version == __version__ and driver.contract == "1.1" for driver in DRIVERS)
    assert [part.DRIVER for part in plugin.PARTS] == list(DRIVERS)
    assert sorted(FEATURES) == sorted(feature for features in driver_features.values() for feature in features)
    assert len(set(FEATURES)) == 8


def test_installed_entry_points_are_the_four_drivers(driver_features: dict[str, frozenset[str]]) -> None:
    """The installed distribution's entry points are exactly the four drivers, and the host loads each of them."""
    eps = [
        ep
        for ep in entry_points(group=ENTRY_POINT_GROUP)
        if ep.dist is not None and ep.dist.name == "onap-device-driver-compute"
    ]
    assert sorted(ep.name for ep in eps) == NAMES
    for ep in eps:
        assert ep.value == f"onap_device_driver_compute.plugin:{ep.name.removeprefix('compute-')}"
        assert ep.load() is getattr(plugin, ep.name.removeprefix("compute-"))
    host = Host(only=NAMES)
    loaded = {d.name: d for d in host.drivers if d.name in NAMES}
    assert sorted(loaded) == NAMES
    for name, record in loaded.items():
        assert record.status == "loaded", record.error
        assert record.distribution == "onap-device-driver-compute"
        assert record.features == driver_features[name]
        assert record.hooks == ("hpa_discover",)  # the host derives the delete URLs itself
