"""The AAI state a correct sync of a region converges to, computed with the drivers installed here.

What a sync writes (the original MultiCloud behaviour, HPA-REFERENCE §2):

* every flavor Nova lists by default (public flavors: Nova's default for an admin) is written to AAI;
* a flavor whose name starts with ``onap.`` carries the capabilities the host discovers
  (``onap_hpa.Host`` with every installed driver: faulted features are simply absent);
* any other flavor is written without capabilities;
* a flavor Nova returns in a shape the host refuses (``RequestError``) is not written;
* capabilities AAI held that are not discovered any more are deleted; flavors AAI holds that Nova does
  not list (with its default, public-only visibility) are deleted.

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
from onap_hpa_host.flavor_record import flavor_record

__all__ = ["GENERATED_BY", "ONAP_PREFIX", "expected_document", "regenerate"]

ONAP_PREFIX: Final = "onap."
GENERATED_BY: Final = "onap-hpa fixtures regenerate"


def synced_flavors(region: Region, host: Host) -> list[dict[str, Any]]:
    """The flavor records a sync writes for ``region`` (see the module docstring)."""
    records = []
    for flavor, extra_specs, viminfo in region.requests():
        if flavor.get("os-flavor-access:is_public", True) is not True:
            continue
        if str(flavor.get("name", "")).startswith(ONAP_PREFIX):
            record = host.discover_data(flavor, extra_specs, viminfo).record
            if record is not None:
                records.append(record)
            continue
        try:
            records.append(flavor_record(FlavorView.from_nova(flavor), []))
        except RequestError:
            continue
    return records


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
