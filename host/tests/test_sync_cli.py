"""``onap-hpa sync`` as a user runs it: a real process, configured by the environment and flags."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import ReplayServers

SUMMARY_KEYS = {"flavors_seen", "discovered", "created", "updated", "deleted", "unchanged", "writes", "faults"}


def _clean_env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_"))}
    return {**base, **extra}


def _run(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "onap_hpa_host.cli", "sync", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(default_region()) as running:
        yield running


def test_json_summary_from_the_openstack_and_onap_variables(servers):
    first = _run("--json", env=_clean_env(**servers.env))
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary.keys() >= SUMMARY_KEYS
    assert summary["flavors_seen"] == 10
    assert summary["writes"] > 0
    assert servers.aai.dump() == servers.region.aai_expected
    again = json.loads(_run("--json", env=_clean_env(**servers.env)).stdout)
    assert (again["writes"], again["unchanged"]) == (0, 10)


def test_flags_override_the_environment(servers):
    env = _clean_env(**{**servers.env, "ONAP_HPA_CLOUD_REGION_ID": "Nowhere", "ONAP_HPA_FLAVOR_PREFIX": "zzz"})
    result = _run("--json", "--cloud-region-id", servers.region.cloud_region_id, "--flavor-prefix", "onap.", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["discovered"] == 7


def test_an_unknown_region_is_a_clear_failure(servers):
    result = _run(env=_clean_env(**{**servers.env, "ONAP_HPA_CLOUD_REGION_ID": "Nowhere"}))
    assert result.returncode == 2
    assert "cloud region ONAP-OpenStack/Nowhere is not in AAI" in result.stderr


def test_passwords_come_only_from_the_environment(servers):
    env = {k: v for k, v in servers.env.items() if k != "OS_PASSWORD"}
    result = _run(env=_clean_env(**env))
    assert result.returncode == 2
    assert "is missing $OS_PASSWORD" in result.stderr
    flag = _run("--os-password", "x", env=_clean_env(**servers.env))
    assert flag.returncode == 2
    assert "unrecognized arguments: --os-password" in flag.stderr


def test_an_unreachable_aai_fails_the_run_without_writing(servers):
    env = _clean_env(**{**servers.env, "ONAP_HPA_AAI_URL": "http://127.0.0.1:9/aai/v13", "ONAP_HPA_HTTP_TIMEOUT": "2"})
    result = _run(env=env)
    assert result.returncode == 1
    assert "AAI GET /cloud-infrastructure/cloud-regions/cloud-region/ONAP-OpenStack/RegionTwo failed" in result.stderr


def test_with_nothing_configured_it_replays_the_bundled_region(tmp_path):
    result = _run(env=_clean_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Replaying region 'openstack-pike' (ONAP-OpenStack/RegionTwo) on loopback" in out
    assert "region ONAP-OpenStack/RegionTwo: 10 flavors seen" in out
    start = out.index("AAI flavors after the sync:\n") + len("AAI flavors after the sync:\n")
    records, end = json.JSONDecoder().raw_decode(out, start)
    expected = default_region().aai_expected["cloud-region"][0]["flavors"]["flavor"]
    ids = [f["flavor-id"] for f in records["flavor"]]
    assert ids == sorted(f["flavor-id"] for f in expected)  # in a stable order, whatever AAI's
    assert out.rstrip().splitlines()[-1].startswith("region ONAP-OpenStack/RegionTwo: 10 flavors seen")  # summary last
    assert end < out.index("region ONAP-OpenStack/RegionTwo: 10 flavors seen")


def test_with_nothing_configured_json_holds_the_summary_and_the_records(tmp_path):
    result = _run("--json", env=_clean_env(), cwd=tmp_path)
    document = json.loads(result.stdout)
    assert document.keys() >= SUMMARY_KEYS
    assert len(document["flavors"]) == document["flavors_seen"] == 10


def test_without_the_harness_the_demo_says_what_to_install(tmp_path):
    code = (
        "import sys; sys.modules['onap_hpa_harness'] = None; "
        "from onap_hpa_host.cli import main; sys.exit(main(['sync']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_clean_env(), cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "pip install onap-hpa-harness" in result.stderr
    assert "OS_* and ONAP_HPA_* variables" in result.stderr


def test_the_progress_bar_is_drawn_on_a_terminal_only(tmp_path):
    piped = _run(env=_clean_env(), cwd=tmp_path)
    assert "\r[" not in piped.stderr
    main, child = pty.openpty()
    command = [sys.executable, "-m", "onap_hpa_host.cli", "sync", "--json"]
    subprocess.run(
        command, env=_clean_env(), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=child, timeout=120, check=True
    )
    os.close(child)
    drawn = os.read(main, 65536).decode()
    os.close(main)
    assert "] 10/10 flavors" in drawn


def test_a_ca_bundle_that_is_not_a_file_is_a_configuration_error(servers, tmp_path):
    result = _run(env=_clean_env(**servers.env, ONAP_HPA_AAI_CACERT=str(tmp_path / "missing.pem")))
    assert result.returncode == 2
    assert "$ONAP_HPA_AAI_CACERT=" in result.stderr
    assert "is not a file; expected a PEM CA bundle" in result.stderr
