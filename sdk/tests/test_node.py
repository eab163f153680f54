"""The request's Kubernetes node part (contract 1.2): NodeView, and how it crosses the wire."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import CONTRACT_VERSION, DiscoveryRequest, NodeView, RequestError
from onap_hpa.request import MAX_NODE_CHARS
from onap_hpa.worker.wire import node_from_wire, node_to_wire, request_from_wire, request_to_wire

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "contract" / "vectors" / "node-profiles.json"
FLAVOR = {"id": "k8s-1", "name": "onap.k8s-1", "vcpus": 4, "ram": 8192}
VIM = {"cloud_owner": "k8scloudowner", "cloud_region_id": "k8sregion", "type": "k8s"}
NODE: dict[str, Any] = {
    "labels": {"kubernetes.io/arch": "amd64", "feature.node.kubernetes.io/cpu-cpuid.AVX": "true"},
    "allocatable": {"memory": "8192Mi", "cpu": "4"},
    "features": {"memory.numa": {"node_count": "2", "is_numa": "true"}},
}


def _compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def test_contract_minor_is_1_2_with_the_node_part() -> None:
    assert CONTRACT_VERSION == "1.2"
    go_doc = (REPO / "go" / "hpa" / "doc.go").read_text()
    assert f'const ContractVersion = "{CONTRACT_VERSION}"' in go_doc  # one contract, both SDKs


def test_node_view_is_read_only_sorted_and_empty_where_absent() -> None:
    node = NodeView.build(NODE)
    assert list(node.labels) == sorted(NODE["labels"])
    assert list(node.allocatable) == ["cpu", "memory"]
    assert list(node.features["memory.numa"]) == ["is_numa", "node_count"]
    assert node.annotations == {}
    assert node.capacity == {}
    with pytest.raises(TypeError):
        node.labels["x"] = "y"  # type: ignore[index]
    with pytest.raises(TypeError):
        node.features["memory.numa"]["x"] = "y"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.labels = {}  # type: ignore[misc]
    # Built from plain dicts, it is frozen and sorted all the same, and never aliases them.
    labels = {"b": "1", "a": "2"}
    direct = NodeView(labels=labels, features={"s": {"y": "1", "x": "2"}})
    labels["c"] = "3"
    assert list(direct.labels) == ["a", "b"]
    assert list(direct.features["s"]) == ["x", "y"]
    with pytest.raises(TypeError):
        direct.labels["c"] = "3"  # type: ignore[index]


def test_a_request_has_no_node_part_unless_given_one() -> None:
    plain = DiscoveryRequest.build(FLAVOR, {}, VIM)
    assert plain.node is None
    assert "node" not in request_to_wire(plain, "1")
    with_node = DiscoveryRequest.build(FLAVOR, {}, VIM, node=NODE)
    assert with_node.node == NodeView.build(NODE)
    assert DiscoveryRequest.build(FLAVOR, {}, VIM, node=with_node.node).node is with_node.node


@pytest.mark.parametrize(
    ("node", "field"),
    [
        ([], "node"),
        ({"labels": {"a": 1}}, "node.labels['a']"),
        ({"labels": ["a"]}, "node.labels"),
        ({"allocatable": {"cpu": None}}, "node.allocatable['cpu']"),
        ({"annotations": {"a": "\ud800"}}, "node.annotations['a']"),
        ({"features": ["memory.numa"]}, "node.features"),
        ({"features": {"memory.numa": None}}, "node.features['memory.numa']"),
        ({"features": {"memory.numa": {"node_count": 2}}}, "node.features['memory.numa']['node_count']"),
        ({"labels": {"k": "v" * MAX_NODE_CHARS}}, "node"),
    ],
)
def test_a_malformed_node_part_is_a_request_error_naming_the_field(node: object, field: str) -> None:
    with pytest.raises(RequestError) as caught:
        DiscoveryRequest.build(FLAVOR, {}, VIM, node=node)
    assert caught.value.field == field
    assert caught.value.flavor_id == "k8s-1"


def test_the_node_part_round_trips_over_the_wire_leaving_empty_maps_out() -> None:
    request = DiscoveryRequest.build(FLAVOR, {}, VIM, node={**NODE, "annotations": {}, "capacity": {}})
    wire = request_to_wire(request, "7")
    assert list(wire["node"]) == ["labels", "allocatable", "features"]  # Go's member order, empty ones left out
    assert list(wire["node"]["allocatable"]) == ["cpu", "memory"]
    again = request_from_wire(json.loads(_compact(wire)))
    assert again == request
    assert request_to_wire(again, "7") == wire
    assert request_to_wire(DiscoveryRequest.build(FLAVOR, {}, VIM, node={}), "1")["node"] == {}


def test_a_worker_reads_the_node_part_as_leniently_as_the_go_sdk() -> None:
    # The host sends checked objects; whatever else arrives, only string facts reach a driver.
    node = node_from_wire(
        {"labels": {"a": "b", "n": 1}, "capacity": "x", "features": {"s": {"k": "v"}, "t": 3}, "z": 1}
    )
    assert node == NodeView(labels={"a": "b"}, features={"s": {"k": "v"}, "t": {}})
    assert node_to_wire(node) == {"labels": {"a": "b"}, "features": {"s": {"k": "v"}, "t": {}}}
    assert node_from_wire(None) == NodeView()


def test_python_sends_the_go_references_bytes_for_every_node_profile_request() -> None:
    # contract/vectors/node-profiles.json holds the requests the Go SDK writes for the recorded cluster's
    # profiles; the Python host must put the same bytes on the wire for them.
    profiles = json.loads(VECTORS.read_text())["profiles"]
    assert len(profiles) >= 4
    for profile in profiles:
        want = profile["request"]
        flavor = want["flavor"]
        nova = {
            "id": flavor["id"],
            "name": flavor["name"],
            "vcpus": flavor["vcpus"],
            "ram": flavor["ram"],
            "disk": flavor["disk"],
            "swap": flavor["swap_raw"],
            "links": [],
        }
        vim = want["vim"]
        viminfo = {
            "cloud_owner": vim["cloud_owner"],
            "cloud_region_id": vim["cloud_region_id"],
            "type": vim["vim_type"],
        }
        request = DiscoveryRequest.build(nova, want["extra_specs"], viminfo, node=want["node"])
        assert _compact(request_to_wire(request, want["id"])) == _compact(want), profile["id"]
