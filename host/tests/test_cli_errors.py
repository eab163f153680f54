"""Every user-facing error of every command is one line on stderr with its documented exit status.

Real processes (``python -m onap_hpa_host.cli``), configured by the environment, against the replay
servers where a region is needed. Exit statuses are :data:`onap_hpa_host.cli.EXIT_STATUS`.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from onap_hpa_harness.fixtures import default_region, load_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host.cli import EXIT_STATUS

from .replay_helpers import make_pki, writes

REPO = Path(__file__).resolve().parents[2]
REQUEST = REPO / "fixtures" / "requests" / "sriov-nic.json"
GPU_LAB = REPO / "fixtures" / "regions" / "gpu-sriov-lab"
INSTALLED = (
    "compute-basic",
    "compute-cpu",
    "compute-numa",
    "compute-pci",
    "gpu",
    "ovs-dpdk",
    "sriov-nic",
)


def _env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_", "REQUESTS_", "CURL_"))}
    return {**base, **extra}


def _run(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "onap_hpa_host.cli", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180, check=False)


def _one_line(result: subprocess.CompletedProcess[str], status: int, *needles: str) -> str:
    """The single error line of a failed command, after checking its status and content.

    Log records (an alarm logged because no VES collector is configured starts with its UTC timestamp)
    are the log's, not the error's.
    """
    assert result.returncode == status, (result.returncode, result.stderr)
    assert status in EXIT_STATUS
    lines = [line for line in result.stderr.strip().splitlines() if not re.match(r"\d{4}-\d\d-\d\dT", line)]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    region = default_region()
    synced = replace(region, aai_initial=copy.deepcopy(region.aai_expected))
    with ReplayServers.start(synced) as running:
        yield running


def test_a_typo_in_onap_hpa_drivers_refuses_sync_and_discover_and_warns_in_drivers(servers, tmp_path):
    state = tmp_path / "alarms.json"
    env = _env(**servers.env, ONAP_HPA_DRIVERS="sriovnic", ONAP_HPA_ALARM_STATE=str(state))
    result = _run("sync", "--json", env=env)
    line = _one_line(result, 2, "onap-hpa sync:", "$ONAP_HPA_DRIVERS names 'sriovnic'")
    assert "sriov-nic" in line  # the installed names, to pick from
    assert servers.aai.requests == []  # AAI exactly as before: not even read
    assert servers.nova.requests == []
    document = json.loads(result.stdout)  # --json says it too, for whoever reads the job's output
    assert document["writes"] == 0
    assert [(f["driver"], f["kind"]) for f in document["faults"]] == [("sriovnic", "unknown-driver")]
    alarms = json.loads(state.read_text())  # and the alarm is raised: a CronJob's stderr is read by nobody
    (key,) = [key for key, entry in alarms.items() if entry["flavors"]]
    assert key.split("\0") == [servers.region.cloud_owner, servers.region.cloud_region_id, "sriovnic"]
    _one_line(_run("discover", str(REQUEST), env=env), 2, "onap-hpa discover:", "'sriovnic'")
    listed = _run("drivers", env=env)
    assert listed.returncode == 0
    _one_line(listed, 0, "onap-hpa drivers: warning: $ONAP_HPA_DRIVERS names 'sriovnic'")
    disabled = _run("sync", env=_env(**servers.env, ONAP_HPA_DISABLE="gpu,nosuch"))
    _one_line(disabled, 2, "$ONAP_HPA_DISABLE names 'nosuch'")


def test_a_sync_with_no_driver_loaded_writes_nothing_and_says_why(servers):
    env = _env(**servers.env, ONAP_HPA_DISABLE=",".join(INSTALLED))
    _one_line(_run("sync", "--json", env=env), 2, "no HPA driver is loaded", "nothing was written")
    assert servers.aai.requests == []


def _dist_info(root: Path, name: str, version: str, entry_points: str) -> None:
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


def test_a_gpu_driver_that_fails_to_import_keeps_its_records_and_is_reported_and_alarmed(tmp_path):
    # The installed GPU distribution's metadata, shadowed by one whose driver module is gone (a wheel
    # half-removed, a missing native library): the import fails in whatever process loads it.
    site = tmp_path / "site"
    _dist_info(
        site, "onap-device-driver-gpu", "1.0.0", "[onap.hpa.drivers]\ngpu = onap_device_driver_gpu_gone.plugin\n"
    )
    region = load_region(GPU_LAB)
    state = tmp_path / "alarms.json"
    with ReplayServers.start(replace(region, aai_initial=copy.deepcopy(region.aai_expected))) as servers:
        env = _env(
            **servers.env,
            PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
            ONAP_HPA_ALARM_STATE=str(state),
        )
        result = _run("sync", "--json", "--no-progress", env=env)
        assert result.returncode == 0, result.stderr  # reported and alarmed, not a failed run
        assert writes(servers) == []
        assert servers.aai.dump() == region.aai_expected
    summary = json.loads(result.stdout)
    assert summary["writes"] == 0
    assert summary["drivers"]["gpu"] != "loaded"
    (fault,) = [f for f in summary["faults"] if f["driver"] == "gpu"]
    assert (fault["flavor-id"], fault["kind"]) == ("*", "load-failed")
    assert "onap_device_driver_gpu_gone" in fault["message"]
    assert summary["capabilities"]["kept"] == len(summary["kept"]) >= 6
    assert {kept["driver"] for kept in summary["kept"]} == {"gpu"}
    alarms = json.loads(state.read_text())
    assert any(key.endswith("\0gpu") and entry["flavors"] for key, entry in alarms.items())
    assert "alarm MAJOR: driver gpu load-failed" in result.stderr


def test_prune_from_the_command_line_removes_exactly_the_disabled_drivers_records(tmp_path):
    region = load_region(GPU_LAB)
    with ReplayServers.start(replace(region, aai_initial=copy.deepcopy(region.aai_expected))) as servers:
        env = _env(**servers.env, ONAP_HPA_DISABLE="gpu")
        kept = json.loads(_run("sync", "--json", env=env).stdout)
        assert writes(servers) == []
        pruned = json.loads(_run("sync", "--json", "--prune", env=env).stdout)
        deletes = [path for method, path, _ in writes(servers) if method == "DELETE"]
    assert kept["capabilities"]["kept"] == pruned["capabilities"]["pruned"] == len(deletes) >= 6
    cap_ids = {k["hpa-capability-id"] for k in kept["kept"]}
    assert {path.split("?")[0].rsplit("/", 1)[1] for path in deletes} == cap_ids


def test_a_bad_environment_value_names_the_variable_and_the_expected_form(servers):
    bad = _run("discover", str(REQUEST), env=_env(ONAP_HPA_DRIVER_TIMEOUT="x"))
    _one_line(bad, 2, "ONAP_HPA_DRIVER_TIMEOUT='x' is invalid; expected a positive number of seconds")
    for variable, value, expected in [
        ("ONAP_HPA_HTTP_TIMEOUT", "soon", "a positive number"),
        ("ONAP_HPA_NOVA_MAX_PAGES", "0", "a whole number >= 1"),
        ("ONAP_HPA_SYNC_WORKERS", "many", "a whole number >= 1"),
        ("ONAP_HPA_DRIVER_TIMEOUT", "inf", "a positive number of seconds"),
    ]:
        result = _run("sync", env=_env(**servers.env, **{variable: value}))
        _one_line(result, 2, f"{variable}={value!r} is invalid; expected {expected}")
    assert writes(servers) == []


def test_a_replay_directory_that_is_not_a_region_says_what_is_missing(tmp_path):
    result = _run("sync", "--replay", str(tmp_path), env=_env(), cwd=tmp_path)
    _one_line(result, 2, f"--replay {tmp_path}", "region.json: file is missing")


def _closed_pipe(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reader is already gone (``onap-hpa ... | head`` after head exited)."""
    read, write = os.pipe()
    os.close(read)
    try:
        command = [sys.executable, "-m", "onap_hpa_host.cli", *args]
        return subprocess.run(
            command, env=env, cwd=cwd, stdout=write, stderr=subprocess.PIPE, text=True, timeout=180, check=False
        )
    finally:
        os.close(write)


def test_broken_pipes_end_quietly(tmp_path):
    for args in (("drivers", "--json"), ("sync",), ("discover", str(REQUEST))):
        result = _closed_pipe(*args, env=_env(), cwd=tmp_path)
        assert result.returncode == 141, (args, result.stderr)
        assert result.stderr == "", (args, result.stderr)


def test_a_certificate_aai_does_not_trust_is_one_line_naming_the_setting(tmp_path):
    pki = make_pki(tmp_path)
    with ReplayServers.start(default_region(), tls=(pki["server"], pki["key"])) as servers:
        env = _env(**servers.env, OS_CACERT=pki["ca1"], ONAP_HPA_AAI_CACERT=pki["ca2"], REQUESTS_CA_BUNDLE=pki["ca1"])
        result = _run("sync", env=env)
        assert servers.aai.requests == []
    line = _one_line(result, 1, "onap-hpa sync:", "the certificate is not trusted: check ONAP_HPA_AAI_CACERT")
    assert "unavailable" not in line


def test_usage_lists_the_exit_statuses():
    result = _run("--help", env=_env())
    assert result.returncode == 0
    assert "exit status: 0 done" in " ".join(result.stdout.split())
    assert "141 the output pipe was closed early" in " ".join(result.stdout.split())


def test_a_request_that_cannot_be_decoded_costs_only_itself(tmp_path):
    good = json.loads(REQUEST.read_text())
    text = json.dumps(good)
    surrogate = text.replace('"name": "', '"name": "\\ud800', 1)
    deep_vim = json.dumps({**good, "vim": {**good["vim"], "cloud_extra_info": "[" * 2000 + "]" * 2000}})
    nested = json.dumps({**good, "flavor": {**good["flavor"], "id": "nested"}, "x": 0}).replace(
        '"x": 0', '"x": ' + "[" * 5000 + "]" * 5000
    )
    path = tmp_path / "mixed.json"
    path.write_text("[" + ",".join([text, surrogate, nested, deep_vim]) + "]")
    result = _run("discover", str(path), env=_env())
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["flavors"]) == 2  # the good request and the one whose cloud_extra_info is too deep
    kinds = sorted((fault["driver"], fault["kind"]) for fault in document["faults"])
    assert kinds == [("host", "bad-request"), ("host", "bad-request"), ("ovs-dpdk", "bad-input")]
    messages = " ".join(fault["message"] for fault in document["faults"])
    assert "'flavor.name'" in messages
    assert "request #2 of" in messages
    assert "nested deeper than 32 levels" in messages


def test_workers_that_cannot_start_are_one_line_from_discover_too(tmp_path):
    """discover starts the workers in a thread while it reads its files: their failure is still one line."""
    result = _run("discover", str(REQUEST), env=_env(ONAP_HPA_WORKER_ENV="OS_PASSWORD"), cwd=tmp_path)
    _one_line(result, 2, "onap-hpa discover:", "ONAP_HPA_WORKER_ENV", "no variable that may hold a secret")
    assert result.stdout == ""
