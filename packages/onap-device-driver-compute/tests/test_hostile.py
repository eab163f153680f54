"""Hostile input: whatever the flavor holds, each driver raises only bad-input errors and emits AAI-valid records."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onap_device_driver_compute import plugin

from onap_hpa import DiscoveryRequest, ExtraSpecError, PartialDiscovery, capability_ids, result_size
from onap_hpa_host import Host
from onap_hpa_host.validation import MAX_BYTES, check_records, compact_size

KNOWN = [
    "hw:cpu_policy",
    "hw:cpu_thread_policy",
    "hw:cpu_sockets",
    "hw:cpu_cores",
    "hw:cpu_threads",
    "hw:mem_page_size",
    "hw:numa_nodes",
    "hw:numa_cpus.0",
    "hw:numa_cpus.1",
    "hw:numa_cpus.2",
    "hw:numa_mem.0",
    "hw:numa_mem.1",
    "hw:numa_mem.2",
    "hw:capabilities:cpu_info:features",
    "pci_passthrough:alias",
]
PLAUSIBLE = [
    "dedicated",
    "prefer",
    "mixed",
    "2",
    " 2",
    "٢",
    "0",
    "-1",
    "large",
    "any",
    "2MB",
    "1GiB",
    "2M",
    "0-1",
    "2,3",
    "^1",
    "0-4000000000",
    "2048",
    "avx,acpi",
    "sriov-vf-intel-8086-15b3:2",
    "gpu-t4-nvidia-10de-1eb8:1,nic-pf-mellanox-15b3-1017:1",
    "a:1,b:2",
    "x-y-_v-8086-15b3:1",
]
values = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=24),
    st.text(alphabet=string.digits + ",-^:. +bBKMGTi٢", max_size=40),
    st.from_regex(r"[0-9]{1,40}", fullmatch=True),
    st.text(min_size=250, max_size=3000),
)
extra_specs = st.dictionaries(st.one_of(st.sampled_from(KNOWN), st.text(max_size=30)), values, max_size=14)
sizes = st.one_of(st.integers(0, 64), st.integers(0, 2**31 - 1))  # Nova stores sizes as 32-bit integers
counts = st.one_of(st.integers(1, 64), st.integers(1, 2**31 - 1))  # and refuses a flavor without vCPUs or RAM
flavors = st.fixed_dictionaries(
    {
        # Any id AAI can hold: no control characters (the SDK refuses those as a bad request).
        "id": st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40),
        "name": st.text(max_size=20),
        "vcpus": counts,
        "ram": counts,
        "disk": sizes,
        "swap": st.one_of(st.just(""), sizes),
        "OS-FLV-EXT-DATA:ephemeral": sizes,
    }
)
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}


def discovered(part: plugin.Part, request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One driver's hpa_discover records; any exception but PartialDiscovery of ExtraSpecErrors fails the test."""
    errors: tuple[Exception, ...] = ()
    try:
        records = part.hpa_discover(request)
    except PartialDiscovery as partial:
        records, errors = partial.records, partial.errors
        assert errors
    assert all(isinstance(error, ExtraSpecError) and error.flavor_id == request.flavor.id for error in errors)
    return records


@pytest.fixture(scope="module")
def host() -> Host:
    return Host(installed=False, plugins=list(plugin.PARTS))


@settings(max_examples=300)
@given(flavor=flavors, specs=extra_specs)
def test_any_flavor_gives_valid_records_or_bad_input_errors(flavor: dict[str, Any], specs: dict[str, str]) -> None:
    """Only ExtraSpecError/PartialDiscovery escape; each driver's records, with ids, fit and are valid for AAI/OOF."""
    request = DiscoveryRequest.build(flavor, specs, VIM)
    for part in plugin.PARTS:
        records = discovered(part, request)
        name = part.DRIVER.name
        assert {record["hpa-feature"] for record in records} <= part.DRIVER.features
        ids = capability_ids(request, name, records)
        with_ids = [{"hpa-capability-id": cap_id, **record} for cap_id, record in zip(ids, records, strict=True)]
        assert result_size(records) == compact_size(with_ids) <= MAX_BYTES
        assert check_records(with_ids) is None


@settings(max_examples=150)
@given(flavor=flavors, specs=extra_specs)
def test_host_faults_are_bad_input_only(host: Host, flavor: dict[str, Any], specs: dict[str, str]) -> None:
    """Through the host: no driver fault (never oversize), only bad-input faults, and every driver's records kept."""
    request = DiscoveryRequest.build(flavor, specs, VIM)
    result = host.discover(request)
    assert {fault.kind for fault in result.faults} <= {"bad-input"}, result.faults
    for part in plugin.PARTS:
        assert len(result.capabilities[part.DRIVER.name]) == len(discovered(part, request))
