"""AAI in memory: the resource tree and AAI's REST semantics (HPA-REFERENCE §4), without HTTP.

* GET: ``depth`` 0 by default (no children), ``depth=all`` or an integer; an empty collection is 404
  (as AAI answers for a plural with no members).
* PUT create -> 201; the body (and every child in it) must carry no ``resource-version``.
* PUT update -> 200; the body must carry the node's current ``resource-version``, and so must every
  *existing* child in the body, at any depth (missing or stale -> 412, never 409). Children that exist
  but are left out of the body would be an implied delete: refused with 403.
* DELETE needs ``?resource-version=`` (missing or stale -> 412); a node that still has children is
  refused with 400 ``ERR.5.4.6110``; deleting a capability removes its attributes; 204.
* Every node written gets a new ``resource-version`` (epoch milliseconds, strictly increasing).
* A request is checked whole before anything changes: a refused PUT leaves the store as it was.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onap_hpa_harness.replay.aai_model import CHILD_SEGMENTS, TYPES, ChildSpec, NodeType

__all__ = ["AaiError", "AaiStore", "Node", "Target", "normalize_state"]

RV = "resource-version"


class AaiError(Exception):
    """A refused request: HTTP status, AAI exception kind, message id, detail and ``ERR.x.y.zzzz`` code."""

    def __init__(self, status: int, detail: str, code: str, *, policy: bool = False) -> None:
        self.status = status
        self.detail = detail
        self.code = code
        self.kind = "policyException" if policy else "serviceException"
        super().__init__(f"{status} {detail} ({code})")


def _not_found(what: str, path: str) -> AaiError:
    return AaiError(404, f"Node Not Found:No Node of type {what} found at: {path}", "ERR.5.4.6114")


def _bad_input(detail: str, code: str = "ERR.5.4.4007") -> AaiError:
    return AaiError(400, detail, code)


@dataclass(slots=True)
class Node:
    """One AAI object: its scalar fields (``resource-version`` included) and its child containers."""

    type: str
    props: dict[str, Any]
    children: dict[str, dict[str, Node]] = field(default_factory=dict)

    def as_json(self, depth: float) -> dict[str, Any]:
        """The object as AAI returns it, children down to ``depth`` levels."""
        out = dict(self.props)
        if depth <= 0:
            return out
        for spec in TYPES[self.type].children:
            members = self.children.get(spec.container)
            if not members:
                continue
            items = [child.as_json(depth - 1) for child in members.values()]
            out[spec.container] = items if spec.item is None else {spec.item: items}
        return out


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed AAI path: the (type, key) chain from the cloud region down, and a trailing plural, if any."""

    steps: tuple[tuple[str, str], ...]
    plural: ChildSpec | None = None


def parse_path(segments: list[str]) -> Target:
    """Resolve URL segments after ``/aai/vNN`` (already percent-decoded) into a :class:`Target`."""
    path = "/" + "/".join(segments)
    head = ["cloud-infrastructure", "cloud-regions"]
    if segments[:2] != head:
        raise _not_found("resource", path)
    rest = segments[2:]
    if not rest:
        return Target((), ChildSpec("cloud-regions", "cloud-region", "cloud-region"))
    if rest[0] != "cloud-region" or len(rest) < 3:
        raise _not_found("cloud-region", path)
    steps: list[tuple[str, str]] = [("cloud-region", rest[1] + "\x00" + rest[2])]
    rest = rest[3:]
    while rest:
        spec = CHILD_SEGMENTS[steps[-1][0]].get(rest[0])
        if spec is None:
            raise _not_found(rest[0], path)
        if spec.item is None:  # bare array children: <container>/<key>
            if len(rest) < 2:
                raise _not_found(spec.type, path)
            steps.append((spec.type, rest[1]))
            rest = rest[2:]
            continue
        if len(rest) == 1:
            return Target(tuple(steps), spec)
        if rest[1] != spec.item or len(rest) < 3:
            raise _not_found(spec.type, path)
        steps.append((spec.type, rest[2]))
        rest = rest[3:]
    return Target(tuple(steps))


def _region_key(owner: str, region: str) -> str:
    return owner + "\x00" + region


class AaiStore:
    """Thread-safe in-memory AAI holding cloud regions and their flavors."""

    def __init__(self, state: Mapping[str, Any] | None = None) -> None:
        self._lock = threading.RLock()
        self._regions: dict[str, Node] = {}
        self._last_rv = 0
        if state:
            self.load(state)

    # -- state in and out -------------------------------------------------------------------

    def load(self, state: Mapping[str, Any]) -> None:
        """Replace the store's content with a :meth:`dump`-shaped state (resource-versions are new)."""
        with self._lock:
            self._regions = {}
            for region in state.get("cloud-region", []):
                node = self._build("cloud-region", region)
                owner, region_id = node.props["cloud-owner"], node.props["cloud-region-id"]
                self._regions[_region_key(owner, region_id)] = node

    def dump(self) -> dict[str, Any]:
        """Whole state without resource-versions, members sorted by key: comparable to ``aai/expected.json``."""
        with self._lock:
            regions = [node.as_json(float("inf")) for node in self._regions.values()]
        return normalize_state({"cloud-region": regions})

    def flavors(self, cloud_owner: str, cloud_region_id: str) -> list[dict[str, Any]]:
        """The region's flavors in ``depth=all`` form, with resource-versions ([] for a missing region)."""
        with self._lock:
            region = self._regions.get(_region_key(cloud_owner, cloud_region_id))
            if region is None:
                return []
            return [flavor.as_json(float("inf")) for flavor in region.children.get("flavors", {}).values()]

    def replace_flavor(self, cloud_owner: str, cloud_region_id: str, record: Mapping[str, Any]) -> None:
        """Write a flavor record as a converged sync leaves it, bypassing REST checks (fixture generation)."""
        with self._lock:
            region = self._regions[_region_key(cloud_owner, cloud_region_id)]
            node = self._build("flavor", record)
            region.children.setdefault("flavors", {})[node.props["flavor-id"]] = node

    def remove_flavors_except(self, cloud_owner: str, cloud_region_id: str, keep: set[str]) -> None:
        """Drop the region's flavors whose id is not in ``keep``, as a sync removes flavors gone from Nova."""
        with self._lock:
            region = self._regions[_region_key(cloud_owner, cloud_region_id)]
            flavors = region.children.get("flavors", {})
            for flavor_id in [flavor_id for flavor_id in flavors if flavor_id not in keep]:
                del flavors[flavor_id]

    # -- REST ---------------------------------------------------------------------------------

    def get(self, segments: list[str], depth: float) -> dict[str, Any]:
        """GET: the object (or ``{item: [...]}`` for a plural) down to ``depth``."""
        target = parse_path(segments)
        path = "/" + "/".join(segments)
        with self._lock:
            if target.plural is not None:
                members = self._members(target, path)
                if not members:
                    raise _not_found(target.plural.type, path)
                items = [node.as_json(depth) for node in members.values()]
                return {target.plural.item or target.plural.container: items}
            return self._find(target.steps, path).as_json(depth)

    def put(self, segments: list[str], body: object) -> int:
        """PUT: create (201) or update (200) the object at the path with ``body``."""
        target = parse_path(segments)
        path = "/" + "/".join(segments)
        if target.plural is not None:
            raise AaiError(405, f"PUT is not allowed on the collection {path}", "ERR.5.4.3009")
        node_type, key = target.steps[-1]
        if not isinstance(body, dict):
            raise _bad_input(f"body of PUT {path} is not a JSON object")
        with self._lock:
            members = self._parent_members(target, path)
            self._check_key(node_type, key, body, path)
            current = members.get(key)
            self._check_tree(node_type, body, current, path)
            node = self._build(node_type, body, current)
            members[key] = node
            return 201 if current is None else 200

    def delete(self, segments: list[str], resource_version: str | None) -> None:
        """DELETE with ``?resource-version=``: 204 on success (the caller sends no body)."""
        target = parse_path(segments)
        path = "/" + "/".join(segments)
        if target.plural is not None:
            raise AaiError(405, f"DELETE is not allowed on the collection {path}", "ERR.5.4.3009")
        with self._lock:
            members = self._parent_members(target, path)
            node_type, key = target.steps[-1]
            node = members.get(key)
            if node is None:
                raise _not_found(node_type, path)
            _check_version(node, resource_version, "delete", path)
            if node_type != "hpa-capability" and any(node.children.values()):
                kinds = sorted(container for container, kids in node.children.items() if kids)
                detail = f"Node cannot be deleted:{node_type} at {path} still has {', '.join(kinds)}"
                raise AaiError(400, detail, "ERR.5.4.6110")
            del members[key]

    # -- internals ----------------------------------------------------------------------------

    def _members(self, target: Target, path: str) -> dict[str, Node]:
        if not target.steps or target.plural is None:
            return self._regions
        return self._find(target.steps, path).children.get(target.plural.container, {})

    def _find(self, steps: tuple[tuple[str, str], ...], path: str) -> Node:
        node: Node | None = self._regions.get(steps[0][1])
        if node is None:
            raise _not_found("cloud-region", path)
        for (node_type, key), parent_type in zip(steps[1:], (s[0] for s in steps), strict=False):
            spec = next(s for s in TYPES[parent_type].children if s.type == node_type)
            node = node.children.get(spec.container, {}).get(key)
            if node is None:
                raise _not_found(node_type, path)
        return node

    def _parent_members(self, target: Target, path: str) -> dict[str, Node]:
        """The container the target's last step lives in (created empty on its parent if needed)."""
        if len(target.steps) == 1:
            return self._regions
        parent = self._find(target.steps[:-1], path)
        node_type = target.steps[-1][0]
        spec = next(s for s in TYPES[parent.type].children if s.type == node_type)
        return parent.children.setdefault(spec.container, {})

    def _check_key(self, node_type: str, key: str, body: dict[str, Any], path: str) -> None:
        if node_type == "cloud-region":
            owner, region = key.split("\x00")
            pairs = (("cloud-owner", owner), ("cloud-region-id", region))
        else:
            pairs = ((TYPES[node_type].key, key),)
        for field_name, expected in pairs:
            found = body.setdefault(field_name, expected)
            if found != expected:
                detail = f"{field_name} {found!r} in the body does not match {expected!r} in the URI {path}"
                raise _bad_input(detail, "ERR.5.4.6105")

    def _check_tree(self, node_type: str, body: dict[str, Any], current: Node | None, path: str) -> None:
        """Every check of a PUT body against the node it would replace (None: a create)."""
        spec = TYPES[node_type]
        _check_fields(spec, body, path)
        if current is None:
            if RV in body:
                detail = f"Precondition Failed:resource-version specified on create of {node_type} at {path}"
                raise AaiError(412, detail, "ERR.5.4.6135")
        else:
            _check_version(current, body.get(RV), "update", path)
        for child_spec in spec.children:
            items = _child_items(child_spec, body, path)
            existing = current.children.get(child_spec.container, {}) if current is not None else {}
            child_key = TYPES[child_spec.type].key
            seen = set()
            for item in items:
                key = item.get(child_key)
                if not isinstance(key, str) or not key:
                    detail = f"{child_spec.type} in the body of {path} lacks its key {child_key}"
                    raise _bad_input(detail, "ERR.5.4.6107")
                if key in seen:
                    raise _bad_input(f"{child_spec.type} {key!r} appears twice in the body of {path}")
                seen.add(key)
                self._check_tree(child_spec.type, item, existing.get(key), f"{path}/{child_spec.container}/{key}")
            implied = sorted(set(existing) - seen)
            if implied:
                detail = (
                    f"Implied delete of {child_spec.type} {implied} under {path} is not allowed: "
                    f"delete them explicitly with DELETE ...?resource-version="
                )
                raise AaiError(403, detail, "ERR.5.4.3100", policy=True)

    def _build(self, node_type: str, body: Mapping[str, Any], current: Node | None = None) -> Node:
        """A new node from a checked body, every node written getting a fresh resource-version."""
        spec = TYPES[node_type]
        props = {k: copy.deepcopy(v) for k, v in body.items() if spec.child(k) is None and k != RV}
        props[RV] = self._next_version()
        node = Node(node_type, props)
        for child_spec in spec.children:
            items = body.get(child_spec.container)
            if items is None:
                continue
            if child_spec.item is not None:
                items = items.get(child_spec.item, [])
            existing = current.children.get(child_spec.container, {}) if current is not None else {}
            members = {}
            for item in items:
                key = item[TYPES[child_spec.type].key]
                members[key] = self._build(child_spec.type, item, existing.get(key))
            if members:
                node.children[child_spec.container] = members
        return node

    def _next_version(self) -> str:
        self._last_rv = max(self._last_rv + 1, int(time.time() * 1000))
        return str(self._last_rv)


def _child_items(spec: ChildSpec, body: Mapping[str, Any], path: str) -> list[dict[str, Any]]:
    raw = body.get(spec.container)
    if raw is None:
        return []
    if spec.item is not None:
        if not isinstance(raw, dict):
            raise _bad_input(f"{spec.container} in the body of {path} must be an object {{{spec.item!r}: [...]}}")
        raw = raw.get(spec.item, [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise _bad_input(f"{spec.container} in the body of {path} must hold a list of objects")
    return raw


def _check_fields(spec: NodeType, body: Mapping[str, Any], path: str) -> None:
    for name in spec.required:
        if body.get(name) in (None, ""):
            raise _bad_input(f"Required Field not passed: {name} of {spec.name} at {path}", "ERR.5.4.6107")
    for name, value in body.items():
        if spec.child(name) is not None:
            continue
        if spec.fields is None:
            if isinstance(value, dict | list):
                raise _bad_input(f"{name} of {spec.name} at {path} is not a known child container")
            continue
        expected = spec.fields.get(name)
        if expected is None:
            raise _bad_input(f"Unrecognized field {name!r} for {spec.name} at {path}", "ERR.5.4.6101")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            wanted = getattr(expected, "__name__", str(expected))
            detail = f"{name} of {spec.name} at {path} must be {wanted}, found {type(value).__name__}"
            raise _bad_input(detail)


def _check_version(node: Node, given: object, action: str, path: str) -> None:
    if given is None or given == "":
        detail = f"Precondition Required:resource-version not passed for {action} of {node.type} at {path}"
        raise AaiError(412, detail, "ERR.5.4.6130")
    if given != node.props.get(RV):
        detail = f"Precondition Failed:resource-version MISMATCH for {action} of {node.type} at {path}"
        raise AaiError(412, detail, "ERR.5.4.6131")


def normalize_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """A state with resource-versions removed and every member list sorted by key (stable comparisons)."""
    return {"cloud-region": _normalize_list("cloud-region", state.get("cloud-region", []))}


def _normalize_list(node_type: str, items: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    spec = TYPES[node_type]
    out = []
    for item in items:
        node = {k: v for k, v in item.items() if k != RV and spec.child(k) is None}
        for child in spec.children:
            raw = item.get(child.container)
            members = (raw or {}).get(child.item, []) if child.item is not None else raw or []
            if members:
                normalized = _normalize_list(child.type, members)
                node[child.container] = normalized if child.item is None else {child.item: normalized}
        out.append(node)
    if node_type == "cloud-region":
        return sorted(out, key=lambda n: (n.get("cloud-owner", ""), n.get("cloud-region-id", "")))
    return sorted(out, key=lambda n: str(n.get(spec.key, "")))
