"""``sync --dry-run``: it writes nothing, and its plan is exactly what the real run then does.

The plan is compared with the difference between AAI's state before and after the real run, read
back from the replay AAI over HTTP and computed here independently of the sync's code.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from onap_hpa_harness.fixtures import load_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host import Host
from onap_hpa_host.alarms import AlarmBook

from .replay_helpers import flavors, sync, writes

REPO = Path(__file__).resolve().parents[2]
GPU_LAB = REPO / "fixtures" / "regions" / "gpu-sriov-lab"
ALL = Host(deadline=30)
_CAPS = "hpa-capabilities"


def _caps(flavor: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {c["hpa-capability-id"]: c for c in ((flavor or {}).get(_CAPS) or {}).get("hpa-capability", [])}


def _attrs(cap: dict[str, Any]) -> dict[str, str]:
    return {a["hpa-attribute-key"]: a.get("hpa-attribute-value") for a in cap.get("hpa-feature-attributes", [])}


def _ref(cap: dict[str, Any]) -> tuple[str, str]:
    return (cap["hpa-capability-id"], cap["hpa-feature"])


def what_changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Per flavor whose AAI record changed: action, changed fields, capabilities created/updated/deleted."""
    old, new = flavors(before), flavors(after)
    changes = {}
    for fid in sorted(old.keys() | new.keys()):
        was, now = old.get(fid), new.get(fid)
        fields = {
            key: [(was or {}).get(key), (now or {}).get(key)]
            for key in sorted(({*(was or {})} | {*(now or {})}) - {_CAPS})
            if was is not None and now is not None and was.get(key) != now.get(key)
        }
        before_caps, after_caps = _caps(was), _caps(now)
        updated = {}
        for cap_id in before_caps.keys() & after_caps.keys():
            a, b = _attrs(before_caps[cap_id]), _attrs(after_caps[cap_id])
            changed = {k: [a.get(k), b.get(k)] for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}
            if changed or before_caps[cap_id] != after_caps[cap_id]:
                updated[_ref(after_caps[cap_id])] = changed
        created = sorted(_ref(after_caps[c]) for c in after_caps.keys() - before_caps.keys())
        deleted = sorted(_ref(before_caps[c]) for c in before_caps.keys() - after_caps.keys())
        action = "delete" if now is None else "create" if was is None else "update"
        if action == "update" and not (fields or created or deleted or updated):
            continue
        changes[fid] = {"action": action, "fields": fields, "create": created, "update": updated, "delete": deleted}
    return changes


def planned(plan: list[dict[str, Any]]) -> dict[str, Any]:
    """The dry run's plan in :func:`what_changed`'s shape."""
    out = {}
    for change in plan:
        caps = change["capabilities"]
        out[change["flavor-id"]] = {
            "action": change["action"],
            "fields": change["fields"],
            "create": sorted((c["hpa-capability-id"], c["hpa-feature"]) for c in caps["create"]),
            "update": {(c["hpa-capability-id"], c["hpa-feature"]): c["attributes"] for c in caps["update"]},
            "delete": sorted((c["hpa-capability-id"], c["hpa-feature"]) for c in caps["delete"]),
        }
    return out


def _messy(region_dir: Path) -> Any:
    """A region whose AAI holds a bit of everything to change: monolith ids, stale values, a dropped
    attribute, a changed flavor field, a flavor Nova no longer lists, a disabled driver's records."""
    region = load_region(region_dir)
    state = copy.deepcopy(region.aai_expected)
    stored = state["cloud-region"][0]["flavors"]["flavor"]
    by_id = {f["flavor-id"]: f for f in stored}
    for cap in by_id["g1"][_CAPS]["hpa-capability"]:
        cap["hpa-capability-id"] = str(uuid.uuid4())  # the original monolith wrote these
    g2 = by_id["g2"]
    g2["flavor-ram"] = g2["flavor-ram"] + 1
    first = g2[_CAPS]["hpa-capability"][0]
    first["hpa-feature-attributes"][0]["hpa-attribute-value"] = '{"value":"999"}'
    first["hpa-feature-attributes"].append({"hpa-attribute-key": "extra", "hpa-attribute-value": '{"value":"x"}'})
    stored.append({**copy.deepcopy(by_id["g4"]), "flavor-id": "retired", "flavor-name": "retired"})
    return replace(region, aai_initial=state)


def _sent() -> tuple[AlarmBook, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []

    class Sender:
        def send(self, event: dict[str, Any]) -> bool:
            events.append(event)
            return True

    return AlarmBook(Sender(), assume_clear=False), events


def test_a_dry_run_writes_nothing_and_its_plan_is_what_the_real_run_does():
    region = _messy(GPU_LAB)
    with ReplayServers.start(region) as servers:
        before = servers.aai.dump()
        alarms, events = _sent()
        dry = sync(servers, ALL, alarms=alarms, dry_run=True)
        assert writes(servers) == []
        assert servers.aai.dump() == before
        assert events == []  # no alarm raised or cleared by a dry run
        assert dry.writes == 0
        real = sync(servers, ALL)
        after = servers.aai.dump()
    assert real.failed == 0
    assert planned(dry.plan) == what_changed(before, after)
    assert {"g1", "g2", "retired"} <= {change["flavor-id"] for change in dry.plan}
    counts = ("created", "updated", "deleted", "unchanged", "skipped")
    counts += ("capabilities_created", "capabilities_updated", "capabilities_deleted")
    assert {name: getattr(dry, name) for name in counts} == {name: getattr(real, name) for name in counts}


def test_a_dry_run_with_prune_plans_exactly_the_deletes_the_pruning_run_makes():
    region = load_region(GPU_LAB)
    region = replace(region, aai_initial=copy.deepcopy(region.aai_expected))
    host = Host(disable={"gpu"}, deadline=30)
    with ReplayServers.start(region) as servers:
        before = servers.aai.dump()
        dry = sync(servers, host, prune=True, dry_run=True)
        assert writes(servers) == []
        real = sync(servers, host, prune=True)
        after = servers.aai.dump()
    assert planned(dry.plan) == what_changed(before, after)
    assert dry.pruned == real.pruned == real.capabilities_deleted > 0


def test_sync_dry_run_from_the_command_line(tmp_path):
    region = _messy(GPU_LAB)
    with ReplayServers.start(region) as servers:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_"))} | servers.env
        command = [sys.executable, "-m", "onap_hpa_host.cli", "sync", "--dry-run"]
        text = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
        as_json = subprocess.run(
            [*command, "--json"], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert writes(servers) == []
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[-1].startswith("dry run, nothing written: region CloudOwner/gpu-lab-1:")
    assert "  flavor 'retired': delete" in lines
    assert "  flavor 'g2': update" in lines
    assert any(line.startswith("    flavor-ram: ") for line in lines)
    assert any(line.startswith('      extra: {"value":"x"} -> (none)') for line in lines)
    document = json.loads(as_json.stdout)
    assert document["dry_run"] is True
    assert document["writes"] == 0
    assert {change["flavor-id"] for change in document["plan"]} >= {"g1", "g2", "retired"}
