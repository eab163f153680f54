"""Kubernetes nodes -> node profiles, one AAI flavor each: the Go host's ``kube`` package, byte for byte.

A cluster's nodes are grouped by their HPA-relevant facts: the labels, annotations, allocatable and
capacity resources and node-feature-discovery attribute sets the installed drivers read (their
``DriverInfo.reads`` entries ``node.<part>/<key>``, a trailing ``*`` for a prefix), quantities normalised
(``cpu`` in whole cores, ``memory`` and ``hugepages-*`` as whole MiB ``"<n>Mi"``, other resources as
whole counts, floored; a value that is not a quantity kept as written). Every group is one profile and
one flavor; its id is ``k8s-`` and the first 16 hex digits of the SHA-256 of the facts' canonical JSON,
and nothing else: an autoscaler adding a node like the others changes nothing in AAI, a node of a new
kind adds one flavor. ``contract/vectors/node-profiles.json`` (written by the Go reference) holds the
recorded cluster's profiles; this module reproduces them exactly.

Pure functions over parsed JSON: the Kubernetes API client is :mod:`onap_hpa_host.kube.source`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from onap_hpa.request import NodeView
from onap_hpa_host.kube.quantity import QuantityError, floor, parse_quantity

__all__ = [
    "NODE_NAME_LABEL",
    "Node",
    "NodeListError",
    "Profile",
    "Relevance",
    "add_node_features",
    "nodes_from_list",
    "profiles",
    "reads_nodes",
]

#: The label a NodeFeature object names its node with (node-feature-discovery).
NODE_NAME_LABEL: Final = "nfd.node.kubernetes.io/node-name"
#: ``DriverInfo.reads`` parts that name node facts (``node.<part>/<key>``).
PARTS: Final = ("labels", "annotations", "allocatable", "capacity", "features")
#: Nova's (and AAI's) flavor sizes are 32-bit integers.
_SIZE_MAX: Final = 2**31 - 1
_MIB: Final = 1 << 20
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


class NodeListError(ValueError):
    """A NodeList or NodeFeatureList that is not in the Kubernetes API's shape."""


@dataclass
class Node:
    """One Kubernetes node as discovery reads it: its name and the facts a profile may be made of."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    capacity: dict[str, str] = field(default_factory=dict)
    allocatable: dict[str, str] = field(default_factory=dict)
    features: dict[str, dict[str, str]] = field(default_factory=dict)


def _text(value: str) -> str:
    # A lone surrogate (a JSON "\ud800" escape) is U+FFFD, as Go's JSON decoder makes it: same facts, same id.
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def _strings(value: object, where: str) -> dict[str, str]:
    """A ``map[string]string`` of the Kubernetes API: None is empty, anything but strings is refused."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise NodeListError(f"{where} is a JSON {type(value).__name__}, not an object of strings")
    out = {}
    for key, item in value.items():
        if not isinstance(item, str):
            raise NodeListError(f"{where}[{key!r}] is a JSON {type(item).__name__}, not a string")
        out[_text(key)] = _text(item)
    return out


def _object(value: object, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise NodeListError(f"{where} is a JSON {type(value).__name__}, not an object")
    return value


def _items(data: object, kind: str) -> list[Any]:
    items = _object(data, kind).get("items")
    if items is None:
        return []
    if not isinstance(items, list):
        raise NodeListError(f"{kind}.items is a JSON {type(items).__name__}, not a list")
    return items


def nodes_from_list(data: object) -> list[Node]:
    """The nodes of a v1 NodeList (the API's ``GET /api/v1/nodes`` answer, or ``kubectl get nodes -o json``)."""
    nodes = []
    for index, raw in enumerate(_items(data, "NodeList")):
        where = f"NodeList.items[{index}]"
        item = _object(raw, where)
        metadata = _object(item.get("metadata"), f"{where}.metadata")
        status = _object(item.get("status"), f"{where}.status")
        name = metadata.get("name", "")
        if not isinstance(name, str):
            raise NodeListError(f"{where}.metadata.name is a JSON {type(name).__name__}, not a string")
        nodes.append(
            Node(
                name=_text(name),
                labels=_strings(metadata.get("labels"), f"{where}.metadata.labels"),
                annotations=_strings(metadata.get("annotations"), f"{where}.metadata.annotations"),
                capacity=_strings(status.get("capacity"), f"{where}.status.capacity"),
                allocatable=_strings(status.get("allocatable"), f"{where}.status.allocatable"),
            )
        )
    return nodes


def add_node_features(nodes: list[Node], data: object) -> None:
    """Merge node-feature-discovery NodeFeature objects (a ``nfd.k8s-sigs.io/v1alpha1`` NodeFeatureList) into
    the nodes they name (label ``nfd.node.kubernetes.io/node-name``): their attribute sets become ``features``.
    """
    by_name = {node.name: node for node in nodes}
    for index, raw in enumerate(_items(data, "NodeFeatureList")):
        where = f"NodeFeatureList.items[{index}]"
        item = _object(raw, where)
        labels = _strings(_object(item.get("metadata"), f"{where}.metadata").get("labels"), f"{where}.metadata.labels")
        spec = _object(item.get("spec"), f"{where}.spec")
        attributes = _object(_object(spec.get("features"), f"{where}.spec.features").get("attributes"), where)
        sets = {}
        for set_name, attribute in attributes.items():
            elements = _object(attribute, f"{where} attribute {set_name!r}").get("elements")
            sets[_text(set_name)] = _strings(elements, f"{where} attribute {set_name!r} elements")
        node = by_name.get(labels.get(NODE_NAME_LABEL, ""))
        if node is None:
            continue
        for set_name, elements in sets.items():
            node.features.setdefault(set_name, {}).update(elements)


class _Matcher:
    """Keys exactly, or prefixes (a pattern ending in ``*``)."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.prefixes: tuple[str, ...] = ()

    def add(self, pattern: str) -> None:
        if pattern.endswith("*"):
            self.prefixes = (*self.prefixes, pattern[:-1])
        else:
            self.exact.add(pattern)

    def __call__(self, key: str) -> bool:
        return key in self.exact or key.startswith(self.prefixes)


def reads_nodes(reads: Iterable[str]) -> bool:
    """True when a driver's ``reads`` name any node fact (``node.<part>/<key>``): it runs on node profiles."""
    return any(
        sep and part.startswith("node.") and part[len("node.") :] in PARTS
        for part, sep, _ in (read.partition("/") for read in reads)
    )


class Relevance:
    """Which node facts matter to the installed drivers: their ``node.<part>/<key>`` reads."""

    def __init__(self, reads: Iterable[str] = ()) -> None:
        self._parts = {part: _Matcher() for part in PARTS}
        for read in reads:
            part, sep, key = read.partition("/")
            matcher = self._parts.get(part[len("node.") :]) if sep and part.startswith("node.") else None
            if matcher is not None:
                matcher.add(key)

    def facts(self, node: Node) -> NodeView:
        """The node's facts under this relevance, quantities normalised: what a profile is made of."""
        return NodeView(**self._facts(node))

    def _facts(self, node: Node) -> dict[str, Any]:
        parts = self._parts
        return {
            "labels": {k: v for k, v in node.labels.items() if parts["labels"](k)},
            "annotations": {k: v for k, v in node.annotations.items() if parts["annotations"](k)},
            "allocatable": {k: _normalise(k, v) for k, v in node.allocatable.items() if parts["allocatable"](k)},
            "capacity": {k: _normalise(k, v) for k, v in node.capacity.items() if parts["capacity"](k)},
            "features": {name: elements for name, elements in node.features.items() if parts["features"](name)},
        }


@lru_cache(maxsize=4096)  # nodes of one pool repeat their quantities: parse each once
def _normalise(resource: str, value: str) -> str:
    try:
        quantity = parse_quantity(value)
    except QuantityError:
        return value
    if resource == "memory" or resource.startswith("hugepages-"):
        return floor(quantity, _MIB) + "Mi"
    return floor(quantity)  # cpu in whole cores, devices as whole counts


def _facts_key(facts: Mapping[str, Any]) -> str:
    """The canonical compact JSON the profile id hashes: every part, maps sorted by key, absent ones ``{}``."""
    document = {
        "labels": dict(sorted(facts["labels"].items())),
        "annotations": dict(sorted(facts["annotations"].items())),
        "allocatable": dict(sorted(facts["allocatable"].items())),
        "capacity": dict(sorted(facts["capacity"].items())),
        "features": {name: dict(sorted(elements.items())) for name, elements in sorted(facts["features"].items())},
    }
    # Sorted by code point: the order of Go's sort.Strings over the same strings' UTF-8 bytes.
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Profile:
    """Nodes with the same facts: one AAI flavor of the Kubernetes cloud region."""

    id: str  #: ``k8s-`` and 16 hex digits of the facts' SHA-256
    nodes: tuple[str, ...]  #: node names, sorted
    facts: NodeView

    @property
    def name(self) -> str:
        """The flavor name: ``onap.`` and the id (the sync's default ``onap.`` prefix discovers it)."""
        return "onap." + self.id

    @property
    def vcpus(self) -> int:
        """Whole allocatable cores (at least 1, as a flavor holds them; 0 until a driver reads ``cpu``)."""
        return _size(self.facts.allocatable.get("cpu"), 1)

    @property
    def ram(self) -> int:
        """Allocatable memory in whole MiB (at least 1, as a flavor holds it)."""
        return _size(self.facts.allocatable.get("memory"), _MIB)

    def flavor(self) -> dict[str, Any]:
        """The profile as a Nova flavor (``GET /flavors/detail`` shape): what the region sync reads and writes."""
        return {
            "id": self.id,
            "name": self.name,
            "vcpus": self.vcpus,
            "ram": self.ram,
            "disk": 0,
            "OS-FLV-EXT-DATA:ephemeral": 0,
            "swap": "",
            "os-flavor-access:is_public": True,
            "OS-FLV-DISABLED:disabled": False,
            "links": [],
        }


def _size(value: str | None, unit: int) -> int:
    """A flavor size from a normalised quantity: floored, within 32 bits, at least 1 (Nova's flavor rule)."""
    try:
        digits = floor(parse_quantity(value), unit) if value is not None else "0"
    except QuantityError:
        digits = "0"
    number = int(digits) if len(digits) <= 10 else _SIZE_MAX
    return max(1, min(number, _SIZE_MAX))


def profiles(nodes: Iterable[Node], relevance: Relevance) -> list[Profile]:
    """The nodes grouped by their facts under ``relevance``: profiles sorted by id, node names sorted."""
    groups: dict[str, tuple[NodeView, list[str]]] = {}
    for node in nodes:
        facts = relevance._facts(node)  # plain dicts: a NodeView only for the first node of a profile
        key = _facts_key(facts)
        group = groups.get(key)
        if group is None:
            group = groups[key] = (NodeView(**facts), [])
        group[1].append(node.name)
    found = [
        Profile("k8s-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], tuple(sorted(names)), facts)
        for key, (facts, names) in groups.items()
    ]
    return sorted(found, key=lambda profile: profile.id)
