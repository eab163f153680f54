"""The slice of AAI's schema the replay stores: cloud-region, flavor, hpa-capability, hpa-feature-attribute.

Field sets and types follow the AAI OXM from v12 to v32 (HPA-REFERENCE §4). A node type lists its key
field, the fields AAI requires, the typed fields it checks and its child containers, with the URL
segments that lead to a child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = ["CHILD_SEGMENTS", "TYPES", "ChildSpec", "NodeType"]


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """A child container of a node: its JSON field, the item wrapper (None: a bare array) and type."""

    container: str  #: JSON field on the parent and first URL segment, e.g. ``hpa-capabilities``
    item: str | None  #: wrapper key and second URL segment (``hpa-capability``); None for a bare array
    type: str


@dataclass(frozen=True, slots=True)
class NodeType:
    """One AAI node type as the replay checks it."""

    name: str
    key: str
    required: tuple[str, ...] = ()
    #: field -> Python type AAI insists on; ``None`` means any JSON scalar is kept as it is
    fields: dict[str, type | tuple[type, ...]] | None = None
    children: tuple[ChildSpec, ...] = field(default=())

    def child(self, container: str) -> ChildSpec | None:
        """The child container named ``container`` (a JSON field or URL segment), if any."""
        return next((spec for spec in self.children if spec.container == container), None)


_COMMON: Final = {"resource-version": str, "data-owner": str, "data-source": str, "data-source-version": str}

TYPES: Final = {
    "cloud-region": NodeType(
        "cloud-region",
        key="cloud-region-id",
        required=("cloud-owner", "cloud-region-id"),
        children=(
            ChildSpec("flavors", "flavor", "flavor"),
            ChildSpec("esr-system-info-list", "esr-system-info", "esr-system-info"),
        ),
    ),
    "esr-system-info": NodeType("esr-system-info", key="esr-system-info-id", required=("esr-system-info-id",)),
    "flavor": NodeType(
        "flavor",
        key="flavor-id",
        required=("flavor-id", "flavor-name", "flavor-selflink"),
        fields={
            **_COMMON,
            "flavor-id": str,
            "flavor-name": str,
            "flavor-vcpus": int,
            "flavor-ram": int,
            "flavor-disk": int,
            "flavor-ephemeral": int,
            "flavor-swap": str,
            "flavor-is-public": bool,
            "flavor-selflink": str,
            "flavor-disabled": bool,
        },
        children=(ChildSpec("hpa-capabilities", "hpa-capability", "hpa-capability"),),
    ),
    "hpa-capability": NodeType(
        "hpa-capability",
        key="hpa-capability-id",
        required=("hpa-capability-id", "hpa-feature"),
        fields={**_COMMON, "hpa-capability-id": str, "hpa-feature": str, "hpa-version": str, "architecture": str},
        children=(ChildSpec("hpa-feature-attributes", None, "hpa-feature-attribute"),),
    ),
    "hpa-feature-attribute": NodeType(
        "hpa-feature-attribute",
        key="hpa-attribute-key",
        required=("hpa-attribute-key",),
        fields={**_COMMON, "hpa-attribute-key": str, "hpa-attribute-value": str},
    ),
}

#: URL segments after a node of each type that lead to one child: type -> {container segment: spec}.
CHILD_SEGMENTS: Final = {name: {spec.container: spec for spec in node.children} for name, node in TYPES.items()}
