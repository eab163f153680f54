"""The Kubernetes source over real HTTP: the kube-apiserver replay on loopback, chunked lists, auth, TLS, failures."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import DriverInfo, attribute, capability, hookimpl
from onap_hpa_harness.cluster import Cluster, load_cluster
from onap_hpa_harness.replay import FaultPlan
from onap_hpa_harness.replay.http import Request, Response
from onap_hpa_harness.replay.kube import KubeReplay, KubeServers, write_kubeconfig
from onap_hpa_host import Host
from onap_hpa_host.aai.http import RetryPolicy
from onap_hpa_host.kube.kubeconfig import KubeConfig, read_kubeconfig
from onap_hpa_host.kube.profiles import Relevance
from onap_hpa_host.kube.source import (
    NODE_FEATURES_PATH,
    NODES_PATH,
    ApiOptions,
    ClusterSource,
    KubeApi,
    KubeError,
    ProfileHost,
    node_drivers,
)

from .replay_helpers import make_pki

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "fixtures" / "regions" / "k8s-nfd-lab"
VECTORS = json.loads((REPO / "contract" / "vectors" / "node-profiles.json").read_text())
FAST = ApiOptions(timeout=10, retry=RetryPolicy(attempts=3, backoff=0.005, cap=0.01))


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return load_cluster(CLUSTER)


@pytest.fixture
def servers(cluster: Cluster) -> Iterator[KubeServers]:
    with KubeServers.start(cluster) as running:
        yield running


def _api(servers: KubeServers, options: ApiOptions = FAST) -> KubeApi:
    return KubeApi(read_kubeconfig(str(servers.kubeconfig)), options)


def test_nodes_and_node_features_are_read_in_chunks(servers: KubeServers) -> None:
    with _api(servers, dataclasses.replace(FAST, page_size=2)) as api:
        nodes = api.nodes()
        features = api.node_features()
    assert [node["metadata"]["name"] for node in nodes] == sorted(
        item["name"] for item in VECTORS["nodes"]
    )  # all six, over three chunks
    assert features is not None
    assert len(features) == 3
    listed = [path for method, path, status in servers.kube.requests if status == 200]
    assert sum(path.startswith(NODES_PATH + "?limit=2&continue=") for path in listed) == 2
    assert all("Bearer" not in path for path in listed)


def test_the_profiles_are_the_flavors_and_each_keeps_its_node_part(servers: KubeServers) -> None:
    source = ClusterSource(_api(servers), Relevance(VECTORS["reads"]))
    try:
        flavors = source.flavors()
    finally:
        source.close()
    assert [flavor["id"] for flavor in flavors] == [profile["id"] for profile in VECTORS["profiles"]]
    for flavor, profile in zip(flavors, VECTORS["profiles"], strict=True):
        want = profile["request"]["flavor"]
        assert (flavor["name"], flavor["vcpus"], flavor["ram"]) == (want["name"], want["vcpus"], want["ram"])
        node = source.node(flavor["id"])
        assert node is not None
        assert {"labels": dict(node.labels), "allocatable": dict(node.allocatable)} == {
            key: profile["request"]["node"][key] for key in ("labels", "allocatable")
        }
    assert source.extra_specs(flavors[0]["id"]) == {}
    assert source.node("k8s-0000000000000000") is None


def test_a_cluster_without_the_node_feature_api_has_no_attribute_sets(cluster: Cluster) -> None:
    with KubeServers.start(dataclasses.replace(cluster, node_features=None)) as servers, _api(servers) as api:
        assert api.node_features() is None
        assert len(api.nodes()) == 6
        assert (("GET", NODE_FEATURES_PATH + "?limit=500", 404)) in servers.kube.requests
        source = ClusterSource(api, Relevance(VECTORS["reads"]))
        ids = {flavor["id"] for flavor in source.flavors()}
    # memory.numa attribute sets are facts: without them the GPU and plain profiles are other profiles
    assert ids != {profile["id"] for profile in VECTORS["profiles"]}
    assert len(ids) == 4


def test_a_wrong_token_is_refused_naming_the_fix_and_never_the_token(servers: KubeServers, tmp_path: Path) -> None:
    token = "wrong-token-0123456789"  # noqa: S105 - a fake token
    config = write_kubeconfig(tmp_path / "config", servers.kube_url, token)
    with KubeApi(read_kubeconfig(str(config)), FAST) as api, pytest.raises(KubeError) as caught:
        api.nodes()
    message = str(caught.value)
    assert "HTTP 401" in message
    assert "check the kubeconfig's user credentials" in message
    assert token not in message


def test_forbidden_names_the_permissions_needed(servers: KubeServers) -> None:
    servers.kube.faults.add(FaultPlan(status=403, path="/api/v1/nodes", times=None))
    with _api(servers) as api, pytest.raises(KubeError, match=r"HTTP 403.*get/list on nodes"):
        api.nodes()


def test_transient_failures_are_retried_and_a_persistent_one_stops_the_region(servers: KubeServers) -> None:
    servers.kube.faults.add(FaultPlan(status=503, path="/api/v1/nodes", times=2))
    with _api(servers) as api:
        assert len(api.nodes()) == 6
    servers.kube.faults.add(FaultPlan(status=500, path="/apis/nfd", times=None))
    with _api(servers) as api, pytest.raises(KubeError, match="HTTP 500"):
        api.node_features()  # not "absent": a profile without its facts would get another id
    servers.kube.faults.clear()
    servers.kube.faults.add(FaultPlan(drop=True, path="/api/v1/nodes", times=None))
    with _api(servers) as api, pytest.raises(KubeError, match="reachable"):
        api.nodes()


def test_an_expired_continue_token_restarts_the_listing_once(servers: KubeServers) -> None:
    servers.kube.faults.add(FaultPlan(status=410, path="continue=", times=1))
    with _api(servers, dataclasses.replace(FAST, page_size=4)) as api:
        assert len(api.nodes()) == 6
    servers.kube.faults.add(FaultPlan(status=410, path="continue=", times=None))
    with _api(servers, dataclasses.replace(FAST, page_size=4)) as api, pytest.raises(KubeError, match="expired twice"):
        api.nodes()


class _Looping(KubeReplay):
    """An API server whose continue token never ends the listing."""

    def respond(self, request: Request) -> Response:
        query = {key: value for key, value in request.query.items() if key != "continue"}
        response = super().respond(dataclasses.replace(request, query=query))
        if response.status == 200 and isinstance(response.body, dict) and "items" in response.body:
            response.body["metadata"]["continue"] = "same-token"
        return response


def test_a_listing_that_loops_or_never_ends_stops_the_region(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("onap_hpa_harness.replay.kube.KubeReplay", _Looping)
    with KubeServers.start(cluster) as servers:
        with _api(servers) as api, pytest.raises(KubeError, match="loops"):
            api.nodes()
        with (
            _api(servers, dataclasses.replace(FAST, max_pages=1)) as api,
            pytest.raises(KubeError, match="did not end"),
        ):
            api.nodes()
        with _api(servers, dataclasses.replace(FAST, max_objects=3)) as api, pytest.raises(KubeError, match="passed 3"):
            api.nodes()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"items": {}}, "no items list"),
        ({"items": [{"metadata": {"labels": {"a": 1}}}]}, r"NodeList.items\[0\].metadata.labels\['a'\]"),
        ([], "not a JSON object"),
    ],
)
def test_a_listing_not_in_the_apis_shape_stops_the_region(
    servers: KubeServers, monkeypatch: pytest.MonkeyPatch, body: Any, problem: str
) -> None:
    monkeypatch.setattr(servers.kube, "respond", lambda request: Response(200, body))
    source = ClusterSource(_api(servers), Relevance(VECTORS["reads"]))
    with pytest.raises(KubeError, match=problem):
        source.flavors()
    source.close()


def test_tls_with_the_kubeconfigs_ca_and_an_untrusted_server_refused(cluster: Cluster, tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    with KubeServers.start(cluster, tls=(pki["server"], pki["key"])) as servers:
        config = read_kubeconfig(str(servers.kubeconfig))
        assert config.server.startswith("https://")
        trusted = dataclasses.replace(config, ca_pem=Path(pki["ca1"]).read_bytes())
        with KubeApi(trusted, FAST) as api:
            assert len(api.nodes()) == 6
        other = dataclasses.replace(config, ca_pem=Path(pki["ca2"]).read_bytes())
        with KubeApi(other, FAST) as api, pytest.raises(KubeError, match="not trusted"):
            api.nodes()
        attempts = [entry for entry in servers.kube.requests if entry[1].startswith(NODES_PATH)]
        assert len(attempts) == 1  # a certificate that fails verification is not retried as an outage


def test_client_key_material_lives_in_a_private_directory_removed_on_close() -> None:
    config = KubeConfig(
        path="x", context="c", server="https://k:6443", ca_pem=b"CA", client_cert_pem=b"CERT", client_key_pem=b"KEY"
    )
    api = KubeApi(config, FAST)
    directory = Path(api._dir)  # the files requests reads
    assert (directory.stat().st_mode & 0o777, (directory / "client.key").stat().st_mode & 0o777) == (0o700, 0o600)
    assert (directory / "client.key").read_bytes() == b"KEY"
    api.close()
    assert not directory.exists()


def test_a_flavor_that_is_no_profile_of_the_last_listing_is_a_bad_request(servers: KubeServers) -> None:
    source = ClusterSource(_api(servers), Relevance(VECTORS["reads"]))

    class NoHost:
        drivers = ()

        def discover(self, request: Any) -> Any:
            raise AssertionError("never called")

    host = ProfileHost(NoHost(), source)  # type: ignore[arg-type]
    flavor = {"id": "k8s-0000000000000000", "name": "onap.k8s-0000000000000000", "vcpus": 1, "ram": 1}
    result = host.discover_data(flavor, {}, {"cloud_owner": "o", "cloud_region_id": "r"})
    assert result.record is None
    assert [(fault.kind, fault.driver) for fault in result.faults] == [("bad-request", "host")]
    source.close()


class _PythonNodeDriver:
    """A Python driver of node facts: the label it reads becomes a vendor feature's attribute."""

    DRIVER = DriverInfo(
        name="py-zone",
        version="1",
        features=frozenset({"basicCapabilities"}),
        reads=("node.allocatable/cpu", "node.allocatable/memory"),
    )

    @staticmethod
    @hookimpl
    def hpa_discover(request: Any) -> list[dict[str, Any]]:
        node = request.node
        if node is None:
            return []
        return [
            capability(
                "basicCapabilities",
                "generic",
                [
                    attribute("numVirtualCpu", node.allocatable["cpu"]),
                    attribute("virtualMemSize", node.allocatable["memory"][: -len("Mi")], "MB"),
                ],
            )
        ]


def test_a_python_driver_reads_the_node_part_and_its_reads_make_the_profiles(servers: KubeServers) -> None:
    found = node_drivers(lambda **options: Host(installed=False, plugins=[_PythonNodeDriver], **options))
    assert (found.names, found.hidden) == (["py-zone"], frozenset())
    source = ClusterSource(_api(servers), found.relevance)
    host = ProfileHost(found.host, source)
    try:
        flavors = source.flavors()
        # cpu and memory alone make the profiles: plain, GPU, and one for the SR-IOV and DPDK nodes together
        assert sorted((f["vcpus"], f["ram"]) for f in flavors) == [(7, 31087), (31, 122880), (47, 191000)]
        vim = {"cloud_owner": "k8scloudowner", "cloud_region_id": "k8sregion", "type": "k8s"}
        records = {f["id"]: host.discover_data(f, {}, vim).record for f in flavors}
    finally:
        source.close()
        found.host.close()
    for flavor in flavors:
        record = records[flavor["id"]]
        assert record is not None
        (cap,) = record["hpa-capabilities"]["hpa-capability"]
        values = {a["hpa-attribute-key"]: a["hpa-attribute-value"] for a in cap["hpa-feature-attributes"]}
        assert values["numVirtualCpu"] == json.dumps({"value": str(flavor["vcpus"])}, separators=(",", ":"))
