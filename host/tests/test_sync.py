"""The region sync end to end over real HTTP: Keystone/Nova and AAI replay servers on loopback."""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_harness.fixtures import Region, default_region, load_region
from onap_hpa_harness.replay import FaultPlan, ReplayServers
from onap_hpa_harness.replay.aai_store import normalize_state
from onap_hpa_host import Host
from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, RetryPolicy, SyncSummary
from onap_hpa_host.alarms import AlarmBook
from onap_hpa_host.nova import NovaSource, OpenStackConfig

REPO = Path(__file__).resolve().parents[2]
REGIONS = sorted(path.parent for path in (REPO / "fixtures" / "regions").glob("*/region.json"))
FAST = RetryPolicy(attempts=5, backoff=0.005, cap=0.02)


def _sync(
    servers: ReplayServers,
    *,
    host: Host | None = None,
    workers: int = 4,
    alarms: AlarmBook | None = None,
    progress: Any = None,
    aai_password: str = "AAI",  # noqa: S107 - the replay's default
) -> SyncSummary:
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
    with AaiClient(AaiConfig(e["ONAP_HPA_AAI_URL"], e["ONAP_HPA_AAI_USER"], aai_password, retry=FAST)) as aai:
        sync = RegionSync(
            nova,
            aai,
            cloud_owner=region.cloud_owner,
            cloud_region_id=region.cloud_region_id,
            host=host or Host(only=set(region.expected_drivers)),
            workers=workers,
            alarms=alarms,
            retry=FAST,
        )
        return sync.run(progress=progress)


def _writes(servers: ReplayServers) -> list[tuple[str, str, int]]:
    return [request for request in servers.aai.requests if request[0] in ("PUT", "DELETE")]


def _flavors(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    region = state["cloud-region"][0]
    return {f["flavor-id"]: f for f in (region.get("flavors") or {}).get("flavor", [])}


def _cap_ids(state: dict[str, Any]) -> list[str]:
    return [
        cap["hpa-capability-id"]
        for flavor in _flavors(state).values()
        for cap in (flavor.get("hpa-capabilities") or {}).get("hpa-capability", [])
    ]


@pytest.mark.parametrize("path", REGIONS, ids=[p.name for p in REGIONS])
def test_first_sync_creates_the_expected_state_and_a_resync_writes_nothing(path):
    region = load_region(path)
    with ReplayServers.start(region) as servers:
        first = _sync(servers)
        assert first.failed == 0
        assert first.flavors_seen == len(_flavors(region.aai_expected))
        assert servers.aai.dump() == region.aai_expected
        assert first.writes == len(_writes(servers)) > 0
        before = len(servers.aai.requests)
        second = _sync(servers)
        assert second.writes == 0
        assert second.unchanged == second.flavors_seen
        assert [r for r in servers.aai.requests[before:] if r[0] != "GET"] == []


def _changed(region: Region, initial: dict[str, Any]) -> Region:
    """``region`` with flavor 2 gone from Nova and onap.medium asking for 3 VFs instead of 1."""
    specs = copy.deepcopy(region.extra_specs)
    key = "aggregate_instance_extra_specs:sriov_nic"
    specs["onap.medium"][key] = specs["onap.medium"][key].rsplit(":", 1)[0] + ":3"
    flavors = [f for f in region.flavors if f["id"] != "2"]
    return replace(region, flavors=flavors, extra_specs=specs, aai_initial=initial)


def test_a_changed_flavor_is_updated_and_a_removed_flavor_is_deleted():
    region = default_region()
    with ReplayServers.start(region) as servers:
        _sync(servers)
        synced = servers.aai.dump()
    changed = _changed(region, synced)
    with ReplayServers.start(changed) as servers:
        summary = _sync(servers)
        after = servers.aai.dump()
    assert (summary.created, summary.updated, summary.deleted) == (0, 1, 1)
    assert summary.writes == 2  # one PUT, one DELETE (flavor 2 has no capabilities)
    assert "2" not in _flavors(after)
    medium = _flavors(after)["onap.medium"]["hpa-capabilities"]["hpa-capability"]
    nic = next(cap for cap in medium if cap["hpa-feature"] == "sriovNICNetwork")
    attrs = {a["hpa-attribute-key"]: a["hpa-attribute-value"] for a in nic["hpa-feature-attributes"]}
    assert attrs["pciCount"] == '{"value":"3"}'
    # The same state a first sync of the changed region reaches from the original AAI.
    with ReplayServers.start(replace(changed, aai_initial=region.aai_initial)) as servers:
        _sync(servers)
        assert servers.aai.dump() == after


def test_a_removed_flavor_with_capabilities_loses_them_first():
    region = default_region()
    gone = replace(region, flavors=[f for f in region.flavors if f["id"] != "onap.medium"])
    with ReplayServers.start(gone) as servers:
        summary = _sync(servers)
        deletes = [path for method, path, status in _writes(servers) if method == "DELETE" and status == 204]
    assert summary.deleted == 1
    assert "onap.medium" not in _flavors(servers.aai.dump())
    assert "/hpa-capability/" in deletes[0]
    assert deletes[-1].split("?")[0].endswith("/flavor/onap.medium")


FAULTS = {
    "5xx": [FaultPlan(status=503, method=m, fraction=0.4, seed=1, times=None) for m in ("PUT", "DELETE", "GET")],
    "dropped": [FaultPlan(drop=True, method=m, fraction=0.4, seed=2, times=None) for m in ("PUT", "DELETE", "GET")],
    "applied-then-lost": [
        FaultPlan(drop=True, method="PUT", fraction=0.5, seed=3, times=None, after=True),
        FaultPlan(status=502, method="DELETE", fraction=0.5, seed=4, times=None, after=True),
    ],
    "412": [FaultPlan(status=412, method=m, fraction=0.5, seed=5, times=None) for m in ("PUT", "DELETE")],
}


@pytest.mark.parametrize("kind", FAULTS)
@pytest.mark.parametrize("path", REGIONS[:2], ids=[p.name for p in REGIONS[:2]])
def test_aai_faults_mid_sync_then_a_rerun_reach_the_expected_state(path, kind):
    region = load_region(path)
    with ReplayServers.start(region) as servers:
        for plan in FAULTS[kind]:
            servers.aai.faults.add(copy.copy(plan))
        faulted = _sync(servers)
        assert faulted.writes > 0
        assert sum(p.fired for p in servers.aai.faults.plans) > 0
        servers.aai.faults.clear()
        rerun = _sync(servers)
        assert rerun.failed == 0
        state = servers.aai.dump()
        assert state == region.aai_expected
        assert sorted(_cap_ids(state)) == sorted(_cap_ids(region.aai_expected))  # nothing lost or duplicated
        assert _sync(servers).writes == 0


def test_a_concurrent_writer_makes_the_sync_re_read_and_converge():
    region = default_region()
    with ReplayServers.start(region) as servers:
        e = servers.env
        rival = AaiClient(AaiConfig(e["ONAP_HPA_AAI_URL"], "AAI", "AAI"))

        def touch_everything(done: int, _total: int) -> None:
            # After the first flavor: rewrite every stored flavor as it is, so each resource-version moves.
            if done != 1:
                return
            for flavor in rival.flavors(region.cloud_owner, region.cloud_region_id):
                path = f"/cloud-infrastructure/cloud-regions/cloud-region/{region.cloud_owner}/{region.cloud_region_id}"
                rival.put(f"{path}/flavors/flavor/{flavor['flavor-id']}", flavor)

        summary = _sync(servers, workers=1, progress=touch_everything)
        assert summary.failed == 0
        assert any(status == 412 for _, _, status in servers.aai.requests)
        assert servers.aai.dump() == region.aai_expected


def test_a_flavor_nova_returns_malformed_is_left_as_aai_has_it():
    region = default_region()
    flavors = [dict(f, vcpus="lots") if f["id"] == "onap.medium" else f for f in region.flavors]
    with ReplayServers.start(replace(region, flavors=flavors)) as servers:
        summary = _sync(servers)
        kept = _flavors(servers.aai.dump())["onap.medium"]
    assert summary.skipped == 1
    assert [f.kind for f in summary.faults if f.flavor_id == "onap.medium"] == ["bad-request"]
    assert kept == _flavors(normalize_state(region.aai_initial))["onap.medium"]


def test_unreadable_extra_specs_leave_the_flavor_alone_and_the_others_sync():
    region = default_region()
    # A Nova before 2.61 (Queens and older): extra_specs are read one flavor at a time.
    with ReplayServers.start(region, max_microversion="2.60") as servers:
        servers.nova.faults.add(FaultPlan(status=500, path="onap.medium/os-extra_specs", times=None))
        summary = _sync(servers)
        state = servers.aai.dump()
    assert summary.failed == 1
    failures = [(f.flavor_id, f.driver, f.kind) for f in summary.faults if f.kind.endswith("-error")]
    assert failures == [("onap.medium", "nova", "nova-error")]
    assert _flavors(state)["onap.medium"] == _flavors(normalize_state(region.aai_initial))["onap.medium"]
    expected = _flavors(region.aai_expected)
    assert {k: v for k, v in _flavors(state).items() if k != "onap.medium"} == {
        k: v for k, v in expected.items() if k != "onap.medium"
    }


def test_credentials_never_reach_logs_errors_or_the_summary(caplog):
    caplog.set_level(logging.DEBUG)
    secret = "aai-pw-3b7e91"  # noqa: S105 - the test password whose leaks we look for
    region = default_region()
    with ReplayServers.start(region, aai_password=secret) as servers:
        servers.aai.faults.add(FaultPlan(status=503, method="PUT", times=None))
        summary = _sync(servers, aai_password=secret)
        keystone_password = servers.env["OS_PASSWORD"]
    text = caplog.text + json.dumps(summary.as_dict())
    assert summary.failed > 0
    assert secret not in text
    assert keystone_password not in text


def test_an_empty_nova_listing_deletes_nothing():
    region = default_region()
    with ReplayServers.start(replace(region, flavors=[])) as servers:
        summary = _sync(servers)
        assert servers.aai.dump() == normalize_state(region.aai_initial)
    assert summary.deleted == 0
    assert summary.writes == 0
    assert [(f.driver, f.kind) for f in summary.faults] == [("nova", "nova-empty")]
