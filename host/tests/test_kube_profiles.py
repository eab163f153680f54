"""Node profiles in Python: the Go reference's algorithm (go/kube), against contract/vectors/node-profiles.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import DiscoveryRequest
from onap_hpa.worker.wire import request_to_wire
from onap_hpa_host.kube.profiles import (
    Node,
    NodeListError,
    Relevance,
    add_node_features,
    nodes_from_list,
    profiles,
    reads_nodes,
)
from onap_hpa_host.kube.quantity import QuantityError, floor, parse_quantity

REPO = Path(__file__).resolve().parents[2]
VECTORS = json.loads((REPO / "contract" / "vectors" / "node-profiles.json").read_text())
CLUSTER = REPO / "go" / "kube" / "testdata" / "cluster"
RELEVANCE = Relevance(VECTORS["reads"])


def _compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _vector_nodes() -> list[Node]:
    return [Node(name=item["name"], **copy.deepcopy(item["node"])) for item in VECTORS["nodes"]]


def _cluster() -> list[Node]:
    nodes = nodes_from_list(json.loads((CLUSTER / "nodes.json").read_text()))
    add_node_features(nodes, json.loads((CLUSTER / "nodefeatures.json").read_text()))
    return nodes


def _request(profile: Any, vim: dict[str, Any]) -> dict[str, Any]:
    viminfo = {"cloud_owner": vim["cloud_owner"], "cloud_region_id": vim["cloud_region_id"], "type": vim["vim_type"]}
    return request_to_wire(DiscoveryRequest.build(profile.flavor(), {}, viminfo, node=profile.facts), "0")


def test_the_recorded_cluster_reads_as_the_go_reference_read_it() -> None:
    got = [{"name": node.name, "node": _go_node(node)} for node in _cluster()]
    assert got == VECTORS["nodes"]


def _go_node(node: Node) -> dict[str, Any]:
    # hpa.Node as Go marshals it: empty maps left out (omitempty).
    parts = ("labels", "annotations", "capacity", "allocatable", "features")
    return {part: getattr(node, part) for part in parts if getattr(node, part)}


def test_profile_ids_nodes_and_requests_are_byte_identical_to_the_go_reference() -> None:
    found = profiles(_vector_nodes(), RELEVANCE)
    want = VECTORS["profiles"]
    assert [(p.id, list(p.nodes)) for p in found] == [(p["id"], p["nodes"]) for p in want]
    for profile, vector in zip(found, want, strict=True):
        assert _compact(_request(profile, VECTORS["vim"])) == _compact(vector["request"]), profile.id
    # The same from the raw API documents, whatever order the nodes come in.
    assert [p.id for p in profiles(reversed(_cluster()), RELEVANCE)] == [p["id"] for p in want]


def test_autoscaling_adds_no_profile_and_a_new_kind_adds_one() -> None:
    nodes = _cluster()
    before = profiles(nodes, RELEVANCE)
    clone = copy.deepcopy(nodes[0])
    clone.name = "plain-3"
    clone.labels.update({"kubernetes.io/hostname": "plain-3", "topology.kubernetes.io/zone": "zone-c"})
    clone.annotations["csi.volume.kubernetes.io/nodeid"] = '{"ebs":"i-3"}'
    clone.allocatable.update({"ephemeral-storage": "12345", "cpu": "7.91"})  # the same allocatable, spelt otherwise
    after = profiles([*nodes, clone], RELEVANCE)
    assert [p.id for p in after] == [p.id for p in before]
    assert "plain-3" in next(p for p in after if "plain-1" in p.nodes).nodes
    other = copy.deepcopy(nodes[2])
    other.name = "gpu-2"
    del other.labels["feature.node.kubernetes.io/pci-0302_10de_1eb8.present"]
    other.labels["feature.node.kubernetes.io/pci-0302_10de_20b5.present"] = "true"
    grown = profiles([*nodes, other], RELEVANCE)
    assert len(grown) == len(before) + 1
    assert {p.id for p in before} < {p.id for p in grown}


def test_facts_are_only_what_the_drivers_read() -> None:
    node = Node(
        "n",
        labels={"a/b": "1", "a/c": "2", "x": "3"},
        annotations={"note": "n"},
        allocatable={"cpu": "3920m", "memory": "16Gi", "hugepages-2Mi": "1Gi", "example.com/dev": "2.5", "odd": "x"},
        capacity={"cpu": "4"},
        features={"memory.numa": {"node_count": "2"}, "cpu.model": {"id": "85"}},
    )
    relevance = Relevance(
        [
            "node.labels/a/*",
            "node.allocatable/cpu",
            "node.allocatable/memory",
            "node.allocatable/hugepages-*",
            "node.allocatable/example.com/*",
            "node.allocatable/odd",
            "node.features/memory.numa",
            "hw:cpu_policy",  # an extra_spec key: no node fact
            "node.taints/x",  # no such part
        ]
    )
    facts = relevance.facts(node)
    assert dict(facts.labels) == {"a/b": "1", "a/c": "2"}
    assert dict(facts.allocatable) == {
        "cpu": "3",
        "example.com/dev": "2",
        "hugepages-2Mi": "1024Mi",
        "memory": "16384Mi",
        "odd": "x",  # not a quantity: kept as written, for the driver to report
    }
    assert (dict(facts.annotations), dict(facts.capacity)) == ({}, {})
    assert {name: dict(elements) for name, elements in facts.features.items()} == {"memory.numa": {"node_count": "2"}}


def test_flavor_sizes_are_whole_allocatable_units_and_at_least_one() -> None:
    relevance = Relevance(["node.allocatable/cpu", "node.allocatable/memory"])
    (edge,) = profiles([Node("edge", allocatable={"cpu": "940m", "memory": "512Ki"})], relevance)
    assert (edge.vcpus, edge.ram) == (1, 1)  # a 1-vCPU node keeps 940m allocatable
    (big,) = profiles([Node("big", allocatable={"cpu": "1e12", "memory": "1Ei"})], relevance)
    assert (big.vcpus, big.ram) == (2**31 - 1, 2**31 - 1)
    (bare,) = profiles([Node("bare")], Relevance(["node.labels/x"]))
    assert (bare.vcpus, bare.ram, bare.name) == (1, 1, "onap." + bare.id)
    assert bare.flavor()["swap"] == ""


@pytest.mark.parametrize(
    ("text", "digits", "mib"),
    # What go/kube.ParseQuantity and Floor give (run against the Go package when this table was written).
    [
        ("5.", "5", "0"),
        ("+.5", "0", "0"),
        ("-.5", "0", "0"),
        ("1E3", "1000", "0"),
        ("1E", "1000000000000000000", "953674316406"),
        ("0.1Ki", "102", "0"),
        ("1.5Mi", "1572864", "1"),
        ("007", "7", "0"),
        ("1e30", "1" + "0" * 30, "953674316406250000000000"),
        ("1e-30", "0", "0"),
        ("12345678901234567890Ki", "12641975194864197519360", "12056327051986882"),
        ("1.Gi", "1073741824", "1024"),
        ("3920m", "3", "0"),
        ("-1", "0", "0"),
    ],
)
def test_quantities_read_as_the_go_host_reads_them(text: str, digits: str, mib: str) -> None:
    quantity = parse_quantity(text)
    assert (floor(quantity), floor(quantity, 1 << 20)) == (digits, mib)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "1.2.3",
        "1Ki2",
        "--1",
        "1e999",
        "1e31",
        "1e-31",
        ".",
        "+",
        "1_0",
        "\uff11",  # a fullwidth digit one
        "1K",
        "1mi",
        "0x10",
        " 1",
        "1\n",
        "2.5e2m",
        "1" * 65,
    ],
)
def test_what_is_not_a_quantity_is_refused(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_reads_name_node_facts() -> None:
    assert reads_nodes(["node.allocatable/cpu"])
    assert reads_nodes(["hw:cpu_policy", "node.labels/feature.node.kubernetes.io/cpu-cpuid.*"])
    assert not reads_nodes(
        ["hw:cpu_policy", "pci_passthrough:alias*", "node.taints/x", "xnode.labels/a", "node.labels"]
    )
    assert not reads_nodes([])


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"items": {}}, "NodeList.items"),
        ({"items": [3]}, "NodeList.items[0]"),
        ({"items": [{"metadata": {"labels": {"a": 1}}}]}, "NodeList.items[0].metadata.labels['a']"),
        ({"items": [{"metadata": {"name": 7}}]}, "NodeList.items[0].metadata.name"),
        ({"items": [{"status": {"allocatable": ["cpu"]}}]}, "NodeList.items[0].status.allocatable"),
    ],
)
def test_a_node_list_not_in_the_apis_shape_is_refused_naming_where(document: Any, where: str) -> None:
    with pytest.raises(NodeListError) as caught:
        nodes_from_list(document)
    assert str(caught.value).startswith(where + " ")


def test_node_features_merge_into_the_nodes_they_name() -> None:
    nodes = [Node("a"), Node("b")]
    documents = {
        "items": [
            {"metadata": {"labels": {"nfd.node.kubernetes.io/node-name": "a"}}, "spec": {"features": {"attributes": {
                "memory.numa": {"elements": {"node_count": "2"}}}}}},
            {"metadata": {"labels": {"nfd.node.kubernetes.io/node-name": "a"}}, "spec": {"features": {"attributes": {
                "memory.numa": {"elements": {"is_numa": "true"}}, "cpu.model": {}}}}},
            {"metadata": {"labels": {"nfd.node.kubernetes.io/node-name": "gone"}}, "spec": {}},
            {"metadata": {}},
        ]
    }  # fmt: skip
    add_node_features(nodes, documents)
    assert nodes[0].features == {"memory.numa": {"node_count": "2", "is_numa": "true"}, "cpu.model": {}}
    assert nodes[1].features == {}
    assert nodes_from_list({"kind": "NodeList"}) == []
    with pytest.raises(NodeListError):
        add_node_features(nodes, {"items": [{"spec": {"features": {"attributes": {"s": {"elements": {"k": 1}}}}}}]})


def test_lone_surrogates_are_replacement_characters_as_go_decodes_them() -> None:
    (node,) = nodes_from_list({"items": [{"metadata": {"name": "n\ud800", "labels": {"a": "\udfff"}}}]})
    assert (node.name, node.labels) == ("n\ufffd", {"a": "\ufffd"})
