"""The driver through the host, as the MultiCloud plugin runs it: records, stable ids, delete URLs, faults."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from typing import Any

import pytest
from onap_device_driver_ovs_dpdk import DRIVER, plugin

from onap_hpa import ENTRY_POINT_GROUP, DiscoveryRequest, VimInfoError, capability_ids
from onap_hpa_host import Host
from onap_hpa_host.validation import check_records

from .conftest import Build, cases


@pytest.mark.parametrize("case", cases())
def test_case(case: dict[str, Any], host: Host, build: Build) -> None:
    """Each data case: exactly its record (id aside), or one bad-input fault naming flavor and VIM field."""
    request = build(case["vim"], case.get("vim_without", ()))
    result = host.discover(request)
    records = result.capabilities["ovs-dpdk"]
    assert [{k: v for k, v in r.items() if k != "hpa-capability-id"} for r in records] == case["records"]
    assert [fault.kind for fault in result.faults] == ["bad-input"] * len(case["errors"])
    for fault, match in zip(result.faults, case["errors"], strict=True):
        assert fault.driver == "ovs-dpdk"
        assert fault.message.startswith(f"flavor {request.flavor.id!r}: VIM cloud_extra_info")
        assert fault.message.endswith("Fix the cloud region's cloud-extra-info in AAI.")
        assert re.search(match, fault.message), fault.message
    assert [r["hpa-capability-id"] for r in records] == capability_ids(request, "ovs-dpdk", case["records"])
    if records:
        assert check_records(records) is None


@pytest.mark.parametrize("case", cases())
def test_delete_urls_cover_exactly_the_records(case: dict[str, Any], host: Host, build: Build) -> None:
    """The host's delete URLs (from its ids) name the record created, and none while cloud_extra_info is garbled."""
    request = build(case["vim"], case.get("vim_without", ()))
    result = host.discover(request)
    ids = [r["hpa-capability-id"] for r in result.capabilities["ovs-dpdk"]]
    assert [url.rsplit("/", 1)[1] for url in result.delete_urls] == ids
    flavor = request.flavor.id
    prefix = f"/cloud-infrastructure/cloud-regions/cloud-region/CloudOwner/RegionOne/flavors/flavor/{flavor}/"
    assert all(url.startswith(prefix + "hpa-capabilities/hpa-capability/") for url in result.delete_urls)
    deleted = host.delete_urls(request)
    assert (deleted.urls, deleted.faults) == (result.delete_urls, result.faults)


def test_every_flavor_of_a_declaring_region_gets_the_record(host: Host) -> None:
    """The feature is the region's: every flavor gets it, whatever its extra_specs, each with its own stable id."""
    vim = {"cloud_owner": "o", "cloud_region_id": "r", "cloud_extra_info": '{"ovsDpdk": {"libversion": "v17.02"}}'}
    ids = set()
    for flavor_id, specs in [("a", {}), ("b", {"hw:cpu_policy": "dedicated"}), ("c b", {"x": "y"})]:
        request = DiscoveryRequest.build({"id": flavor_id, "name": "onap.x", "vcpus": 1, "ram": 512}, specs, vim)
        (record,) = host.discover(request).capabilities["ovs-dpdk"]
        assert record["hpa-feature-attributes"] == [
            {"hpa-attribute-key": "dataProcessingAccelerationLibrary", "hpa-attribute-value": '{"value":"v17.02"}'}
        ]
        ids.add(record["hpa-capability-id"])
        again = Host(installed=False, plugins=[plugin]).discover(request).capabilities["ovs-dpdk"]
        assert again == [record]
    assert len(ids) == 3


def test_credentials_never_reach_the_error(build: Build) -> None:
    """A garbled cloud_extra_info is reported by position only: its text (which may hold secrets) is not repeated."""
    request = build({"cloud_extra_info": '{"password": "hunter2", "ovsDpdk": '})
    with pytest.raises(VimInfoError, match=r"VIM cloud_extra_info is not valid JSON") as info:
        plugin.hpa_discover(request)
    assert "hunter2" not in str(info.value)
    assert (info.value.flavor_id, info.value.field) == (request.flavor.id, "cloud_extra_info")
    assert Host(installed=False, plugins=[plugin]).discover(request).delete_urls == ()


def test_driver_metadata() -> None:
    """DRIVER declares the name, contract 1.1, exactly the feature the driver emits, and no extra_spec read."""
    assert DRIVER.name == "ovs-dpdk"
    assert DRIVER.distribution == "onap-device-driver-ovs-dpdk"
    assert DRIVER.contract == "1.1"
    assert DRIVER.features == {"ovsDpdk"}
    assert DRIVER.reads == ()


def test_installed_entry_point_loads() -> None:
    """The installed distribution's entry point 'ovs-dpdk' names the hookimpl module and the host loads it."""
    (ep,) = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == "ovs-dpdk"]
    assert ep.value == "onap_device_driver_ovs_dpdk.plugin"
    assert ep.load() is plugin
    (record,) = [r for r in Host(installed=True, only=["ovs-dpdk"]).drivers if r.name == "ovs-dpdk"]
    assert (record.status, record.distribution, record.error) == ("loaded", "onap-device-driver-ovs-dpdk", "")
    assert record.hooks == ("hpa_discover",)  # the host derives the delete URLs itself
