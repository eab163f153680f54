"""What to send AAI to turn a flavor's stored record into the desired one. Pure: no I/O.

AAI's rules shape the plan (HPA-REFERENCE §4): an update PUT carries the flavor's resource-version
and that of every child it keeps (capabilities and their attributes); a PUT that leaves out a stored
child is an implied delete AAI refuses (403), so children that go are deleted first, by URL, at
their resource-version. An attribute cannot be dropped from a capability by a PUT either, so a
capability that loses an attribute is deleted and written afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from onap_hpa.ids import path_key

__all__ = [
    "CAPABILITY_FIELDS",
    "FLAVOR_FIELDS",
    "Delete",
    "FlavorPlan",
    "capabilities",
    "describe_changes",
    "describe_removal",
    "plan_flavor",
    "same_capability",
    "same_state",
]

#: Flavor fields the sync owns; anything else AAI stores on the flavor is carried over untouched.
FLAVOR_FIELDS: Final = (
    "flavor-id",
    "flavor-name",
    "flavor-vcpus",
    "flavor-ram",
    "flavor-disk",
    "flavor-ephemeral",
    "flavor-swap",
    "flavor-is-public",
    "flavor-disabled",
    "flavor-selflink",
)
CAPABILITY_FIELDS: Final = ("hpa-capability-id", "hpa-feature", "architecture", "hpa-version")
RV: Final = "resource-version"
_CAPS: Final = "hpa-capabilities"
_ATTRS: Final = "hpa-feature-attributes"


@dataclass(frozen=True)
class Delete:
    """One DELETE to send: the path (relative to the AAI base) and the resource-version it must match."""

    path: str
    resource_version: str


@dataclass(frozen=True)
class FlavorPlan:
    """Deletes to send first, then the PUT body (None when nothing is to be written)."""

    deletes: tuple[Delete, ...] = ()
    body: dict[str, Any] | None = None

    @property
    def empty(self) -> bool:
        """True when AAI already holds the desired state."""
        return not self.deletes and self.body is None


def capabilities(flavor: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The hpa-capability records of an AAI flavor (desired or as read with ``depth=all``)."""
    if not flavor:
        return []
    wrapper = flavor.get(_CAPS)
    caps = wrapper.get("hpa-capability") if isinstance(wrapper, Mapping) else None
    return [cap for cap in caps if isinstance(cap, dict)] if isinstance(caps, list) else []


def capability_path(flavor_path: str, capability_id: str) -> str:
    """AAI path of one capability under ``flavor_path``."""
    return f"{flavor_path}/{_CAPS}/hpa-capability/{path_key(capability_id)}"


def _attributes(cap: Mapping[str, Any]) -> dict[str, Any]:
    attrs = cap.get(_ATTRS)
    if not isinstance(attrs, list):
        return {}
    return {attr.get("hpa-attribute-key"): attr for attr in attrs if isinstance(attr, Mapping)}


def same_capability(want: Mapping[str, Any], have: Mapping[str, Any] | None) -> bool:
    """True when ``have`` (stored) carries exactly ``want``'s fields and attribute values."""
    if have is None or any(want.get(name) != have.get(name) for name in CAPABILITY_FIELDS):
        return False
    mine, theirs = _attributes(want), _attributes(have)
    return mine.keys() == theirs.keys() and all(
        attr.get("hpa-attribute-value") == theirs[key].get("hpa-attribute-value") for key, attr in mine.items()
    )


def same_state(desired: Mapping[str, Any], current: Mapping[str, Any] | None) -> bool:
    """True when ``current`` (as AAI returns it) holds exactly the desired fields and capabilities."""
    if current is None or any(current.get(name) != desired.get(name) for name in FLAVOR_FIELDS):
        return False
    want = {cap.get("hpa-capability-id"): cap for cap in capabilities(desired)}
    have = {cap.get("hpa-capability-id"): cap for cap in capabilities(current)}
    return want.keys() == have.keys() and all(same_capability(cap, have[key]) for key, cap in want.items())


def plan_flavor(
    path: str,
    desired: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    keep: Callable[[Mapping[str, Any]], bool] = lambda _cap: False,
) -> FlavorPlan:
    """The writes that make AAI's ``current`` flavor at ``path`` equal ``desired``.

    ``keep(cap)`` says whether a stored capability that is no longer desired must stay (it belongs to
    a driver that faulted on this flavor: its records are not known, so they are not stripped).
    """
    wanted = capabilities(desired)
    if current is None:
        return FlavorPlan(body=_body(desired, wanted, {}))
    stored = {cap.get("hpa-capability-id"): cap for cap in capabilities(current)}
    wanted_by_id = {cap.get("hpa-capability-id"): cap for cap in wanted}
    deletes: list[Delete] = []
    kept: list[dict[str, Any]] = []
    for cap_id, cap in stored.items():
        if cap_id in wanted_by_id:
            if _attributes(cap).keys() - _attributes(wanted_by_id[cap_id]).keys():
                deletes.append(Delete(capability_path(path, str(cap_id)), str(cap.get(RV, ""))))
        elif keep(cap):
            kept.append(cap)
        else:
            deletes.append(Delete(capability_path(path, str(cap_id)), str(cap.get(RV, ""))))
    if deletes:
        # The PUT is planned again on the record read back after the deletes (resource-versions move).
        return FlavorPlan(deletes=tuple(deletes))
    if all(current.get(name) == desired.get(name) for name in FLAVOR_FIELDS) and all(
        same_capability(cap, stored.get(cap.get("hpa-capability-id"))) for cap in wanted
    ):
        return FlavorPlan()
    body = _body(desired, [*wanted, *kept], stored)
    for name, value in current.items():
        if name not in body and name not in FLAVOR_FIELDS and name != _CAPS:
            body[name] = value  # e.g. relationship-list: not ours to drop
    body[RV] = current.get(RV, "")
    return FlavorPlan(body=body)


def _cap_ref(cap: Mapping[str, Any]) -> dict[str, Any]:
    return {"hpa-capability-id": cap.get("hpa-capability-id"), "hpa-feature": cap.get("hpa-feature")}


def _values(cap: Mapping[str, Any] | None) -> dict[Any, Any]:
    return {key: attr.get("hpa-attribute-value") for key, attr in _attributes(cap or {}).items()}


def describe_changes(
    desired: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    keep: Callable[[Mapping[str, Any]], bool] = lambda _cap: False,
) -> dict[str, Any]:
    """What making AAI's ``current`` flavor hold ``desired`` changes, for a person to review (``--dry-run``).

    ``action`` is ``create``, ``update`` or ``unchanged``; ``fields`` the flavor fields that change
    (``[old, new]``); ``capabilities`` the records created, deleted (stored, not desired, not kept) and
    updated (with each changed attribute as ``[old, new]``, ``null`` for one added or removed).
    """
    wanted = {cap.get("hpa-capability-id"): cap for cap in capabilities(desired)}
    stored = {cap.get("hpa-capability-id"): cap for cap in capabilities(current)}
    fields = (
        {}
        if current is None
        else {
            name: [current.get(name), desired.get(name)]
            for name in FLAVOR_FIELDS
            if current.get(name) != desired.get(name)
        }
    )
    created = [_cap_ref(cap) for cap_id, cap in wanted.items() if cap_id not in stored]
    deleted = [_cap_ref(cap) for cap_id, cap in stored.items() if cap_id not in wanted and not keep(cap)]
    updated = []
    for cap_id, cap in wanted.items():
        old = stored.get(cap_id)
        if old is None or same_capability(cap, old):
            continue
        before, after = _values(old), _values(cap)
        changed = {
            str(key): [before.get(key), after.get(key)]
            for key in sorted({*before, *after}, key=str)
            if before.get(key) != after.get(key)
        }
        other = {name: [old.get(name), cap.get(name)] for name in CAPABILITY_FIELDS if old.get(name) != cap.get(name)}
        updated.append({**_cap_ref(cap), "attributes": changed, **({"fields": other} if other else {})})
    if current is None:
        action = "create"
    elif fields or created or deleted or updated:
        action = "update"
    else:
        action = "unchanged"
    return {
        "flavor-id": desired.get("flavor-id"),
        "action": action,
        "fields": fields,
        "capabilities": {"create": created, "update": updated, "delete": deleted},
    }


def describe_removal(flavor_id: str, current: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`describe_changes` of a flavor Nova no longer lists: it goes, with every capability."""
    deleted = [_cap_ref(cap) for cap in capabilities(current)]
    return {
        "flavor-id": flavor_id,
        "action": "delete",
        "fields": {},
        "capabilities": {"create": [], "update": [], "delete": deleted},
    }


def _body(
    desired: Mapping[str, Any], caps: list[dict[str, Any]], stored: Mapping[Any, Mapping[str, Any]]
) -> dict[str, Any]:
    body = {name: desired[name] for name in FLAVOR_FIELDS if name in desired}
    if caps:
        records = [_with_versions(cap, stored.get(cap.get("hpa-capability-id"))) for cap in caps]
        body[_CAPS] = {"hpa-capability": records}
    return body


def _with_versions(cap: Mapping[str, Any], old: Mapping[str, Any] | None) -> dict[str, Any]:
    """``cap`` carrying the resource-versions of the stored capability and attributes it updates."""
    out = dict(cap)
    if old is None:
        out.pop(RV, None)
        if isinstance(out.get(_ATTRS), list):
            out[_ATTRS] = [{k: v for k, v in attr.items() if k != RV} for attr in out[_ATTRS]]
        return out
    out[RV] = old.get(RV, "")
    old_attrs = _attributes(old)
    attrs = []
    for attr in out.get(_ATTRS) or []:
        new = {k: v for k, v in attr.items() if k != RV}
        previous = old_attrs.get(attr.get("hpa-attribute-key"))
        if previous is not None and RV in previous:
            new[RV] = previous[RV]
        attrs.append(new)
    if _ATTRS in out:
        out[_ATTRS] = attrs
    return out
