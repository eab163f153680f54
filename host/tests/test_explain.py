"""``onap-hpa explain FLAVOR_ID`` against a request file and a replayed region: per driver what it read,
emitted or faulted, what the host did, and what a sync would do in AAI. It writes nothing."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from onap_hpa_harness.fixtures import default_region, load_region
from onap_hpa_harness.replay import ReplayServers

from .replay_helpers import writes

REPO = Path(__file__).resolve().parents[2]
REQUEST = REPO / "fixtures" / "requests" / "sriov-nic.json"


def _env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_"))}, **extra}


def _explain(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "onap_hpa_host.cli", "explain", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def _by_driver(answer: dict) -> dict[str, dict]:
    return {driver["driver"]: driver for driver in answer["drivers"]}


def test_explain_a_flavor_of_a_region_driver_by_driver():
    with ReplayServers.start(default_region()) as servers:
        result = _explain("102", "--json", env=_env(**servers.env))
        medium = _explain("onap.medium", "--json", env=_env(**servers.env))
        text = _explain("102", env=_env(**servers.env))
        assert writes(servers) == []
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["discovered"] is True
    drivers = _by_driver(answer)
    cpu = drivers["compute-cpu"]
    assert [f["kind"] for f in cpu["faults"]] == ["bad-input"]
    assert "'hw:cpu_policy' = 'Dedicated'" in cpu["faults"][0]["message"]
    assert [r["hpa-feature"] for r in cpu["records"]] == ["cpuTopology"]
    assert cpu["host"].startswith("kept 1 record(s)")
    assert drivers["sriov-nic"]["host"].startswith("nothing to record")
    assert answer["aai"]["action"] == "create"
    created = {c["hpa-feature"] for c in answer["aai"]["capabilities"]["create"]}
    assert created == {"basicCapabilities", "localStorage", "cpuTopology", "ovsDpdk"}
    # onap.medium holds a record of the original monolith: replaced by sriov-nic's own
    change = json.loads(medium.stdout)["aai"]
    (deleted,) = change["capabilities"]["delete"]
    assert json.loads(medium.stdout)["owners"][deleted["hpa-capability-id"]]["category"] == "monolith"
    assert "sriovNICNetwork" in {c["hpa-feature"] for c in change["capabilities"]["create"]}
    assert "fault bad-input: flavor '102': extra_spec 'hw:cpu_policy'" in text.stdout
    assert text.stdout.splitlines()[0] == "flavor '102' (region ONAP-OpenStack/RegionTwo)"


def test_explain_says_a_disabled_drivers_records_are_kept():
    region = load_region(REPO / "fixtures" / "regions" / "gpu-sriov-lab")
    synced = replace(region, aai_initial=copy.deepcopy(region.aai_expected))
    with ReplayServers.start(synced) as servers:
        result = _explain("g3", env=_env(**servers.env, ONAP_HPA_DISABLE="gpu"))
        assert writes(servers) == []
    assert result.returncode == 0, result.stderr
    assert "driver gpu (blocked)" in result.stdout
    assert "not run (blocked)" in result.stdout
    assert any(
        line.startswith("  keep ") and "written by gpu, not loaded" in line for line in result.stdout.splitlines()
    )
    assert "AAI: unchanged" in result.stdout


def test_explain_a_request_file_and_a_flavor_found_nowhere():
    flavor_id = json.loads(REQUEST.read_text())["flavor"]["id"]
    result = _explain(flavor_id, "--file", str(REQUEST), "--json", env=_env())
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    nic = _by_driver(answer)["sriov-nic"]
    assert [r["hpa-feature"] for r in nic["records"]] == ["sriovNICNetwork"]
    assert nic["host"] == "accepted 1 record(s) with stable ids"
    missing = _explain("nosuch", "--file", str(REQUEST), env=_env())
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"onap-hpa explain: flavor 'nosuch' is not in {REQUEST}"
