"""Recording a region from a live Nova into the fixture format.

Given a Keystone token and Nova's endpoint (or Keystone credentials, from which both are obtained),
it reads every flavor (``GET /flavors/detail`` following ``flavors_links`` next, ``is_public=None``
so private flavors are recorded too) and each flavor's ``os-extra_specs``, and writes a region
directory. The VIM info written holds a placeholder password: a recording never keeps a secret.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import requests

from onap_hpa_harness.fixtures import extra_specs_file

__all__ = ["FAKE_PASSWORD", "keystone_token", "read_nova", "write_region"]

FAKE_PASSWORD: Final = "fake-password"  # noqa: S105 - the placeholder written instead of a secret
TIMEOUT: Final = 30.0


def keystone_token(
    session: requests.Session,
    auth_url: str,
    *,
    username: str,
    password: str,
    project: str,
    domain: str = "Default",
    region: str | None = None,
) -> tuple[str, str]:
    """``(token, compute endpoint)`` from Keystone v3's password method and its catalog."""
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": username, "password": password, "domain": {"name": domain}}},
            },
            "scope": {"project": {"name": project, "domain": {"name": domain}}},
        }
    }
    response = session.post(auth_url.rstrip("/") + "/auth/tokens", json=body, timeout=TIMEOUT)
    response.raise_for_status()
    token = response.headers["X-Subject-Token"]
    for service in response.json()["token"].get("catalog", []):
        if service.get("type") != "compute":
            continue
        for endpoint in service.get("endpoints", []):
            if endpoint.get("interface") == "public" and region in (None, endpoint.get("region")):
                return token, str(endpoint["url"])
    message = f"Keystone at {auth_url} lists no public compute endpoint" + (f" in region {region}" if region else "")
    raise LookupError(message)


def read_nova(
    session: requests.Session, nova_url: str, token: str
) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """Every flavor (all pages, public and private) and each flavor's extra_specs."""
    headers = {"X-Auth-Token": token, "Accept": "application/json"}
    flavors: list[dict[str, Any]] = []
    url: str | None = nova_url.rstrip("/") + "/flavors/detail?is_public=None"
    while url:
        response = session.get(url, headers=headers, timeout=TIMEOUT)
        response.raise_for_status()
        page = response.json()
        flavors.extend(page.get("flavors", []))
        links = page.get("flavors_links", [])
        url = next((link["href"] for link in links if link.get("rel") == "next"), None)
        if url is not None and not page.get("flavors"):
            break
    extra_specs = {}
    for flavor in flavors:
        flavor_id = str(flavor["id"])
        spec_url = f"{nova_url.rstrip('/')}/flavors/{requests.utils.quote(flavor_id, safe='')}/os-extra_specs"
        response = session.get(spec_url, headers=headers, timeout=TIMEOUT)
        response.raise_for_status()
        extra_specs[flavor_id] = response.json().get("extra_specs", {})
    return flavors, extra_specs


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_region(
    out: Path,
    *,
    viminfo: dict[str, Any],
    flavors: list[dict[str, Any]],
    extra_specs: dict[str, dict[str, str]],
    description: str,
    source: str,
) -> None:
    """Write a region directory (``aai/initial.json``: the cloud region without flavors)."""
    vim = dict(viminfo)
    if "password" in vim:
        vim["password"] = FAKE_PASSWORD
    _write(out / "region.json", {"name": out.name, "description": description, "source": source})
    _write(out / "vim.json", vim)
    _write(out / "nova" / "flavors.json", {"flavors": flavors})
    for flavor_id, specs in extra_specs.items():
        _write(out / "nova" / "extra_specs" / extra_specs_file(flavor_id), {"extra_specs": specs})
    region = {
        "cloud-owner": vim["cloud_owner"],
        "cloud-region-id": vim["cloud_region_id"],
        "cloud-type": "openstack",
        "cloud-region-version": str(vim.get("version", "")),
    }
    extra = vim.get("cloud_extra_info")
    if extra:
        region["cloud-extra-info"] = extra if isinstance(extra, str) else json.dumps(extra)
    _write(out / "aai" / "initial.json", {"cloud-region": [region]})
