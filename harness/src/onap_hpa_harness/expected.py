"""The AAI state a correct sync of a region converges to, computed with the drivers installed here.

What a sync writes (the original MultiCloud behaviour, HPA-REFERENCE §2):

* every flavor Nova lists by default (public flavors: Nova's default for an admin) is written to AAI;
* a flavor whose name starts with ``onap.`` carries the capabilities the host discovers
  (``onap_hpa.Host`` with every installed driver: faulted features are simply absent);
* any other flavor is written without capabilities;
* a flavor Nova returns in a shape the host refuses (``RequestError``) is not written;
* capabilities AAI held that are not discovered any more are deleted when a loaded driver owns them
  (its own stable ids, or a monolith uuid4 record of a feature a loaded driver declares); records no
  loaded driver owns are kept as they are (:mod:`onap_hpa_host.ownership`);
* flavors AAI holds that Nova does not list (with its default, public-only visibility) are deleted.

The result depends on the installed drivers, so ``aai/expected.json`` must be regenerated
(``onap-hpa fixtures regenerate``) whenever a driver changes what it emits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from onap_hpa.errors import RequestError
from onap_hpa.request import FlavorView
from onap_hpa_harness.fixtures import Region, load_region
from onap_hpa_harness.replay.aai_store import AaiStore
from onap_hpa_host import Host
from onap_hpa_host.aai.plan import capabilities
from onap_hpa_host.flavor_record import flavor_record
from onap_hpa_host.ownership import UNOWNED, Ownership

__all__ = ["GENERATED_BY", "ONAP_PREFIX", "expected_document", "regenerate"]

ONAP_PREFIX: Final = "onap."
GENERATED_BY: Final = "onap-hpa fixtures regenerate"


def synced_flavors(region: Region, host: Host) -> list[dict[str, Any]]:
    """The flavor records a sync writes for ``region`` (see the module docstring)."""
    ownership = Ownership.of(region.cloud_owner, region.cloud_region_id, host.drivers)
    stored = {
        str(flavor.get("flavor-id")): flavor
        for cloud_region in region.aai_initial.get("cloud-region", [])
        if (cloud_region.get("cloud-owner"), cloud_region.get("cloud-region-id"))
        == (region.cloud_owner, region.cloud_region_id)
        for flavor in (cloud_region.get("flavors") or {}).get("flavor", [])
    }
    records = []
    for flavor, extra_specs, viminfo in region.requests():
        if flavor.get("os-flavor-access:is_public", True) is not True:
            continue
        if str(flavor.get("name", "")).startswith(ONAP_PREFIX):
            record = host.discover_data(flavor, extra_specs, viminfo).record
        else:
            try:
                record = flavor_record(FlavorView.from_nova(flavor), [])
            except RequestError:
                record = None
        if record is not None:
            records.append(_keeping_unowned(record, stored.get(record["flavor-id"]), ownership))
    return records


def _keeping_unowned(record: dict[str, Any], current: Any, ownership: Ownership) -> dict[str, Any]:
    """``record`` plus the stored capabilities of ``current`` that no loaded driver owns."""
    caps = capabilities(record)
    wanted = {cap["hpa-capability-id"] for cap in caps}
    stored = capabilities(current)
    kept = [
        cap
        for cap in stored
        if cap.get("hpa-capability-id") not in wanted
        and ownership.judge(record["flavor-id"], cap, stored).category == UNOWNED
    ]
    if not kept:
        return record
    return {**record, "hpa-capabilities": {"hpa-capability": [*caps, *kept]}}


def expected_document(region: Region, host: Host | None = None) -> dict[str, Any]:
    """``aai/expected.json`` for ``region``: the state after a sync, and the drivers it was computed with."""
    host = host if host is not None else Host()
    store = AaiStore(region.aai_initial)
    listed = {str(f.get("id")) for f in region.flavors if f.get("os-flavor-access:is_public", True) is True}
    store.remove_flavors_except(region.cloud_owner, region.cloud_region_id, listed)
    for record in synced_flavors(region, host):
        store.replace_flavor(region.cloud_owner, region.cloud_region_id, record)
    drivers = {d.name: d.version for d in host.drivers if d.status == "loaded"}
    return {"generated-by": GENERATED_BY, "drivers": dict(sorted(drivers.items())), **store.dump()}


def regenerate(path: str | Path, host: Host | None = None) -> bool:
    """Rewrite ``aai/expected.json`` of the region at ``path``; True when its content changed."""
    region = load_region(path)
    target = Path(path) / "aai" / "expected.json"
    text = json.dumps(expected_document(region, host), indent=2, ensure_ascii=False) + "\n"
    old = target.read_text(encoding="utf-8") if target.exists() else None
    if old != text:
        target.write_text(text, encoding="utf-8")
    return old != text
