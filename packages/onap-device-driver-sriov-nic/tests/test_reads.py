"""DRIVER.reads is exactly what the driver reads: run it on every fixture with extra_specs that record
every key looked up, and check each is declared (a trailing ``*`` declares a prefix) and each declared
entry is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from onap_device_driver_sriov_nic import DRIVER, plugin
from onap_device_driver_sriov_nic.parse import KEY

from onap_hpa import DiscoveryRequest
from onap_hpa_harness.reads import assert_declared_entries_read, assert_looks_up_only_declared

CASES = sorted((Path(__file__).parent / "data").glob("*.json"))
FLAVOR = {"id": "onap.sriov", "name": "onap.sriov", "vcpus": 2, "ram": 2048, "disk": 20}
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}
#: Keys no SR-IOV flavor needs, next to the one it does: a driver that looked at them would be caught.
OTHERS = {"capabilities:cpu_info:model": "Haswell", "aggregate_instance_extra_specs:x": "1"}


def _request(path: Path) -> DiscoveryRequest:
    return DiscoveryRequest.build(FLAVOR, {KEY: json.loads(path.read_text())["value"]}, VIM)


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_every_key_the_driver_looks_up_is_declared(path: Path) -> None:
    assert_looks_up_only_declared(plugin, _request(path), OTHERS)


def test_every_declared_key_is_read() -> None:
    assert DRIVER.reads == (KEY,)
    assert_declared_entries_read(plugin, [_request(path) for path in CASES], OTHERS)
