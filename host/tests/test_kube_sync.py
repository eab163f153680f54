"""A Kubernetes cloud region end to end over loopback: the kube-apiserver and AAI replays, the Go drivers' wheel.

The recorded cluster (fixtures/regions/k8s-nfd-lab) is synced by ``onap-hpa sync`` (and RegionSync) with the
Kubernetes drivers of ``onap-device-driver-k8s``, built here from go/packaging with the Go toolchain, next to
every Python driver of the monorepo: only the drivers that read node facts run on node profiles.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_harness.cluster import Cluster, load_cluster
from onap_hpa_harness.replay.aai_store import normalize_state
from onap_hpa_harness.replay.kube import KubeServers
from onap_hpa_host import Host
from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, RetryPolicy, SyncSummary, name_prefix
from onap_hpa_host.kube.kubeconfig import read_kubeconfig
from onap_hpa_host.kube.source import ClusterSource, KubeApi, NodeDrivers, ProfileHost, node_drivers

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "fixtures" / "regions" / "k8s-nfd-lab"
GO_EXPECTED = REPO / "go" / "kube" / "testdata" / "cluster" / "expected.json"
K8S_DRIVERS = {"k8s-compute", "k8s-cpu", "k8s-gpu", "k8s-sriov-nic"}
FAST = RetryPolicy(attempts=3, backoff=0.005, cap=0.02)
ONAP_HPA = [sys.executable, "-m", "onap_hpa_host.cli"]


def _go() -> str | None:
    return shutil.which("go") or ("/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None)


@pytest.fixture(scope="module")
def k8s_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """onap-device-driver-k8s built from go/packaging and unpacked: a directory to put on the Python path."""
    if _go() is None:
        pytest.skip("the Go toolchain is needed to build onap-device-driver-k8s")
    uv = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    out = tmp_path_factory.mktemp("k8s-wheel")
    env = {**os.environ, "PATH": f"{Path(str(_go())).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [
            uv,
            "build",
            "--quiet",
            "--wheel",
            "--out-dir",
            str(out),
            str(REPO / "go" / "packaging" / "onap-device-driver-k8s"),
        ],
        check=True,
        env=env,
        timeout=600,
    )
    (wheel,) = out.glob("onap_device_driver_k8s-*.whl")
    site = tmp_path_factory.mktemp("k8s-site")
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            archive.extract(info, site)
            mode = info.external_attr >> 16
            if mode:
                (site / info.filename).chmod(mode & 0o777)
    return site


@pytest.fixture(scope="module")
def found(k8s_site: Path) -> Iterator[NodeDrivers]:
    """The node drivers among everything installed plus the Go wheel (which is on the path for this module only)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(k8s_site))
        drivers = node_drivers(Host)
        try:
            yield drivers
        finally:
            drivers.host.close()


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return load_cluster(CLUSTER)


def _sync(servers: KubeServers, found: NodeDrivers) -> SyncSummary:
    e = servers.env
    source = ClusterSource(KubeApi(read_kubeconfig(e["ONAP_HPA_KUBECONFIG"])), found.relevance)
    config = AaiConfig(e["ONAP_HPA_AAI_URL"], e["ONAP_HPA_AAI_USER"], e["ONAP_HPA_AAI_PASSWORD"], retry=FAST)
    try:
        with AaiClient(config) as aai:
            return RegionSync(
                source,  # type: ignore[arg-type]
                aai,
                cloud_owner=e["ONAP_HPA_CLOUD_OWNER"],
                cloud_region_id=e["ONAP_HPA_CLOUD_REGION_ID"],
                host=ProfileHost(found.host, source, hidden=found.hidden),  # type: ignore[arg-type]
                discover=name_prefix(""),
                workers=4,
                retry=FAST,
            ).run()
    finally:
        source.close()


def _flavors(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (region,) = state["cloud-region"]
    return {flavor["flavor-id"]: flavor for flavor in region.get("flavors", {}).get("flavor", [])}


def _writes(servers: KubeServers) -> list[tuple[str, str, int]]:
    return [entry for entry in servers.aai.requests if entry[0] in ("PUT", "DELETE")]


def _renamed(node: dict[str, Any], name: str, **labels: str) -> dict[str, Any]:
    """``node`` as another node of the same pool: new name, hostname, uid, zone, annotations, storage."""
    clone = copy.deepcopy(node)
    clone["metadata"].update(name=name, uid=f"uid-{name}", resourceVersion="7")
    clone["metadata"]["labels"].update({"kubernetes.io/hostname": name, **labels})
    clone["metadata"]["annotations"]["csi.volume.kubernetes.io/nodeid"] = json.dumps({"ebs": f"i-{name}"})
    clone["status"]["allocatable"]["ephemeral-storage"] = "12345"
    return clone


def _features_of(servers: KubeServers, node: str, name: str) -> dict[str, Any]:
    features = servers.kube.feature(node)
    assert features is not None
    features["metadata"].update(name=name)
    features["metadata"]["labels"]["nfd.node.kubernetes.io/node-name"] = name
    return features


def test_the_recorded_clusters_expected_flavors_are_what_the_go_host_discovers(cluster: Cluster) -> None:
    go = json.loads(GO_EXPECTED.read_text())
    region = {"cloud-owner": cluster.cloud_owner, "cloud-region-id": cluster.cloud_region_id}
    go_state = normalize_state({"cloud-region": [{**region, "flavors": {"flavor": [item["flavor"] for item in go]}}]})
    assert cluster.aai_expected is not None
    assert _flavors(cluster.aai_expected) == _flavors(go_state)  # ids, records and attribute values, byte for byte
    assert set(cluster.expected_drivers) == K8S_DRIVERS
    for name in ("nodes.json", "nodefeatures.json"):  # the fixture is the Go tests' cluster, not a drifting copy
        assert (CLUSTER / "kube" / name).read_bytes() == (GO_EXPECTED.parent / name).read_bytes()


def test_only_the_drivers_that_read_node_facts_run_on_node_profiles(found: NodeDrivers) -> None:
    assert found.names == sorted(K8S_DRIVERS)
    assert {"compute-basic", "compute-numa", "gpu", "sriov-nic", "ovs-dpdk"} <= found.hidden
    assert {d.name for d in found.host.drivers if d.status == "loaded"} == K8S_DRIVERS


def test_sync_creates_the_clusters_flavors_then_follows_the_cluster(found: NodeDrivers, cluster: Cluster) -> None:
    with KubeServers.start(cluster) as servers:
        # 1. The recorded cluster: one flavor per node profile, exactly the expected k8s-region flavors.
        first = _sync(servers, found)
        assert (first.flavors_seen, first.discovered, first.created, first.failed, first.skipped) == (4, 4, 4, 0, 0)
        assert first.writes == len(_writes(servers)) == 4
        assert servers.aai.dump() == cluster.aai_expected
        assert set(first.drivers) == K8S_DRIVERS  # no Nova driver ran (no conflict, no stray basicCapabilities)
        assert [(f.flavor_id, f.driver, f.kind) for f in first.faults] == [
            ("k8s-cb4a25fdc6849083", "k8s-sriov-nic", "bad-input")  # the DPDK pool has no physnet label
        ]

        # 2. An unchanged cluster: the resync writes nothing.
        before = len(_writes(servers))
        again = _sync(servers, found)
        assert (again.writes, again.unchanged, again.created, again.updated, again.deleted) == (0, 4, 0, 0, 0)
        assert len(_writes(servers)) == before

        # 3. The autoscaler adds a node like plain-1 (other name, zone, uid, annotations, ephemeral storage;
        #    allocatable cpu spelt otherwise): same profile, nothing written.
        plain = _renamed(servers.kube.node("plain-1"), "plain-3", **{"topology.kubernetes.io/zone": "zone-c"})
        plain["status"]["allocatable"]["cpu"] = "7.91"
        servers.kube.add_node(plain, _features_of(servers, "plain-1", "plain-3"))
        scaled = _sync(servers, found)
        assert (scaled.flavors_seen, scaled.writes, scaled.unchanged) == (4, 0, 4)
        assert len(_writes(servers)) == before
        assert servers.aai.dump() == cluster.aai_expected

        # 4. A node of a new kind (another GPU model): one more flavor, the others untouched.
        gpu = _renamed(servers.kube.node("gpu-1"), "gpu-2")
        labels = gpu["metadata"]["labels"]
        del labels["feature.node.kubernetes.io/pci-0302_10de_1eb8.present"]
        labels["feature.node.kubernetes.io/pci-0302_10de_20b5.present"] = "true"
        servers.kube.add_node(gpu, _features_of(servers, "gpu-1", "gpu-2"))
        grown = _sync(servers, found)
        assert (grown.flavors_seen, grown.created, grown.unchanged, grown.updated, grown.deleted) == (5, 1, 4, 0, 0)
        assert grown.writes == 1
        after = _flavors(servers.aai.dump())
        assert {k: v for k, v in after.items() if k in _flavors(cluster.aai_expected)} == _flavors(cluster.aai_expected)
        (new_id,) = set(after) - set(_flavors(cluster.aai_expected))
        gpus = [c for c in after[new_id]["hpa-capabilities"]["hpa-capability"] if c["hpa-feature"] == "pciePassthrough"]
        values = {a["hpa-attribute-key"]: a["hpa-attribute-value"] for a in gpus[0]["hpa-feature-attributes"]}
        assert values["pciDeviceId"] == '{"value":"20b5"}'

        # 5. That node gone: its flavor (capabilities first) is removed, and AAI is as expected again.
        servers.kube.remove_node("gpu-2")
        shrunk = _sync(servers, found)
        assert (shrunk.deleted, shrunk.unchanged, shrunk.created) == (1, 4, 0)
        assert servers.aai.dump() == cluster.aai_expected


def _cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ONAP_HPA, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)


def _env(k8s_site: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONAP_HPA_", "OS_"))}
    if k8s_site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(k8s_site), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**env, **extra}


def test_onap_hpa_replay_of_the_cluster_prints_the_env_onap_hpa_sync_runs_with(k8s_site: Path) -> None:
    command = [*ONAP_HPA, "replay", str(CLUSTER)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as replay:
        try:
            assert replay.stdout is not None
            line = json.loads(replay.stdout.readline())
            assert set(line) == {"kube", "aai", "kubeconfig", "env"}
            assert line["env"]["ONAP_HPA_KUBECONFIG"] == line["kubeconfig"]
            assert read_kubeconfig(line["kubeconfig"]).server == line["kube"]
            run = _cli("sync", "--json", env=_env(k8s_site, **line["env"]))
            assert run.returncode == 0, run.stderr
            summary = json.loads(run.stdout)
            assert (summary["created"], summary["writes"], summary["cloud_region_id"]) == (4, 4, "k8sregion")
            assert set(summary["drivers"]) == K8S_DRIVERS
            again = json.loads(_cli("sync", "--json", env=_env(k8s_site, **line["env"])).stdout)
            assert (again["writes"], again["unchanged"]) == (0, 4)
            replay.terminate()
            assert replay.wait(timeout=10) == 0
        finally:
            replay.kill()
    assert not Path(line["kubeconfig"]).exists()  # the replay's kubeconfig goes with it


def test_sync_replay_of_the_cluster_is_the_demo_of_a_kubernetes_region(k8s_site: Path, cluster: Cluster) -> None:
    run = _cli("sync", "--replay", str(CLUSTER), "--json", env=_env(k8s_site))
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["created"] == 4
    assert {flavor["flavor-id"] for flavor in document["flavors"]} == set(_flavors(cluster.aai_expected or {}))
    text = _cli("sync", "--replay", str(CLUSTER), env=_env(k8s_site))
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Replaying Kubernetes cluster 'k8s-nfd-lab' (k8scloudowner/k8sregion) on loopback")
    assert "4 flavors seen, 4 discovered" in text.stdout
    dry = _cli("sync", "--replay", str(CLUSTER), "--json", "--dry-run", env=_env(k8s_site))
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert (plan["writes"], plan["created"], plan["dry_run"]) == (0, 4, True)
    assert sorted(change["action"] for change in plan["plan"]) == ["create"] * 4


def test_without_a_driver_that_reads_node_facts_the_sync_refuses_before_reading(tmp_path: Path) -> None:
    with KubeServers.start(load_cluster(CLUSTER)) as servers:
        run = _cli("sync", env=_env(None, **servers.env))
        assert run.returncode == 2
        assert "found no installed driver that reads Kubernetes node facts" in run.stderr
        assert "onap-device-driver-k8s" in run.stderr
        assert servers.kube.requests == []
        assert _writes(servers) == []
    broken = tmp_path / "kubeconfig"
    broken.write_text("apiVersion: v1\nusers:\n- name: u\n  user:\n    exec:\n      command: aws\n")
    run = _cli("sync", "--kubeconfig", str(broken), env=_env(None, ONAP_HPA_AAI_PASSWORD="x"))  # noqa: S106 - fake
    assert run.returncode == 2
    assert "onap-hpa sync --kubeconfig is missing $ONAP_HPA_AAI_URL" in run.stderr
