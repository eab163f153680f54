"""Each host rule, proven with small in-test drivers registered next to a well-behaved one."""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from importlib.metadata import EntryPoint
from typing import Any

import pluggy
import pytest

from onap_hpa import (
    CONTRACT_VERSION,
    DiscoveryRequest,
    DriverInfo,
    ExtraSpecError,
    PartialDiscovery,
    attribute,
    capability,
    capability_urls,
    hookimpl,
    hookspecs,
)
from onap_hpa.drivers import FAILED, INCOMPATIBLE, LOADED, load_entry_point
from onap_hpa_host import Host


class Driver:
    """A configurable in-test driver: ``behave(request)`` returns its records."""

    def __init__(self, name: str, behave: Any, features: tuple[str, ...] = ("numa",), contract: str = "1.0") -> None:
        self.DRIVER = DriverInfo(name=name, version="0.1", features=frozenset(features), contract=contract)
        self.behave = behave
        self.seen: list[DiscoveryRequest] = []

    @hookimpl
    def hpa_discover(self, request: DiscoveryRequest) -> Any:
        self.seen.append(request)
        return self.behave(request)

    @hookimpl
    def hpa_delete_urls(self, request: DiscoveryRequest) -> list[str]:
        return capability_urls(request, self.DRIVER.name, self.behave(request))


def numa(request: DiscoveryRequest) -> list[dict[str, Any]]:
    return [capability("numa", "generic", [attribute("numaNodes", 2)])]


def pinning(request: DiscoveryRequest) -> list[dict[str, Any]]:
    return [capability("cpuPinning", "generic", [attribute("logicalCpuPinningPolicy", "dedicated")])]


def good() -> Driver:
    # Its own one-per-flavor feature: two drivers emitting numa for one flavor would be a conflict.
    return Driver("good", pinning, features=("cpuPinning",))


def raising(request: DiscoveryRequest) -> Any:
    raise ZeroDivisionError("boom")


def exiting(request: DiscoveryRequest) -> Any:
    raise SystemExit(3)


def garbage(request: DiscoveryRequest) -> Any:
    return [{"hpa-feature": "numa", "architecture": 7}]


def not_a_list(request: DiscoveryRequest) -> Any:
    return {"hpa-feature": "numa"}


def strings(request: DiscoveryRequest) -> Any:
    return ["numa"]


@dataclasses.dataclass
class LooksLikeARecord:
    architecture: str = "generic"


def dataclass_records(request: DiscoveryRequest) -> Any:
    return [LooksLikeARecord()]


def bad_value(request: DiscoveryRequest) -> Any:
    return [capability("numa", "generic", [{"hpa-attribute-key": "numaNodes", "hpa-attribute-value": '"2"'}])]


def numeric_value(request: DiscoveryRequest) -> Any:
    return [capability("numa", "generic", [{"hpa-attribute-key": "numaNodes", "hpa-attribute-value": '{"value":2}'}])]


def duplicate_keys(request: DiscoveryRequest) -> Any:
    return [capability("numa", "generic", [attribute("numaNodes", 2), attribute("numaNodes", 3)])]


def empty_attributes(request: DiscoveryRequest) -> Any:
    return [capability("numa", "generic", [])]


def oversize(request: DiscoveryRequest) -> Any:
    return [capability("numa", "generic", [attribute(f"numaCpu-{i}", "0-63") for i in range(60)])]


def undeclared(request: DiscoveryRequest) -> Any:
    return [capability("hugePages", "generic", [attribute("memoryPageSize", 2, "MB")])]


def sleeping(request: DiscoveryRequest) -> Any:
    time.sleep(0.3)
    return numa(request)


def spinning(request: DiscoveryRequest) -> Any:
    while True:
        pass


def swallowing_spin(request: DiscoveryRequest) -> Any:
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001, S112 - the point: a driver that swallows everything
            continue
    return numa(request)


def bad_input(request: DiscoveryRequest) -> Any:
    raise ExtraSpecError(request.flavor.id, "hw:numa_nodes", "two", "an integer >= 1")


def partial(request: DiscoveryRequest) -> Any:
    raise PartialDiscovery(
        numa(request), [ExtraSpecError(request.flavor.id, "hw:mem_page_size", "huge", "small, large, any or a size")]
    )


def host_with(*drivers: Driver, deadline: float = 2.0) -> Host:
    return Host(installed=False, plugins=[good(), *drivers], deadline=deadline)


def features(result: Any, driver: str) -> list[str]:
    return [record["hpa-feature"] for record in result.capabilities[driver]]


@pytest.mark.parametrize(
    ("behave", "kind", "match"),
    [
        (raising, "raised", r"hpa_discover raised ZeroDivisionError: boom"),
        (exiting, "raised", r"raised SystemExit"),
        (garbage, "invalid-output", r"is a required property"),
        (not_a_list, "invalid-output", r"returned dict, expected a list"),
        (strings, "invalid-output", r"not JSON objects"),
        (dataclass_records, "invalid-output", r"not JSON objects"),
        (bad_value, "invalid-output", r"numaNodes' value decodes to a JSON str, not an object"),
        (numeric_value, "invalid-output", r'"value" 2; OOF needs a string'),
        (duplicate_keys, "invalid-output", r"repeats an hpa-attribute-key"),
        (empty_attributes, "invalid-output", r"hpa-feature-attributes"),
        (oversize, "oversize", r"\d+ bytes of compact JSON, more than the 1500-byte cap"),
        (undeclared, "undeclared-feature", r"emitted \['hugePages'\], but DRIVER.features declares \['numa'\]"),
    ],
)
def test_a_misbehaving_driver_is_isolated(request_: DiscoveryRequest, behave: Any, kind: str, match: str) -> None:
    host = host_with(Driver("bad", behave))
    result = host.discover(request_)
    (fault,) = result.faults
    assert (fault.flavor_id, fault.driver, fault.kind) == (request_.flavor.id, "bad", kind)
    assert fault.alarming
    assert result.capabilities["bad"] == []
    assert features(result, "good") == ["cpuPinning"]
    assert [r["hpa-feature"] for r in result.record["hpa-capabilities"]["hpa-capability"]] == ["cpuPinning"]
    assert re.search(match, fault.message), fault.message


@pytest.mark.parametrize("behave", [sleeping, spinning, swallowing_spin])
def test_a_driver_past_its_deadline_is_cut_off(request_: DiscoveryRequest, behave: Any) -> None:
    host = host_with(Driver("slow", behave), deadline=0.1)
    start = time.monotonic()
    result = host.discover(request_)
    assert time.monotonic() - start < 1.0  # the spinning ones are interrupted, not waited for
    (fault,) = result.faults
    assert (fault.driver, fault.kind) == ("slow", "timeout")
    assert "past the 0.1 s deadline" in fault.message
    assert features(result, "good") == ["cpuPinning"]
    # The host keeps working after an interruption.
    assert host.discover(request_).capabilities["good"] == result.capabilities["good"]


def test_bad_input_is_a_fault_but_not_an_alarm(request_: DiscoveryRequest) -> None:
    result = host_with(Driver("strict", bad_input)).discover(request_)
    (fault,) = result.faults
    assert (fault.kind, fault.alarming) == ("bad-input", False)
    assert "'hw:numa_nodes' = 'two' is malformed; expected an integer >= 1" in fault.message


def test_partial_discovery_keeps_the_good_records(request_: DiscoveryRequest) -> None:
    result = host_with(Driver("partial", partial)).discover(request_)
    assert features(result, "partial") == ["numa"]
    (fault,) = result.faults
    assert (fault.driver, fault.kind) == ("partial", "bad-input")
    assert "hw:mem_page_size" in fault.message


def test_a_driver_never_receives_the_vim_password(plugin_data: dict[str, Any]) -> None:
    spy = Driver("spy", numa)
    host = host_with(spy)
    host.discover_data(plugin_data["flavor"], plugin_data["extra_specs"], plugin_data["vim"])
    (request,) = spy.seen
    assert "s3cr3t-do-not-leak" not in repr(request)
    assert "onap-admin" not in repr(request)
    assert not any(hasattr(request.vim, name) for name in ("password", "userName", "url", "tenant", "cacert"))


def test_wrong_contract_version_is_refused_with_the_fix() -> None:
    host = host_with(Driver("future", numa, contract="2.0"))
    refused = {d.name: d for d in host.drivers}["future"]
    assert refused.status == INCOMPATIBLE
    assert f"implements contract 2.0, this SDK supports {CONTRACT_VERSION}" in refused.error
    assert "onap-device-driver-future" in refused.error


def test_hook_hpa_discover(request_: DiscoveryRequest) -> None:
    other = Driver("other", lambda r: [capability("numa", "generic", [attribute("numaNodes", 1)])])
    result = host_with(other).discover(request_)
    assert list(result.capabilities) == ["good", "other"]
    values = [
        r["hpa-feature-attributes"][0]["hpa-attribute-value"]
        for r in result.record["hpa-capabilities"]["hpa-capability"]
    ]
    assert values == ['{"value":"dedicated"}', '{"value":"1"}']
    assert all(r["hpa-capability-id"] for r in result.record["hpa-capabilities"]["hpa-capability"])
    assert result.faults == ()


def test_ids_are_stable_and_unique(request_: DiscoveryRequest) -> None:
    first = host_with().discover(request_)
    second = host_with().discover(request_)
    assert first.record == second.record
    ids = [r["hpa-capability-id"] for r in first.record["hpa-capabilities"]["hpa-capability"]]
    assert len(set(ids)) == len(ids)


def test_hook_hpa_delete_urls(request_: DiscoveryRequest) -> None:
    other = Driver("other", lambda r: [capability("numa", "generic", [attribute("numaNodes", 1)])])
    host = host_with(other)
    result = host.discover(request_)
    urls = host.delete_urls(request_)
    ids = [r["hpa-capability-id"] for r in result.record["hpa-capabilities"]["hpa-capability"]]
    assert [url.rsplit("/", 1)[1] for url in urls.urls] == ids
    assert urls.faults == ()
    assert result.delete_urls == urls.urls
    # The host owns the URLs; a conformant driver's own hook agrees with them (the gate checks it).
    own = host.driver_delete_urls(request_)
    assert [*own["good"], *own["other"]] == list(urls.urls)


def test_a_drivers_own_delete_urls_never_reach_the_plan(request_: DiscoveryRequest) -> None:
    class Liar(Driver):
        @hookimpl
        def hpa_delete_urls(self, request: DiscoveryRequest) -> list[str]:
            return ["/cloud-infrastructure/cloud-regions/cloud-region/x/y/flavors/flavor/z"]

    host = host_with(Liar("liar", numa))
    result = host.delete_urls(request_)
    assert len(result.urls) == 2  # the host's URLs of both drivers' records: the liar's own are not used
    assert all("/x/y/" not in url for url in result.urls)
    assert result.faults == ()
    assert host.driver_delete_urls(request_)["liar"] == [
        "/cloud-infrastructure/cloud-regions/cloud-region/x/y/flavors/flavor/z"
    ]


def test_malformed_request_is_a_host_fault() -> None:
    result = host_with().discover_data({"id": "f1", "name": "onap.x"}, {}, {"cloud_owner": "o", "cloud_region_id": "r"})
    assert result.record is None
    (fault,) = result.faults
    assert (fault.flavor_id, fault.driver, fault.kind) == ("f1", "host", "bad-request")


def test_driver_faults_are_logged_once_with_the_traceback(
    request_: DiscoveryRequest, caplog: pytest.LogCaptureFixture
) -> None:
    host = host_with(Driver("bad", raising))
    with caplog.at_level(logging.ERROR):
        host.discover(request_)
        host.discover(request_)
    errors = [r for r in caplog.records if r.name == "onap_hpa.driver.bad"]
    assert len(errors) == 1
    assert errors[0].exc_info is not None


class TestEntryPoints:
    """Installed drivers are loaded one entry point at a time; every outcome is recorded."""

    def pm(self) -> pluggy.PluginManager:
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        return pm

    def test_a_driver_that_fails_to_import_is_reported(self) -> None:
        ep = EntryPoint("ghost", "onap_hpa_no_such_module.plugin", hookspecs.ENTRY_POINT_GROUP)
        record = load_entry_point(self.pm(), ep)
        assert record.status == FAILED
        assert "import of 'onap_hpa_no_such_module.plugin' failed: ModuleNotFoundError" in record.error
        assert "Traceback" in record.traceback

    def test_the_sriov_driver_loads_from_its_entry_point(self) -> None:
        ep = EntryPoint("sriov-nic", "onap_device_driver_sriov_nic.plugin", hookspecs.ENTRY_POINT_GROUP)
        record = load_entry_point(self.pm(), ep)
        assert (record.status, record.features, record.hooks) == (
            LOADED,
            frozenset({"sriovNICNetwork"}),
            ("hpa_discover",),  # contract 1.1: the host derives delete URLs, drivers need not
        )

    def test_entry_point_name_must_match_the_driver_name(self) -> None:
        ep = EntryPoint("sriov", "onap_device_driver_sriov_nic.plugin", hookspecs.ENTRY_POINT_GROUP)
        record = load_entry_point(self.pm(), ep)
        assert record.status == FAILED
        assert "entry point is named 'sriov' but DRIVER.name is 'sriov-nic'" in record.error

    def test_blocked_drivers_are_listed_not_loaded(self) -> None:
        ep = EntryPoint("sriov-nic", "onap_device_driver_sriov_nic.plugin", hookspecs.ENTRY_POINT_GROUP)
        assert load_entry_point(self.pm(), ep, blocked=True).status == "blocked"


def test_unknown_hooks_and_bad_signatures_are_refused() -> None:
    class Extra(Driver):
        @hookimpl
        def hpa_check_capacity(self, request: DiscoveryRequest) -> None:
            return None

    class WrongArgs:
        DRIVER = DriverInfo(name="wrong-args", version="1", features=frozenset({"numa"}))

        @hookimpl
        def hpa_discover(self, request: DiscoveryRequest, flavor: Any) -> list[Any]:
            return []

    host = Host(installed=False, plugins=[Extra("extra", numa), WrongArgs()])
    by_name = {d.name: d for d in host.drivers}
    assert "unknown hooks ['hpa_check_capacity']" in by_name["extra"].error
    assert "hooks do not match the contract" in by_name["wrong-args"].error


def test_concurrent_discovery_is_isolated_per_thread(plugin_data: dict[str, Any]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def spin_on_odd(request: DiscoveryRequest) -> Any:
        while request.flavor.id.endswith(("1", "3", "5", "7", "9")):
            pass
        return numa(request)

    host = host_with(Driver("odd", spin_on_odd), deadline=0.2)

    def discover(index: int) -> tuple[str, list[str]]:
        flavor = {**plugin_data["flavor"], "id": f"flavor-{index}"}
        result = host.discover_data(flavor, {}, plugin_data["vim"])
        return result.flavor_id, [f"{f.driver}:{f.kind}" for f in result.faults]

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = dict(pool.map(discover, range(12)))
    assert outcomes == {f"flavor-{i}": (["odd:timeout"] if i % 2 else []) for i in range(12)}


def test_partial_discovery_out_of_delete_urls_gives_the_urls_of_its_records(request_: DiscoveryRequest) -> None:
    class Reusing(Driver):
        @hookimpl
        def hpa_delete_urls(self, request: DiscoveryRequest) -> list[str]:
            return capability_urls(request, self.DRIVER.name, self.hpa_discover(request))

    host = host_with(Reusing("partial", partial))
    kept = [r["hpa-capability-id"] for r in host.discover(request_).capabilities["partial"]]
    result = host.delete_urls(request_)
    assert [url.rsplit("/", 1)[1] for url in result.urls][1:] == kept
    assert [(f.driver, f.kind) for f in result.faults] == [("partial", "bad-input")]
    assert [url.rsplit("/", 1)[1] for url in host.driver_delete_urls(request_)["partial"]] == kept


def test_a_misspelt_catalogued_key_costs_that_drivers_records(request_: DiscoveryRequest) -> None:
    def misspelt(request: DiscoveryRequest) -> Any:
        attributes = [attribute("pcicount", 2), attribute("pciVendorID", "8086"), attribute("pciDeviceId", "154C")]
        return [capability("sriovNICNetwork", "intel", [*attributes, attribute("physicalNetwork", "physnet1")])]

    result = host_with(Driver("typo", misspelt, features=("sriovNICNetwork",))).discover(request_)
    (fault,) = result.faults
    assert (fault.driver, fault.kind) == ("typo", "invalid-output")
    assert "'pcicount'" in fault.message
    assert "pciCount" in fault.message
    assert result.capabilities["typo"] == []
    assert features(result, "good") == ["cpuPinning"]


def test_two_drivers_with_one_per_flavor_feature_conflict(request_: DiscoveryRequest) -> None:
    host = host_with(Driver("numa-a", numa), Driver("numa-b", numa))
    result = host.discover(request_)
    assert sorted((f.driver, f.kind) for f in result.faults) == [("numa-a", "conflict"), ("numa-b", "conflict")]
    assert all("numa-a" in f.message and "numa-b" in f.message for f in result.faults)
    assert [r["hpa-feature"] for r in result.record["hpa-capabilities"]["hpa-capability"]] == ["cpuPinning"]
