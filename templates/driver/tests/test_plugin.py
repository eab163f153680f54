"""The driver as the host runs it: records, ids, delete URLs, its declared feature, the byte cap, hostile values."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from onap_device_driver_example_accel import DRIVER, FEATURE, plugin
from onap_device_driver_example_accel.parse import KEY, MAX_DEVICES

from onap_hpa import DiscoveryRequest, capability_url, hookimpl
from onap_hpa.extra_specs import MAX_VALUE
from onap_hpa_host import Host

HERE = Path(__file__).parent
#: The recorded region the conformance gate runs this driver on (the harness's region format).
FIXTURES = HERE.parent / "fixtures"
REQUEST = json.loads((HERE / "request.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((HERE / "request.expected.json").read_text(encoding="utf-8"))


def _request(extra_specs: dict[str, str] | None = None) -> DiscoveryRequest:
    specs = REQUEST["extra_specs"] if extra_specs is None else extra_specs
    return DiscoveryRequest.build(REQUEST["flavor"], specs, REQUEST["vim"])


@pytest.fixture(scope="module")
def host() -> Host:
    """A host with this driver only, registered through the same checks as an installed one."""
    return Host(installed=False, plugins=[plugin])


def _without_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in record.items() if k != "hpa-capability-id"} for record in records]


def test_fixture_request_gives_one_record_per_device(host: Host) -> None:
    result = host.discover(_request())
    assert result.faults == ()
    assert _without_ids(result.capabilities[DRIVER.name]) == EXPECTED


def test_ids_are_stable_and_delete_urls_name_exactly_the_records(host: Host) -> None:
    """The host gives the ids and derives the delete URLs from them: the driver writes neither."""
    result = host.discover(_request())
    records = result.capabilities[DRIVER.name]
    again = Host(installed=False, plugins=[plugin]).discover(_request()).capabilities[DRIVER.name]
    assert records == again
    vim, flavor_id = _request().vim, REQUEST["flavor"]["id"]
    urls = [capability_url(vim.cloud_owner, vim.cloud_region_id, flavor_id, r["hpa-capability-id"]) for r in records]
    assert result.delete_urls == tuple(urls)
    deletes = host.delete_urls(_request())
    assert (deletes.urls, deletes.faults) == (tuple(urls), ())


def test_describes_itself_for_contract_1_1(host: Host) -> None:
    """Contract 1.1: the key it reads and its feature declared; no hpa_delete_urls (the host has the ids)."""
    assert (DRIVER.contract, DRIVER.reads, set(DRIVER.feature_specs)) == ("1.1", (KEY,), {FEATURE})
    assert not hasattr(plugin, "hpa_delete_urls")
    (record,) = host.drivers
    assert (record.status, record.error, record.hooks) == ("loaded", "", ("hpa_discover",))


class _Misspelt:
    """This driver with one attribute key misspelt, as a careless edit of plugin.py would."""

    DRIVER = DRIVER

    @hookimpl
    def hpa_discover(self, request: DiscoveryRequest) -> list[dict[str, Any]]:
        records = plugin.hpa_discover(request)
        for record in records:
            for attr in record["hpa-feature-attributes"]:
                attr["hpa-attribute-key"] = attr["hpa-attribute-key"].replace("VendorId", "VendorID")
        return records


def test_the_host_holds_every_record_to_the_declared_feature() -> None:
    """FEATURE_SPEC at work: a record off the declaration never reaches AAI, whose OOF would never match it."""
    result = Host(installed=False, plugins=[_Misspelt()]).discover(_request())
    assert result.capabilities[DRIVER.name] == []
    (fault,) = result.faults
    assert (fault.driver, fault.kind) == (DRIVER.name, "invalid-output")
    assert "'pciVendorID'" in fault.message
    assert "'pciVendorId'" in fault.message


def test_flavor_without_the_key_has_no_records_and_no_urls(host: Host) -> None:
    request = _request({"hw:cpu_policy": "dedicated"})
    assert host.discover(request).capabilities[DRIVER.name] == []
    assert host.delete_urls(request).urls == ()


def test_malformed_value_is_a_bad_input_fault_naming_flavor_and_key(host: Host) -> None:
    result = host.discover(_request({KEY: "accel-crypto-acme-1d0f-0a5b"}))
    assert [(f.driver, f.kind) for f in result.faults] == [(DRIVER.name, "bad-input")]
    assert REQUEST["flavor"]["id"] in result.faults[0].message
    assert KEY in result.faults[0].message


def test_largest_value_accepted_stays_under_the_host_byte_cap(host: Host) -> None:
    # The longest vendor names the SDK accepts, and counts filling the rest of Nova's 255 characters.
    devices = [f"a-b-{'v' * 63}{i}-ffff-ffff" for i in range(MAX_DEVICES)]
    room = MAX_VALUE - len(",".join(f"{device}:" for device in devices))
    counts = [room // MAX_DEVICES + (i < room % MAX_DEVICES) for i in range(MAX_DEVICES)]
    value = ",".join(f"{device}:{'9' * n}" for device, n in zip(devices, counts, strict=True))
    assert len(value) == MAX_VALUE
    result = host.discover(_request({KEY: value}))
    assert result.faults == ()
    assert len(result.capabilities[DRIVER.name]) == MAX_DEVICES


# Near-misses of the format (every field drawn from a slightly wider alphabet than it allows) find
# more edge cases than random text alone.
_FIELD = st.from_regex(r"[A-Za-z0-9_.]{1,66}", fullmatch=True)
_ID = st.one_of(st.sampled_from(["1d0f", "0A5B"]), st.from_regex(r"[0-9a-fA-Fg]{3,5}", fullmatch=True))
_COUNT = st.one_of(st.sampled_from(["1", "02"]), st.from_regex(r"[0-9+ -]{0,4}", fullmatch=True))
_DEVICE = st.tuples(_FIELD, _FIELD, _FIELD, _ID, _ID, _COUNT).map(lambda t: "{}-{}-{}-{}-{}:{}".format(*t))
_VALUES = st.one_of(st.text(max_size=300), st.lists(_DEVICE, min_size=1, max_size=5).map(",".join))


@given(_VALUES)
def test_hostile_values_give_records_or_bad_input_never_a_driver_fault(value: str) -> None:
    host = Host(installed=False, plugins=[plugin])
    result = host.discover(_request({KEY: value}))
    assert [fault.kind for fault in result.faults] in ([], ["bad-input"])
    assert len(host.delete_urls(_request({KEY: value})).urls) == len(result.capabilities[DRIVER.name])


def test_onap_hpa_drivers_lists_me() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "onap_hpa_host.cli", "drivers", "--json"], capture_output=True, text=True, check=False
    )
    mine = [d for d in json.loads(run.stdout) if d["name"] == DRIVER.name]
    assert mine, f"{DRIVER.distribution} is not installed in this environment: run the tests through tox"
    assert mine[0]["status"] == "loaded", mine[0]["error"]
    assert (mine[0]["distribution"], mine[0]["features"]) == (DRIVER.distribution, sorted(DRIVER.features))


def test_conformance_passes() -> None:
    gate = subprocess.run(
        [sys.executable, "-m", "onap_hpa_host.cli", "conformance", DRIVER.distribution, "--fixtures", str(FIXTURES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert "0 records" not in gate.stdout  # the gate ran on flavors that ask for the device
