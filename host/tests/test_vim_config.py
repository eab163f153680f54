"""ONAP-native configuration end to end: the VIM from AAI's esr-system-info, every region with --all-regions,
clouds.yaml (OS_CLOUD) and application credentials; over the replay servers, as an operator runs it."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_harness.fixtures import default_region, load_region
from onap_hpa_harness.replay import ReplayServers

from .replay_helpers import flavors, make_pki

REPO = Path(__file__).resolve().parents[2]
GPU_LAB = REPO / "fixtures" / "regions" / "gpu-sriov-lab"
WINDRIVER = REPO / "fixtures" / "regions" / "windriver-titanium"


def _env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_", "REQUESTS_", "CURL_"))}
    return {**base, **extra}


def _sync(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "onap_hpa_host.cli", "sync", "--no-progress", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180, check=False)


def _region_flavors(servers: ReplayServers, owner: str, region: str) -> dict[str, Any]:
    state = servers.aai.dump()
    (wanted,) = [r for r in state["cloud-region"] if (r["cloud-owner"], r["cloud-region-id"]) == (owner, region)]
    return flavors({"cloud-region": [wanted]})


def _expected_flavors(region: Any) -> dict[str, Any]:
    return flavors(region.aai_expected)


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(default_region()) as running:
        yield running


def test_only_aai_access_configured_the_vim_comes_from_esr_system_info(servers):
    servers.register_esr()
    result = _sync("--json", env=_env(**servers.aai_env))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["flavors_seen"] == 10
    assert _region_flavors(servers, "ONAP-OpenStack", "RegionTwo") == _expected_flavors(servers.region)
    assert any(method == "POST" for method, _, _ in servers.nova.requests)  # logged in with esr's credentials


def test_a_region_without_esr_system_info_is_one_line_naming_what_is_missing(servers):
    result = _sync(env=_env(**servers.aai_env))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "has no esr-system-info" in line
    assert [r for r in servers.aai.requests if r[0] in ("PUT", "DELETE")] == []


def test_esr_ssl_cacert_is_honoured_and_ssl_insecure_is_loud(tmp_path):
    pki = make_pki(tmp_path)
    pem = Path(pki["ca1"]).read_text()
    with ReplayServers.start(default_region(), tls=(pki["server"], pki["key"])) as servers:
        servers.register_esr(**{"ssl-cacert": pem})
        env = _env(**servers.aai_env, ONAP_HPA_AAI_CACERT=pki["ca1"])
        trusted = _sync("--json", env=env)
        assert trusted.returncode == 0, trusted.stderr
        assert "OFF" not in trusted.stderr
        servers.register_esr(**{"ssl-cacert": "", "ssl-insecure": True})  # replaces it: no CA, verification off
        insecure = _sync("--json", env=env)
        assert insecure.returncode == 0, insecure.stderr
        assert "TLS verification of VIM https://127.0.0.1" in insecure.stderr
        assert "is OFF (insecure)" in insecure.stderr
        servers.register_esr(**{"ssl-insecure": False})
        refused = _sync(env=env)
        assert refused.returncode == 1
        assert "the VIM's TLS certificate is not trusted" in refused.stderr


def test_all_regions_syncs_each_registered_openstack_region_on_its_own(tmp_path):
    pike, lab = default_region(), load_region(GPU_LAB)
    with ReplayServers.start(pike) as first, ReplayServers.start(lab) as second:
        aai = first.aai  # one AAI, two VIMs
        lab_region = copy.deepcopy(lab.aai_initial["cloud-region"][0])
        path = ["cloud-infrastructure", "cloud-regions", "cloud-region", lab.cloud_owner, lab.cloud_region_id]
        aai.store.put(path, lab_region)
        ghost = {"cloud-owner": "CloudOwner", "cloud-region-id": "ghost", "cloud-type": "openstack"}
        aai.store.put(["cloud-infrastructure", "cloud-regions", "cloud-region", "CloudOwner", "ghost"], ghost)
        k8s = {"cloud-owner": "CloudOwner", "cloud-region-id": "k8s-1", "cloud-type": "k8s"}
        aai.store.put(["cloud-infrastructure", "cloud-regions", "cloud-region", "CloudOwner", "k8s-1"], k8s)
        first.register_esr()
        second.register_esr(aai=aai)
        env = {k: v for k, v in first.aai_env.items() if not k.startswith("ONAP_HPA_CLOUD_")}
        result = _sync("--all-regions", "--json", env=_env(**env, ONAP_HPA_REGION_WORKERS="2"))
        assert _region_flavors(first, pike.cloud_owner, pike.cloud_region_id) == _expected_flavors(pike)
        assert _region_flavors(first, lab.cloud_owner, lab.cloud_region_id) == _expected_flavors(lab)
        assert second.nova.requests  # the lab region was read from its own VIM
    assert result.returncode == 1, result.stderr  # the ghost region has no VIM registered: reported, not fatal
    regions = {(r["cloud_owner"], r["cloud_region_id"]): r for r in json.loads(result.stdout)["regions"]}
    assert set(regions) == {
        (pike.cloud_owner, pike.cloud_region_id),
        (lab.cloud_owner, lab.cloud_region_id),
        ("CloudOwner", "ghost"),
    }
    assert "has no esr-system-info" in regions["CloudOwner", "ghost"]["error"]
    assert regions[lab.cloud_owner, lab.cloud_region_id]["failed"] == 0


def _clouds_yaml(directory: Path, servers: ReplayServers, auth: dict[str, str], **cloud: str) -> Path:
    region = servers.region
    entry = {"auth": {"auth_url": servers.keystone_url, **auth}, "region_name": region.cloud_region_id, **cloud}
    path = directory / "clouds.yaml"
    path.write_text(json.dumps({"clouds": {"lab": entry, "other": {"auth": {"auth_url": "http://x"}}}}))  # JSON is YAML
    return path


def test_os_cloud_reads_clouds_yaml_and_secure_yaml(servers, tmp_path):
    creds = servers.region.credentials
    auth = {"username": creds["username"], "project_name": creds["project"], "user_domain_name": creds["user_domain"]}
    auth["project_domain_name"] = creds["project_domain"]
    _clouds_yaml(tmp_path, servers, auth)
    (tmp_path / "secure.yaml").write_text(json.dumps({"clouds": {"lab": {"auth": {"password": creds["password"]}}}}))
    result = _sync("--json", env=_env(**servers.aai_env, OS_CLOUD="lab"), cwd=tmp_path)  # ./clouds.yaml
    assert result.returncode == 0, result.stderr
    assert _region_flavors(servers, "ONAP-OpenStack", "RegionTwo") == _expected_flavors(servers.region)


def test_os_cloud_with_an_application_credential(servers, tmp_path):
    credential = servers.nova.application_credential
    auth = {"application_credential_id": credential["id"], "application_credential_secret": credential["secret"]}
    path = _clouds_yaml(tmp_path, servers, auth, auth_type="v3applicationcredential")
    env = _env(**servers.aai_env, OS_CLOUD="lab", OS_CLIENT_CONFIG_FILE=str(path))
    result = _sync("--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["failed"] == 0


def test_application_credentials_from_the_os_variables(servers):
    credential = servers.nova.application_credential
    env = _env(
        **servers.aai_env,
        OS_AUTH_URL=servers.keystone_url,
        OS_AUTH_TYPE="v3applicationcredential",
        OS_APPLICATION_CREDENTIAL_ID=credential["id"],
        OS_APPLICATION_CREDENTIAL_SECRET=credential["secret"],
        OS_REGION_NAME=servers.region.cloud_region_id,
    )
    result = _sync("--json", env=env)
    assert result.returncode == 0, result.stderr
    assert credential["secret"] not in result.stdout + result.stderr


def test_an_unknown_os_cloud_is_one_line_listing_the_clouds(servers, tmp_path):
    _clouds_yaml(tmp_path, servers, {"username": "u"})
    result = _sync(env=_env(**servers.aai_env, OS_CLOUD="nope"), cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "OS_CLOUD=nope names no cloud of" in line
    assert "one of: lab, other" in line
    setting_only_os_cloud = _sync(env=_env(OS_CLOUD="lab"), cwd=tmp_path)  # never the demo in disguise
    assert setting_only_os_cloud.returncode == 2
    assert "Replaying region" not in setting_only_os_cloud.stdout
