"""Ownership end to end over the replay servers: a sync strips only what a driver loaded in this run owns.

Every test syncs a region into AAI with every driver first (the state an operator has), then runs again
with some driver missing, and reads AAI's request log and state back over HTTP.
"""

from __future__ import annotations

import copy
import threading
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import DriverInfo, hookimpl
from onap_hpa.ids import capability_id
from onap_hpa_harness.fixtures import Region, default_region, load_region
from onap_hpa_harness.replay import FaultPlan, ReplayServers
from onap_hpa_host import Host
from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, RetryPolicy, SyncSummary
from onap_hpa_host.alarms import AlarmBook
from onap_hpa_host.errors import NoDriversError
from onap_hpa_host.nova import NovaSource, OpenStackConfig
from onap_hpa_host.ownership import MONOLITH, OWNED, UNOWNED, Ownership, load_faults, uuid_version

REPO = Path(__file__).resolve().parents[2]
GPU_LAB = REPO / "fixtures" / "regions" / "gpu-sriov-lab"
FAST = RetryPolicy(attempts=5, backoff=0.005, cap=0.02)
ALL = Host(deadline=30)  # every installed driver, loaded once for the module


class Sent:
    """A VES sender that keeps the events instead of posting them."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def send(self, event: dict[str, Any]) -> bool:
        self.events.append(event)
        return True

    def raised(self) -> set[str]:
        return {
            e["commonEventHeader"]["sourceName"] for e in self.events if e["faultFields"]["eventSeverity"] != "NORMAL"
        }


def sync(servers: ReplayServers, host: Host, *, prune: bool = False, alarms: AlarmBook | None = None) -> SyncSummary:
    e, region = servers.env, servers.region
    nova = NovaSource(
        OpenStackConfig(
            auth_url=e["OS_AUTH_URL"],
            username=e["OS_USERNAME"],
            password=e["OS_PASSWORD"],
            project_name=e["OS_PROJECT_NAME"],
            region_name=e["OS_REGION_NAME"],
            retry=FAST,
        )
    )
    with AaiClient(AaiConfig(e["ONAP_HPA_AAI_URL"], "AAI", "AAI", retry=FAST)) as aai:
        run = RegionSync(
            nova,
            aai,
            cloud_owner=region.cloud_owner,
            cloud_region_id=region.cloud_region_id,
            host=host,
            workers=4,
            retry=FAST,
            prune=prune,
            alarms=alarms,
        )
        try:
            return run.run()
        finally:
            nova.close()


def writes(servers: ReplayServers) -> list[tuple[str, str, int]]:
    return [r for r in servers.aai.requests if r[0] in ("PUT", "DELETE")]


def flavors(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["flavor-id"]: f for f in (state["cloud-region"][0].get("flavors") or {}).get("flavor", [])}


def caps(state: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(flavor id, capability id, feature) of every stored capability, sorted."""
    return sorted(
        (fid, cap["hpa-capability-id"], cap["hpa-feature"])
        for fid, flavor in flavors(state).items()
        for cap in (flavor.get("hpa-capabilities") or {}).get("hpa-capability", [])
    )


def owned_by(region: Region, driver: str, state: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The stored capabilities whose ids the host gives ``driver``'s records."""
    return [
        (fid, cap_id, feature)
        for fid, cap_id, feature in caps(state)
        if any(
            capability_id(region.cloud_owner, region.cloud_region_id, fid, driver, feature, n) == cap_id
            for n in range(8)
        )
    ]


def synced(region: Region) -> Region:
    """``region`` whose AAI already holds what a sync with every driver writes."""
    return replace(region, aai_initial=copy.deepcopy(region.aai_expected))


@pytest.fixture(scope="module")
def lab() -> Region:
    return synced(load_region(GPU_LAB))


def test_a_disabled_driver_keeps_its_records_and_they_are_reported(lab):
    before = lab.aai_expected
    gpu = owned_by(lab, "gpu", before)
    assert len(gpu) >= 6  # pciePassthrough of GPU aliases and a virtualGpu
    with ReplayServers.start(lab) as servers:
        summary = sync(servers, Host(disable={"gpu"}, deadline=30))
        assert writes(servers) == []
        assert servers.aai.dump() == before
    assert summary.writes == 0
    assert summary.drivers["gpu"] == "blocked"
    assert sorted((k["flavor-id"], k["hpa-capability-id"], k["hpa-feature"]) for k in summary.kept) == gpu
    assert {k["driver"] for k in summary.kept} == {"gpu"}
    document = summary.as_dict()
    assert document["capabilities"]["kept"] == len(gpu)
    assert len(document["kept"]) == len(gpu)
    assert not load_faults(Host(disable={"gpu"}).drivers)  # blocked on purpose is not a fault


def test_prune_removes_exactly_the_disabled_drivers_records(lab):
    before = lab.aai_expected
    gpu = owned_by(lab, "gpu", before)
    with ReplayServers.start(lab) as servers:
        summary = sync(servers, Host(disable={"gpu"}, deadline=30), prune=True)
        after = servers.aai.dump()
        deletes = [path for method, path, status in writes(servers) if method == "DELETE" and status == 204]
    assert caps(after) == sorted(set(caps(before)) - set(gpu))
    assert len(deletes) == len(gpu) == summary.pruned == summary.capabilities_deleted
    assert all(method == "DELETE" for method, _, _ in writes(servers))  # nothing else was touched
    assert summary.kept == []


class _IncompatibleGpu:
    """A GPU driver built for a contract this host does not support: refused at load."""

    DRIVER = DriverInfo(name="gpu", version="9.0.0", contract="9.0", features=frozenset({"virtualGpu"}))

    @hookimpl
    def hpa_discover(self, request: object) -> list[dict[str, Any]]:
        raise AssertionError("never called")


def test_a_driver_that_fails_to_load_keeps_its_records_and_is_a_fault_and_an_alarm(lab):
    host = Host(disable={"gpu"}, plugins=[_IncompatibleGpu()], deadline=30)
    sent = Sent()
    with ReplayServers.start(lab) as servers:
        summary = sync(servers, host, alarms=AlarmBook(sent, assume_clear=True))
        assert writes(servers) == []
        assert servers.aai.dump() == lab.aai_expected
    faults = [f for f in summary.faults if f.driver == "gpu"]
    assert [(f.flavor_id, f.kind) for f in faults] == [("*", "load-failed")]
    assert "incompatible" in faults[0].message
    assert "contract 9.0" in faults[0].message
    assert {"flavor-id": "*", "driver": "gpu", "kind": "load-failed"}.items() <= summary.as_dict()["faults"][0].items()
    assert sent.raised() == {"gpu"}
    assert {k["driver"] for k in summary.kept} == {"gpu"}


def test_no_loaded_driver_writes_nothing_and_says_why(lab):
    host = Host(only=set(), deadline=30)
    with ReplayServers.start(lab) as servers:
        with pytest.raises(NoDriversError, match=r"no HPA driver is loaded \(.*gpu blocked.*\); nothing was written"):
            sync(servers, host)
        assert servers.aai.requests == []  # not even read
        assert servers.nova.requests == []


def _monolith(state: dict[str, Any]) -> dict[str, Any]:
    """``state`` with every capability id replaced by a random uuid4, as the original monolith wrote them."""
    state = copy.deepcopy(state)
    for flavor in flavors(state).values():
        for cap in (flavor.get("hpa-capabilities") or {}).get("hpa-capability", []):
            cap["hpa-capability-id"] = str(uuid.uuid4())
    return state


def test_monolith_records_of_loaded_features_are_replaced_never_duplicated():
    region = load_region(GPU_LAB)
    monolith = replace(region, aai_initial=_monolith(region.aai_expected))
    total = len(caps(region.aai_expected))
    with ReplayServers.start(monolith) as servers:
        summary = sync(servers, ALL)
        assert servers.aai.dump() == region.aai_expected
        assert summary.capabilities_deleted == summary.capabilities_created == total
        assert summary.kept == []
        assert sync(servers, ALL).writes == 0


def test_a_monolith_record_of_a_feature_no_loaded_driver_emits_is_kept():
    region = load_region(GPU_LAB)
    state = _monolith(region.aai_expected)
    dpdk = [c for c in caps(state) if c[2] == "ovsDpdk"]
    with ReplayServers.start(replace(region, aai_initial=state)) as servers:
        summary = sync(servers, Host(disable={"ovs-dpdk"}, deadline=30))
        after = caps(servers.aai.dump())
    assert set(dpdk) <= set(after)
    assert sorted((k["flavor-id"], k["hpa-capability-id"]) for k in summary.kept) == [(f, c) for f, c, _ in dpdk]


def test_ownership_is_decided_per_record_not_per_feature(lab):
    # pciePassthrough comes from both gpu (GPU aliases) and compute-pci (the others): disabling gpu keeps
    # exactly gpu's pciePassthrough records, and compute-pci's stay where they are, untouched.
    ownership = Ownership.of(lab.cloud_owner, lab.cloud_region_id, Host(disable={"gpu"}).drivers)
    state = lab.aai_expected
    stored = {fid: (f.get("hpa-capabilities") or {}).get("hpa-capability", []) for fid, f in flavors(state).items()}
    verdicts = {
        (fid, cap["hpa-capability-id"]): ownership.judge(fid, cap, stored[fid])
        for fid in stored
        for cap in stored[fid]
        if cap["hpa-feature"] == "pciePassthrough"
    }
    gpu = {(f, c) for f, c, _ in owned_by(lab, "gpu", state)}
    pci = {(f, c) for f, c, _ in owned_by(lab, "compute-pci", state)}
    assert gpu
    assert pci
    assert {key for key, v in verdicts.items() if v.category == UNOWNED and v.driver == "gpu"} == gpu & verdicts.keys()
    assert {key for key, v in verdicts.items() if v.category == OWNED and v.driver == "compute-pci"} == pci
    monolith = ownership.judge("g1", {"hpa-capability-id": str(uuid.uuid4()), "hpa-feature": "pciePassthrough"}, [])
    assert monolith.category == MONOLITH  # compute-pci declares the feature: replaced
    assert uuid_version(str(uuid.uuid4())) == 4
    assert uuid_version(capability_id("o", "r", "f", "gpu", "virtualGpu", 0)) == 5


def test_a_capability_removed_from_a_flavor_counts_as_a_deletion():
    region = default_region()
    with ReplayServers.start(region) as servers:
        sync(servers, ALL)
        state = servers.aai.dump()
    specs = copy.deepcopy(region.extra_specs)
    del specs["onap.medium"]["aggregate_instance_extra_specs:sriov_nic"]
    with ReplayServers.start(replace(region, aai_initial=state, extra_specs=specs)) as servers:
        summary = sync(servers, ALL)
    assert (summary.created, summary.updated, summary.deleted, summary.unchanged) == (0, 1, 0, 9)
    assert (summary.capabilities_created, summary.capabilities_updated, summary.capabilities_deleted) == (0, 0, 1)
    assert summary.writes == 1


def test_concurrent_syncs_of_one_region_report_truthful_counts():
    region = load_region(GPU_LAB)
    total = len(caps(region.aai_expected))
    with ReplayServers.start(region) as servers:
        # Slow writes: both runs have read AAI (no flavor yet) before either run's first write lands.
        servers.aai.faults.add(FaultPlan(delay=0.1, method="PUT", times=None))
        summaries: list[SyncSummary] = []
        barrier = threading.Barrier(2)

        def one() -> None:
            barrier.wait()
            summaries.append(sync(servers, ALL))

        threads = [threading.Thread(target=one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert servers.aai.dump() == region.aai_expected
        assert any(status == 412 for method, _, status in servers.aai.requests if method == "PUT")  # they raced
    first, second = summaries
    assert first.failed == second.failed == 0
    listed = first.flavors_seen
    # Each flavor was created by exactly one of the two runs; the other found it done.
    assert first.created + second.created == listed == len(flavors(region.aai_expected))
    assert first.created + first.updated + first.unchanged == listed
    assert first.capabilities_created + second.capabilities_created == total
