"""Helpers for the sync tests: a RegionSync against replay servers, and small regions built in code."""

from __future__ import annotations

import copy
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

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
    dry_run: bool = False,
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
            dry_run=dry_run,
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


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_pki(root: Path) -> dict[str, str]:
    """Two CAs (``ca1``, ``ca2``) and a server certificate for 127.0.0.1 signed by ``ca1``, as PEM paths."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make test certificates")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for ca in ("ca1", "ca2"):
        subject = ["-subj", f"/CN={ca}"]
        _openssl("req", "-x509", *ec, "-keyout", f"{ca}.key", "-out", f"{ca}.pem", "-days", "2", *subject, cwd=root)
    _openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=root)
    (root / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca1.pem", "-CAkey", "ca1.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "san.ext", cwd=root,
    )  # fmt: skip
    return {name: str(root / f"{name}.pem") for name in ("ca1", "ca2", "server")} | {"key": str(root / "server.key")}
