"""The driver through the host, as the MultiCloud plugin runs it: records, stable ids, delete URLs, faults."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any

import pytest
from onap_device_driver_gpu import DRIVER, plugin

from onap_hpa import ENTRY_POINT_GROUP, DiscoveryRequest, capability_ids
from onap_hpa_host import Host
from onap_hpa_host.validation import check_records

from .conftest import cases

Build = Callable[[Mapping[str, str]], DiscoveryRequest]


@pytest.mark.parametrize("case", cases())
def test_case(case: dict[str, Any], host: Host, build: Build) -> None:
    """Each data case: exactly its records (ids aside) and one bad-input fault per expected error."""
    request = build(case["extra_specs"])
    result = host.discover(request)
    records = result.capabilities["gpu"]
    assert [{k: v for k, v in r.items() if k != "hpa-capability-id"} for r in records] == case["records"]
    assert [fault.kind for fault in result.faults] == ["bad-input"] * len(case["errors"])
    for fault, error in zip(result.faults, case["errors"], strict=True):
        assert fault.driver == "gpu"
        assert f"extra_spec {error['key']!r}" in fault.message
        assert re.search(error["match"], fault.message), fault.message
    assert [r["hpa-capability-id"] for r in records] == capability_ids(request, "gpu", case["records"])
    assert check_records(records) is None


@pytest.mark.parametrize("case", cases())
def test_delete_urls_cover_exactly_the_records_kept(case: dict[str, Any], host: Host, build: Build) -> None:
    """The host's delete URLs (from its ids) name every record kept, and nothing else, faults or not."""
    request = build(case["extra_specs"])
    result = host.discover(request)
    ids = [r["hpa-capability-id"] for r in result.capabilities["gpu"]]
    assert [url.rsplit("/", 1)[1] for url in result.delete_urls] == ids
    flavor = request.flavor.id
    prefix = f"/cloud-infrastructure/cloud-regions/cloud-region/CloudOwner/RegionOne/flavors/flavor/{flavor}/"
    assert all(url.startswith(prefix + "hpa-capabilities/hpa-capability/") for url in result.delete_urls)
    deleted = host.delete_urls(request)
    assert (deleted.urls, deleted.faults) == (result.delete_urls, result.faults)


def test_rediscovery_gives_the_same_ids(host: Host, build: Build) -> None:
    """Ids are stable: a second sync of an unchanged flavor updates AAI records instead of churning them."""
    specs = {"pci_passthrough:alias": "gpu-t4-nvidia-10de-1eb8:1,gpu-v100-nvidia-10de-1db4:2", "resources:VGPU": "1"}
    first = host.discover(build(specs)).capabilities["gpu"]
    again = Host(installed=False, plugins=[plugin]).discover(build(specs)).capabilities["gpu"]
    assert first == again
    assert len({r["hpa-capability-id"] for r in first}) == 3


def test_partial_discovery_keeps_good_records() -> None:
    """hpa_discover raises PartialDiscovery carrying the good records and one error per bad feature."""
    from onap_hpa import PartialDiscovery

    request = DiscoveryRequest.build(
        {"id": "f1", "name": "onap.gpu", "vcpus": 2, "ram": 2048},
        {"pci_passthrough:alias": "gpu-v100-nvidia-10de-1db4:1", "resources:VGPU": "x"},
        {"cloud_owner": "o", "cloud_region_id": "r"},
    )
    with pytest.raises(PartialDiscovery, match=r"flavor 'f1': extra_spec 'resources:VGPU' = 'x' is malformed") as info:
        plugin.hpa_discover(request)
    assert [r["hpa-feature"] for r in info.value.records] == ["pciePassthrough"]
    assert [error.key for error in info.value.errors] == ["resources:VGPU"]


def test_single_bad_feature_raises_its_error() -> None:
    """With nothing good to keep, the one ExtraSpecError itself is raised, naming flavor, key, value, expectation."""
    from onap_hpa import ExtraSpecError

    request = DiscoveryRequest.build(
        {"id": "f2", "name": "onap.vgpu", "vcpus": 2, "ram": 2048},
        {"resources:VGPU": "2.0"},
        {"cloud_owner": "o", "cloud_region_id": "r"},
    )
    expected = r"flavor 'f2': extra_spec 'resources:VGPU' = '2.0' is malformed; expected an integer as Nova reads it"
    with pytest.raises(ExtraSpecError, match=expected):
        plugin.hpa_discover(request)
    assert Host(installed=False, plugins=[plugin]).discover(request).delete_urls == ()


def test_driver_metadata() -> None:
    """DRIVER declares the name, contract 1.1, exactly the features the driver emits and the keys it reads."""
    assert DRIVER.name == "gpu"
    assert DRIVER.distribution == "onap-device-driver-gpu"
    assert DRIVER.contract == "1.1"
    assert DRIVER.features == {"pciePassthrough", "virtualGpu"}
    assert DRIVER.reads == ("pci_passthrough:alias", "resources:VGPU", "trait:CUSTOM_*")


def test_installed_entry_point_loads() -> None:
    """The installed distribution's entry point 'gpu' names the hookimpl module and the host loads it."""
    (ep,) = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == "gpu"]
    assert ep.value == "onap_device_driver_gpu.plugin"
    assert ep.load() is plugin
    (record,) = [r for r in Host(installed=True, only=["gpu"]).drivers if r.name == "gpu"]
    assert (record.status, record.distribution, record.error) == ("loaded", "onap-device-driver-gpu", "")
    assert record.hooks == ("hpa_discover",)  # the host derives the delete URLs itself
