"""Helpers for the sync tests: a RegionSync against replay servers, and small regions built in code."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from onap_hpa_harness.fixtures import Region, default_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host import Host
from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, RetryPolicy, SyncSummary
from onap_hpa_host.alarms import AlarmBook
from onap_hpa_host.nova import NovaSource, OpenStackConfig

FAST = RetryPolicy(attempts=5, backoff=0.005, cap=0.02)


def nova_source(servers: ReplayServers, **options: Any) -> NovaSource:
    """A Nova source on the replay's Keystone, with fast retries."""
    e = servers.env
    config = OpenStackConfig(
        auth_url=e["OS_AUTH_URL"],
        username=e["OS_USERNAME"],
        password=e["OS_PASSWORD"],
        project_name=e["OS_PROJECT_NAME"],
        region_name=e["OS_REGION_NAME"],
        retry=FAST,
        **options,
    )
    return NovaSource(config)


def sync(
    servers: ReplayServers,
    host: Host,
    *,
    prune: bool = False,
    alarms: AlarmBook | None = None,
    workers: int = 4,
    nova: NovaSource | None = None,
    aai_password: str | None = None,
) -> SyncSummary:
    """One RegionSync run of the replayed region."""
    region = servers.region
    nova = nova or nova_source(servers)
    password = servers.aai.password if aai_password is None else aai_password
    with AaiClient(AaiConfig(servers.env["ONAP_HPA_AAI_URL"], servers.aai.user, password, retry=FAST)) as aai:
        run = RegionSync(
            nova,
            aai,
            cloud_owner=region.cloud_owner,
            cloud_region_id=region.cloud_region_id,
            host=host,
            workers=workers,
            retry=FAST,
            prune=prune,
            alarms=alarms,
        )
        try:
            return run.run()
        finally:
            nova.close()


def writes(servers: ReplayServers) -> list[tuple[str, str, int]]:
    """AAI PUTs and DELETEs served so far."""
    return [r for r in servers.aai.requests if r[0] in ("PUT", "DELETE")]


def flavors(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The flavors of the (only) cloud region of a dumped AAI state, by id."""
    return {f["flavor-id"]: f for f in (state["cloud-region"][0].get("flavors") or {}).get("flavor", [])}


def flavor(flavor_id: str, name: str = "onap.small", **fields: Any) -> dict[str, Any]:
    """A Nova flavor as ``GET /flavors/detail`` shows it."""
    return {
        "id": flavor_id,
        "name": name,
        "vcpus": 2,
        "ram": 2048,
        "disk": 20,
        "swap": "",
        "OS-FLV-EXT-DATA:ephemeral": 0,
        "OS-FLV-DISABLED:disabled": False,
        "os-flavor-access:is_public": True,
        "links": [],
        **fields,
    }


def region_with(
    flavors_: list[dict[str, Any]],
    extra_specs: dict[str, dict[str, str]] | None = None,
    *,
    stored: list[dict[str, Any]] | None = None,
    cloud_extra_info: str | None = None,
) -> Region:
    """The bundled region with these Nova flavors, extra_specs, stored AAI flavors and cloud-extra-info."""
    base = default_region()
    initial = copy.deepcopy(base.aai_initial)
    cloud_region = initial["cloud-region"][0]
    if stored is not None:
        cloud_region["flavors"] = {"flavor": copy.deepcopy(stored)}
        if not stored:
            cloud_region.pop("flavors")
    viminfo = dict(base.viminfo)
    if cloud_extra_info is not None:
        cloud_region["cloud-extra-info"] = cloud_extra_info
        viminfo["cloud_extra_info"] = cloud_extra_info
    return replace(
        base,
        flavors=flavors_,
        extra_specs=extra_specs or {},
        aai_initial=initial,
        aai_expected=None,
        viminfo=viminfo,
    )
