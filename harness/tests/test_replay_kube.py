"""The recorded Kubernetes cluster and the kube-apiserver replay: what a client of the API sees."""

from __future__ import annotations

import dataclasses
import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from onap_hpa_harness.cluster import Cluster, is_cluster, load_cluster
from onap_hpa_harness.demo import demo
from onap_hpa_harness.fixtures import FixtureError
from onap_hpa_harness.replay.kube import KubeServers

from .conftest import FIXTURES

CLUSTER = FIXTURES / "regions" / "k8s-nfd-lab"


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return load_cluster(CLUSTER)


@pytest.fixture
def servers(cluster: Cluster) -> Iterator[KubeServers]:
    with KubeServers.start(cluster) as running:
        yield running


def _get(servers: KubeServers, path: str, *, token: str | None = "", **params: Any) -> requests.Response:
    headers = (
        {"Authorization": f"Bearer {servers.cluster.token if token == '' else token}"} if token is not None else {}
    )
    return requests.get(servers.kube_url + path, headers=headers, params=params, timeout=10)


def test_the_recorded_cluster_is_a_cluster_with_gpu_sriov_and_plain_nodes(cluster: Cluster) -> None:
    assert is_cluster(CLUSTER)
    assert not is_cluster(FIXTURES / "regions" / "openstack-pike")
    names = [item["metadata"]["name"] for item in cluster.nodes["items"]]
    assert {"plain-1", "plain-2", "gpu-1", "sriov-1", "sriov-2", "sriov-dpdk-1"} == set(names)
    assert (cluster.cloud_owner, cluster.cloud_region_id, cluster.viminfo["type"]) == (
        "k8scloudowner",
        "k8sregion",
        "k8s",
    )
    assert cluster.token.startswith("fake-token")
    assert cluster.node_features is not None
    (region,) = cluster.aai_initial["cloud-region"]
    assert (region["cloud-type"], region.get("flavors")) == ("k8s", None)


@pytest.mark.parametrize(
    ("remove", "problem"),
    [("cluster.json", "cluster.json: file is missing"), ("kube/nodes.json", "nodes.json: file is missing")],
)
def test_a_cluster_directory_missing_a_file_names_it(tmp_path: Path, remove: str, problem: str) -> None:
    copy = tmp_path / "cluster"
    shutil.copytree(CLUSTER, copy)
    (copy / remove).unlink()
    with pytest.raises(FixtureError, match=problem):
        load_cluster(copy)


def test_a_cluster_without_a_token_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "cluster"
    shutil.copytree(CLUSTER, copy)
    vim = json.loads((copy / "vim.json").read_text())
    del vim["token"]
    (copy / "vim.json").write_text(json.dumps(vim))
    with pytest.raises(FixtureError, match="needs a non-empty string 'token'"):
        load_cluster(copy)


def test_version_is_public_and_everything_else_needs_the_token(servers: KubeServers) -> None:
    version = requests.get(servers.kube_url + "/version", timeout=10)
    assert (version.status_code, version.json()["gitVersion"]) == (200, "v1.29.4")
    for token in (None, "wrong"):
        answer = _get(servers, "/api/v1/nodes", token=token)
        assert answer.status_code == 401
        assert answer.json() | {"message": ""} == {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": "",
            "reason": "Unauthorized",
            "code": 401,
        }
    assert _get(servers, "/api/v1/nodes").status_code == 200


def test_lists_are_chunked_with_continue_tokens(servers: KubeServers) -> None:
    names, params = [], {"limit": "4"}
    for _ in range(3):
        body = _get(servers, "/api/v1/nodes", **params).json()
        assert (body["kind"], body["apiVersion"]) == ("NodeList", "v1")
        names += [item["metadata"]["name"] for item in body["items"]]
        if not body["metadata"].get("continue"):
            break
        assert body["metadata"]["remainingItemCount"] == 2
        params = {"limit": "4", "continue": body["metadata"]["continue"]}
    assert names == sorted(names)
    assert len(names) == 6
    assert _get(servers, "/api/v1/nodes", **{"continue": "garbage"}).status_code == 410
    assert _get(servers, "/api/v1/nodes", limit="x").status_code == 400
    assert len(_get(servers, "/api/v1/nodes", limit="0").json()["items"]) == 6  # 0: no limit


def test_node_features_cluster_wide_and_per_namespace(servers: KubeServers) -> None:
    body = _get(servers, "/apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures").json()
    assert (body["kind"], body["apiVersion"], len(body["items"])) == ("NodeFeatureList", "nfd.k8s-sigs.io/v1alpha1", 3)
    namespaced = _get(servers, "/apis/nfd.k8s-sigs.io/v1alpha1/namespaces/node-feature-discovery/nodefeatures")
    assert len(namespaced.json()["items"]) == 3
    assert _get(servers, "/apis/nfd.k8s-sigs.io/v1alpha1/namespaces/other/nodefeatures").json()["items"] == []


def test_a_cluster_without_node_feature_discovery_answers_404(cluster: Cluster) -> None:
    with KubeServers.start(dataclasses.replace(cluster, node_features=None)) as servers:
        answer = _get(servers, "/apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures")
        assert (answer.status_code, answer.json()["reason"]) == (404, "NotFound")


def test_single_nodes_unknown_paths_and_writes(servers: KubeServers) -> None:
    assert _get(servers, "/api/v1/nodes/gpu-1").json()["metadata"]["name"] == "gpu-1"
    assert _get(servers, "/api/v1/nodes/nope").status_code == 404
    assert _get(servers, "/api/v1/pods").status_code == 404
    headers = {"Authorization": f"Bearer {servers.cluster.token}"}
    assert requests.delete(servers.kube_url + "/api/v1/nodes/gpu-1", headers=headers, timeout=10).status_code == 405


def test_the_cluster_changes_while_it_is_served(servers: KubeServers) -> None:
    node = servers.kube.node("plain-1")
    node["metadata"]["name"] = "plain-9"
    features = servers.kube.feature("plain-1")
    assert features is not None
    features["metadata"].update(name="plain-9", labels={"nfd.node.kubernetes.io/node-name": "plain-9"})
    servers.kube.add_node(node, features)
    listed = [item["metadata"]["name"] for item in _get(servers, "/api/v1/nodes").json()["items"]]
    assert "plain-9" in listed
    assert len(_get(servers, "/apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures").json()["items"]) == 4
    servers.kube.remove_node("plain-9")
    assert len(_get(servers, "/api/v1/nodes").json()["items"]) == 6
    assert servers.kube.feature("nope") is None


def test_the_env_points_a_sync_at_the_replays(servers: KubeServers) -> None:
    env = servers.env
    assert set(env) == {
        "ONAP_HPA_KUBECONFIG",
        "ONAP_HPA_AAI_URL",
        "ONAP_HPA_AAI_USER",
        "ONAP_HPA_AAI_PASSWORD",
        "ONAP_HPA_CLOUD_OWNER",
        "ONAP_HPA_CLOUD_REGION_ID",
    }
    text = Path(env["ONAP_HPA_KUBECONFIG"]).read_text()
    assert f"server: {servers.kube_url}\n" in text
    assert f"token: {servers.cluster.token}\n" in text
    assert Path(env["ONAP_HPA_KUBECONFIG"]).stat().st_mode & 0o777 == 0o600
    headers = {"X-FromAppId": "t", "X-TransactionId": "1"}
    region = env["ONAP_HPA_AAI_URL"] + "/cloud-infrastructure/cloud-regions/cloud-region/k8scloudowner/k8sregion"
    assert requests.get(region, headers=headers, auth=("AAI", "AAI"), timeout=10).json()["cloud-type"] == "k8s"


def test_the_demo_of_a_cluster_directory_serves_the_cluster() -> None:
    with demo(str(CLUSTER)) as running:
        assert running.banner.startswith("Replaying Kubernetes cluster 'k8s-nfd-lab'")
        kubeconfig = Path(running.env["ONAP_HPA_KUBECONFIG"])
        assert kubeconfig.is_file()
    assert not kubeconfig.exists()


def test_onap_hpa_replay_of_a_cluster_prints_its_line_and_exits_cleanly() -> None:
    command = [sys.executable, "-m", "onap_hpa_host.cli", "replay", str(CLUSTER)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
            assert set(line) == {"kube", "aai", "kubeconfig", "env"}
            assert line["env"]["ONAP_HPA_KUBECONFIG"] == line["kubeconfig"]
            assert line["env"]["ONAP_HPA_AAI_URL"] == line["aai"]
            token = "fake-token-k8s-nfd-lab"  # noqa: S105 - the fixture's fake token
            nodes = requests.get(
                line["kube"] + "/api/v1/nodes", headers={"Authorization": f"Bearer {token}"}, timeout=10
            )
            assert len(nodes.json()["items"]) == 6
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0
        finally:
            process.kill()
    assert not Path(line["kubeconfig"]).exists()
