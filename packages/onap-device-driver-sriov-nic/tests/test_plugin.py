from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from onap_device_driver_sriov_nic import DRIVER, plugin
from onap_device_driver_sriov_nic.parse import KEY

from onap_hpa import DiscoveryRequest
from onap_hpa_host import DeleteResult, Host

VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack", "password": "secret"}
FLAVOR = {"id": "onap.sriov 1", "name": "onap.sriov", "vcpus": 2, "ram": 2048, "disk": 20}


def request(value: str | None) -> DiscoveryRequest:
    return DiscoveryRequest.build(FLAVOR, {} if value is None else {KEY: value}, VIM)


def host() -> Host:
    return Host(installed=False, plugins=[plugin])


def test_the_original_example_gives_the_documented_record() -> None:
    (record,) = host().discover(request("sriov-nic-intel-8086-15b3-physnet-1:1")).capabilities["sriov-nic"]
    assert record["hpa-feature"] == "sriovNICNetwork"
    assert (record["architecture"], record["hpa-version"]) == ("intel", "v1")
    attributes = {
        a["hpa-attribute-key"]: json.loads(a["hpa-attribute-value"]) for a in record["hpa-feature-attributes"]
    }
    assert attributes == {
        "pciCount": {"value": "1"},
        "pciVendorId": {"value": "8086"},
        "pciDeviceId": {"value": "15b3"},
        "physicalNetwork": {"value": "physnet-1"},
    }


def test_no_key_no_record() -> None:
    assert plugin.hpa_discover(request(None)) == []
    result = host().discover(request(None))
    assert (result.capabilities["sriov-nic"], result.delete_urls) == ([], ())


def test_delete_urls_are_the_hosts_from_its_own_ids() -> None:
    """No hpa_delete_urls (contract 1.1): the host derives the URL of the record it created from its id."""
    req = request("sriov-nic-intel-8086-15b3-physnet-1:1")
    result = host().discover(req)
    ids = [r["hpa-capability-id"] for r in result.capabilities["sriov-nic"]]
    urls = (
        "/cloud-infrastructure/cloud-regions/cloud-region/CloudOwner/RegionOne/flavors/flavor/onap.sriov%201"
        f"/hpa-capabilities/hpa-capability/{ids[0]}",
    )
    assert result.delete_urls == urls
    assert host().delete_urls(req) == DeleteResult(urls)


def test_implements_contract_1_1_without_delete_urls() -> None:
    assert DRIVER.contract == "1.1"
    assert not hasattr(plugin, "hpa_delete_urls")
    (record,) = host().drivers
    assert (record.status, record.hooks) == ("loaded", ("hpa_discover",))


def test_a_malformed_value_is_a_bad_input_fault_naming_flavor_key_and_value() -> None:
    result = host().discover(request("sriov-nic-intel-8086:2"))
    (fault,) = result.faults
    assert (fault.driver, fault.kind, fault.flavor_id) == ("sriov-nic", "bad-input", "onap.sriov 1")
    assert f"'{KEY}' = 'sriov-nic-intel-8086:2' is malformed" in fault.message


def test_declares_what_it_emits() -> None:
    assert DRIVER.features == {"sriovNICNetwork"}
    assert DRIVER.distribution == "onap-device-driver-sriov-nic"


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300)
    | st.from_regex(r"sriov-nic-[a-z]{1,5}-[0-9a-f]{4}-[0-9a-f]{4}-.{0,20}:.{0,5}", fullmatch=True)
)
def test_hostile_values_give_a_record_or_a_bad_input_fault(value: Any) -> None:
    result = host().discover(request(value))
    assert all(fault.kind == "bad-input" for fault in result.faults)
    assert len(result.capabilities["sriov-nic"]) + len(result.faults) == 1
