"""Whole hostile regions through RegionSync against the replay servers (hypothesis).

A region is a Nova listing (ids Nova and HTTP stacks trip on, sizes Nova would refuse), extra_specs
(every key a driver reads, with values Nova accepts and values it rejects), the AAI cloud region's
cloud-extra-info (good, garbage, too deep, lone surrogates) and flavors AAI already holds (records of
loaded drivers, of drivers not installed, of the original monolith, of other writers). A first sync
may run into injected AAI faults; after a clean rerun AAI must hold exactly the state computed here
from the rules (DESIGN "AAI ownership"), and a third run writes nothing. No exception other than a
typed region-level one (AAI or Nova unavailable) may escape.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from onap_hpa.errors import RequestError
from onap_hpa.ids import capability_id
from onap_hpa.request import DiscoveryRequest, FlavorView
from onap_hpa_harness.replay import FaultPlan, ReplayServers
from onap_hpa_harness.replay.aai_store import AaiStore, normalize_state
from onap_hpa_host import Host
from onap_hpa_host.aai import viminfo_from_region
from onap_hpa_host.aai.plan import capabilities
from onap_hpa_host.errors import AaiError, NovaError
from onap_hpa_host.flavor_record import flavor_record

from .replay_helpers import flavor, region_with, sync

HOST = Host(deadline=30)
LOADED = {d.name: d.features for d in HOST.drivers if d.status == "loaded"}
FEATURES = sorted(set().union(*LOADED.values()))
OWNER, REGION = "ONAP-OpenStack", "RegionTwo"

ids = st.one_of(
    st.sampled_from([".", "..", "a/b", "%2F", "q?x", "f#g", "sp ace", "é東", "x" * 255, "nul\x00", "1", "onap.medium"]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=99),
)
SPEC_VALUES = {
    "hw:cpu_policy": ["dedicated", "shared", "Dedicated", ""],
    "hw:cpu_thread_policy": ["prefer", "isolate", "x"],
    "hw:cpu_sockets": ["2", " 2", "٢", "0", "2.0"],
    "hw:cpu_cores": ["4", "-1"],
    "hw:mem_page_size": ["large", "small", "2048", "1GB", "2 MB", "any"],
    "hw:numa_nodes": ["1", "2", "two"],
    "hw:numa_cpus.0": ["0-1", "0,^1", "0-"],
    "hw:numa_mem.0": ["1024", "x"],
    "hw:capabilities:cpu_info:features": ["avx,avx2", ""],
    "pci_passthrough:alias": ["sriov-vf-intel-8086-15b3:2", "gpu-v100-nvidia-10de-1db4:1", "a:1 ", "x:0"],
    "aggregate_instance_extra_specs:sriov_nic": ["sriov-nic-intel-8086-15b3-physnet-1:1", "bad"],
    "resources:VGPU": ["1", "0", "-1", "two"],
    "trait:CUSTOM_NVIDIA_11": ["required", "forbidden", "maybe"],
}
extra_specs = st.dictionaries(
    st.sampled_from(sorted(SPEC_VALUES)),
    st.one_of(st.sampled_from([v for values in SPEC_VALUES.values() for v in values]), st.text(max_size=8)),
    max_size=5,
)
cloud_extra_info = st.sampled_from(
    [
        "",
        '{"ovsDpdk": {"libname": "dataProcessingAccelerationLibrary", "libversion": "v17.02"}}',
        '{"ovsDpdk": ' + "[" * 300 + "]" * 300 + "}",
        '{"ovsDpdk": {"libname": "\\ud800", "libversion": "1"}}',
        "not json",
        "[1, 2]",
    ]
)


@st.composite
def nova_flavors(draw: st.DrawFn) -> list[dict[str, Any]]:
    chosen = draw(st.lists(ids, min_size=0, max_size=6, unique_by=str))
    out = []
    for n, flavor_id in enumerate(chosen):
        fields: dict[str, Any] = {}
        if draw(st.integers(0, 9)) == 0:
            fields[draw(st.sampled_from(["vcpus", "ram", "disk", "name"]))] = draw(st.sampled_from(["lots", -1, None]))
        fields.setdefault("name", draw(st.sampled_from(["onap.", "m1.", "onap.x", ""])) + str(n))
        out.append(flavor(flavor_id, **fields))
    return out


@st.composite
def stored_capability(draw: st.DrawFn, flavor_id: str) -> dict[str, Any]:
    feature = draw(st.sampled_from([*FEATURES, "someoneElsesFeature"]))
    kind = draw(st.sampled_from(["ours", "uninstalled", "monolith", "foreign"]))
    if kind == "ours":
        driver = draw(st.sampled_from(sorted(LOADED)))
        cap_id = capability_id(OWNER, REGION, flavor_id, driver, feature, draw(st.integers(0, 2)))
    elif kind == "uninstalled":
        cap_id = capability_id(OWNER, REGION, flavor_id, "gone-driver", feature, 0)
    elif kind == "monolith":
        cap_id = str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4))
    else:
        cap_id = draw(st.sampled_from(["cap-1", "cap-2", "x/y", "..", "UPPER-CASE"]))
    attrs = [{"hpa-attribute-key": "k", "hpa-attribute-value": '{"value":"1"}'}] if draw(st.booleans()) else []
    cap = {"hpa-capability-id": cap_id, "hpa-feature": feature, "hpa-version": "v1", "architecture": "generic"}
    return {**cap, "hpa-feature-attributes": attrs} if attrs else cap


@st.composite
def regions(draw: st.DrawFn) -> dict[str, Any]:
    listing = draw(nova_flavors())
    specs = {str(f["id"]): draw(extra_specs) for f in listing}
    listed = [str(f["id"]) for f in listing if "\x00" not in str(f["id"]) and len(str(f["id"])) <= 255]
    stored_ids = draw(st.lists(st.sampled_from([*listed, "gone-1", "gone-2"]), unique=True, max_size=4))
    stored = []
    for flavor_id in stored_ids:
        caps = draw(st.lists(stored_capability(flavor_id), max_size=4, unique_by=lambda c: c["hpa-capability-id"]))
        record = {"flavor-id": flavor_id, "flavor-name": "old", "flavor-selflink": "http://0.0.0.0", "flavor-vcpus": 1}
        if caps:
            record["hpa-capabilities"] = {"hpa-capability": caps}
        stored.append(record)
    faults = draw(st.sampled_from([None, 503, "drop"]))
    return {
        "region": region_with(listing, specs, stored=stored, cloud_extra_info=draw(cloud_extra_info)),
        "faults": faults,
        "seed": draw(st.integers(0, 1000)),
    }


def _owned(flavor_id: str, cap: dict[str, Any], stored: list[dict[str, Any]]) -> bool:
    """The rule, written out: a loaded driver's own id, or a monolith uuid4 of a feature a loaded driver declares."""
    cap_id, feature = cap.get("hpa-capability-id"), cap.get("hpa-feature")
    try:
        version = uuid.UUID(str(cap_id)).version if str(cap_id).lower() == str(cap_id) else None
    except ValueError:
        version = None
    if version == 4:
        return feature in FEATURES
    return version == 5 and any(
        capability_id(OWNER, REGION, flavor_id, driver, str(feature), n) == cap_id
        for driver in LOADED
        for n in range(len(stored) + 4)
    )


def expected_state(region: Any) -> dict[str, Any]:
    """What AAI holds after a converged sync of ``region`` with every installed driver."""
    initial = region.aai_initial
    store = AaiStore(initial)
    current = {f["flavor-id"]: f for f in (initial["cloud-region"][0].get("flavors") or {}).get("flavor", [])}
    viminfo = viminfo_from_region(initial["cloud-region"][0])
    listing = region.flavors
    nova_ids = {str(f.get("id")) for f in listing if f.get("id") not in (None, "")}
    if listing:
        store.remove_flavors_except(OWNER, REGION, nova_ids)
    for nova in listing:
        try:
            view = FlavorView.from_nova(nova)
            DiscoveryRequest.build(nova, None, viminfo)
        except RequestError:
            continue  # left as AAI has it
        faulted: set[str] = set()
        if view.name.startswith("onap."):
            result = HOST.discover_data(nova, region.extra_specs.get(view.id, {}), viminfo)
            if result.record is None:
                continue
            wanted = capabilities(result.record)
            faulted = {fault.driver for fault in result.faults if fault.alarming}
        else:
            wanted = []
        stored = capabilities(current.get(view.id))
        wanted_ids = {cap["hpa-capability-id"] for cap in wanted}
        faulted_features = set().union(*(LOADED[name] for name in faulted)) if faulted else set()
        kept = [
            cap
            for cap in stored
            if cap["hpa-capability-id"] not in wanted_ids
            and (not _owned(view.id, cap, stored) or cap.get("hpa-feature") in faulted_features)
        ]
        store.replace_flavor(OWNER, REGION, flavor_record(view, [*wanted, *copy.deepcopy(kept)]))
    return store.dump()


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(regions())
def test_hostile_regions_sync_without_uncaught_errors_and_converge_to_the_expected_state(case):
    region = case["region"]
    with ReplayServers.start(region) as servers:
        if case["faults"] == 503:
            servers.aai.faults.add(FaultPlan(status=503, fraction=0.3, seed=case["seed"], times=None))
        elif case["faults"] == "drop":
            servers.aai.faults.add(FaultPlan(drop=True, method="PUT", fraction=0.3, seed=case["seed"], times=None))
        try:
            first = sync(servers, HOST)
            event(f"first run: {'complete' if first.complete else 'some flavors failed'}")
            event(f"first run deleted capabilities: {bool(first.capabilities_deleted)}, flavors: {bool(first.deleted)}")
            event(f"first run kept unowned capabilities: {bool(first.kept)}")
        except (AaiError, NovaError):
            assert case["faults"] is not None  # only an AAI that keeps failing may stop a region
            event("first run: region not synced")
        servers.aai.faults.clear()
        clean = sync(servers, HOST)
        assert clean.failed == 0, clean.faults
        event(f"fault kinds: {sorted({f.kind for f in clean.faults})}")
        assert servers.aai.dump() == normalize_state(expected_state(region))
        assert sync(servers, HOST).writes == 0
