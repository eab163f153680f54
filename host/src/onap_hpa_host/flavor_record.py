"""The AAI ``flavor`` record for a Nova flavor (HPA-REFERENCE §4), with its hpa-capabilities.

Types follow AAI's schema (v13 to v32): sizes are integers, ``flavor-swap`` is a string (Nova's own
``""`` for "no swap" is kept as it is, as MultiCloud writes it), booleans are booleans, and
``flavor-selflink`` (required) is Nova's self link or MultiCloud's placeholder.
"""

from __future__ import annotations

from typing import Any

from onap_hpa.request import FlavorView

__all__ = ["flavor_record"]


def flavor_record(flavor: FlavorView, capabilities: list[dict[str, Any]]) -> dict[str, Any]:
    """AAI-ready flavor record carrying ``capabilities`` as ``hpa-capabilities.hpa-capability``."""
    return {
        "flavor-id": flavor.id,
        "flavor-name": flavor.name,
        "flavor-vcpus": flavor.vcpus,
        "flavor-ram": flavor.ram,
        "flavor-disk": flavor.disk,
        "flavor-ephemeral": flavor.ephemeral,
        "flavor-swap": flavor.swap_raw,
        "flavor-is-public": flavor.is_public,
        "flavor-disabled": flavor.disabled,
        "flavor-selflink": flavor.selflink,
        "hpa-capabilities": {"hpa-capability": capabilities},
    }
