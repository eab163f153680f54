"""Hostile input: whatever a flavor holds, only the public bad-input errors escape and every record is AAI-ready."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from onap_device_driver_gpu import plugin

from onap_hpa import DiscoveryRequest, ExtraSpecError, OnapHpaError, PartialDiscovery, attribute, capability
from onap_hpa.extra_specs import is_gpu_device, parse_pci_device, parse_pci_requests
from onap_hpa_host import Host
from onap_hpa_host.validation import MAX_BYTES, check_records, compact_size

ALIAS = "pci_passthrough:alias"
FLAVOR = {"id": "hostile-1", "name": "onap.hostile", "vcpus": 4, "ram": 4096}
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}
HOST = Host(installed=False, plugins=[plugin])

hex4 = st.text("0123456789abcdefABCDEF", min_size=3, max_size=5)
field = st.one_of(
    st.sampled_from(["gpu", "GPU", "sriov", "vf", "nvidia", "amd", "_x", ".y", "", "a-b", "v" * 64]),
    st.text(max_size=8),
)
vendor_id = st.one_of(st.sampled_from(["10de", "10DE", "1002", "8086", "15b3"]), hex4)
name = st.builds(
    "-".join,
    st.lists(st.one_of(field, vendor_id), min_size=3, max_size=7),
)
count = st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["01", " 1", "x", "", "-1", "\u0662"]))
aliases = st.builds(
    lambda items, sep: sep.join(f"{n}:{c}" for n, c in items),
    st.lists(st.tuples(name, count), min_size=1, max_size=8),
    st.sampled_from([",", " , ", ",,", ", "]),
)
value = st.one_of(st.text(), st.text(min_size=200, max_size=2000), aliases)
interesting = st.sampled_from(
    [ALIAS, "resources:VGPU", "trait:CUSTOM_NVIDIA_11", "trait:CUSTOM_A-B", "trait:HW_GPU", "trait:CUSTOM_" + "X" * 300]
)
extra_specs = st.dictionaries(st.one_of(interesting, st.text(max_size=40)), value, max_size=8)
vgpu_specs = st.fixed_dictionaries(
    {"resources:VGPU": st.one_of(count, st.text())},
    optional={ALIAS: aliases},
).flatmap(
    lambda specs: st.dictionaries(
        st.builds(lambda s: "trait:CUSTOM_" + s, st.text(max_size=300)),
        st.sampled_from(["required", "forbidden", "Required", ""]),
        max_size=40,
    ).map(lambda traits: {**specs, **traits})
)
hostile = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(request: DiscoveryRequest) -> tuple[list[dict[str, Any]], list[OnapHpaError]]:
    """hpa_discover's records and errors; any other exception fails the test."""
    try:
        return plugin.hpa_discover(request), []
    except PartialDiscovery as partial:
        return partial.records, list(partial.errors)
    except ExtraSpecError as error:
        return [], [error]


def _check(specs: dict[str, str]) -> None:
    request = DiscoveryRequest.build(FLAVOR, specs, VIM)
    records, errors = _outcome(request)
    assert all(isinstance(error, ExtraSpecError) for error in errors)
    assert all(error.flavor_id == "hostile-1" and error.key in specs for error in errors)  # type: ignore[attr-defined]
    result = HOST.discover(request)
    assert {fault.kind for fault in result.faults} <= {"bad-input"}, result.faults
    assert [{k: v for k, v in r.items() if k != "hpa-capability-id"} for r in result.capabilities["gpu"]] == records
    if result.capabilities["gpu"]:
        assert check_records(result.capabilities["gpu"]) is None
    urls = HOST.delete_urls(request).urls
    assert [url.rsplit("/", 1)[1] for url in urls] == [r["hpa-capability-id"] for r in result.capabilities["gpu"]]


@hostile
@given(extra_specs)
def test_arbitrary_extra_specs(specs: dict[str, str]) -> None:
    """Arbitrary keys and values (Unicode, very long): only ExtraSpecError/PartialDiscovery, records AAI-ready."""
    _check(specs)


@hostile
@given(vgpu_specs)
def test_many_and_long_vgpu_traits(specs: dict[str, str]) -> None:
    """Dozens of long custom traits cannot push a record past the 1500-byte cap: faulted instead."""
    _check(specs)


@hostile
@given(aliases)
def test_gpu_records_are_exactly_the_sdk_rule(value: str) -> None:
    """A record per alias that parses and is_gpu_device says is a GPU, in order: nothing else, never shifted."""
    try:
        requests = parse_pci_requests("f", ALIAS, value)
    except ExtraSpecError:
        requests = []
    expected = []
    for alias, number in requests:
        try:
            device = parse_pci_device("f", ALIAS, value, alias)
        except ExtraSpecError:
            continue
        if is_gpu_device(device):
            expected.append((device.vendor_name, str(number), device.vendor_id, device.device_id))
    records, errors = _outcome(DiscoveryRequest.build(FLAVOR, {ALIAS: value}, VIM))
    # A GPU vendor name AAI cannot take as architecture: that alias faulted, the others kept.
    good = [e for e in expected if e[0][0] not in "_."]
    vendor_errors = [e for e in errors if "vendor name starting with a letter or digit" in str(e)]
    assert len(vendor_errors) == len(expected) - len(good)
    if len(errors) > len(vendor_errors):
        # More GPU records than the cap holds: the alias feature faulted as a whole.
        (error,) = set(errors) - set(vendor_errors)
        assert f"fit in {MAX_BYTES} bytes" in str(error)
        assert records == []
        keys = ("pciCount", "pciVendorId", "pciDeviceId")
        would_be = [capability("pciePassthrough", e[0], map(attribute, keys, e[1:])) for e in good]
        assert compact_size([{"hpa-capability-id": "0" * 36, **r} for r in would_be]) > MAX_BYTES
        return
    got = [
        (r["architecture"], *(json.loads(a["hpa-attribute-value"])["value"] for a in r["hpa-feature-attributes"]))
        for r in records
    ]
    assert got == good
