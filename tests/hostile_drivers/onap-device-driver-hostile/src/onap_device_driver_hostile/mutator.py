"""hostile-mutate: ``object.__setattr__`` on the "immutable" request's flavor and VIM views, writes into
the dicts behind its read-only ``extra_specs`` and ``cloud_extra_info``, and keeps every request to
mutate it again later (a cached view shared with other drivers would carry the change to them).

It reports whether the request it was handed was pristine: in its own worker, every request is."""

from __future__ import annotations

import gc
from typing import Any, Final

from onap_device_driver_hostile._probe import info, probe, tell
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-mutate")
MARK: Final = "hostile:mutated"
_KEPT: list[DiscoveryRequest] = []


def _tampered(request: DiscoveryRequest) -> bool:
    extra = request.vim.cloud_extra_info
    return (
        request.flavor.vcpus == 9999
        or request.vim.cloud_owner == "hostile-owner"
        or MARK in request.extra_specs
        or (extra is not None and MARK in extra)
    )


def _mutate(request: DiscoveryRequest) -> int:
    done = 0
    for view, field, value in (
        (request.flavor, "vcpus", 9999),
        (request.flavor, "ram", 1),
        (request.flavor, "id", "hostile-flavor"),
        (request.vim, "cloud_owner", "hostile-owner"),
        (request.vim, "cloud_region_id", "hostile-region"),
    ):
        try:
            object.__setattr__(view, field, value)
            done += 1
        except (AttributeError, TypeError):
            pass
    for proxy in (request.extra_specs, request.vim.cloud_extra_info):
        if proxy is None:
            continue
        for behind in gc.get_referents(proxy):
            if isinstance(behind, dict):
                behind.clear()
                behind[MARK] = "1"
                done += 1
    return done


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    pristine = not _tampered(request)
    flavor_id = request.flavor.id
    done = sum(_mutate(kept) for kept in [*_KEPT, request])
    _KEPT.append(request)
    tell(f"mutated {done} fields over {len(_KEPT)} requests")
    return probe(f"{'pristine' if pristine else 'tampered'} {flavor_id}")
