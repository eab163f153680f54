"""Keystone and Nova replay over real HTTP: tokens, catalog, pagination, extra_specs."""

from __future__ import annotations

import requests

from onap_hpa_harness.fixtures import Region
from onap_hpa_harness.replay import ReplayServers


def token(servers: ReplayServers, password: str | None = None) -> requests.Response:
    creds = servers.region.credentials
    user = {"name": creds["username"], "password": password or creds["password"], "domain": {"name": "Default"}}
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}}}}
    return requests.post(servers.keystone_url + "/auth/tokens", json=body, timeout=10)


def all_pages(url: str, auth_token: str) -> tuple[list[dict], int]:
    flavors, pages = [], 0
    next_url: str | None = url
    while next_url:
        page = requests.get(next_url, headers={"X-Auth-Token": auth_token}, timeout=10).json()
        pages += 1
        flavors += page["flavors"]
        next_url = next((link["href"] for link in page.get("flavors_links", []) if link["rel"] == "next"), None)
    return flavors, pages


def test_keystone_issues_a_token_and_a_catalog_pointing_at_the_nova_replay(servers: ReplayServers) -> None:
    response = token(servers)
    assert response.status_code == 201
    assert response.headers["X-Subject-Token"]
    (compute,) = [s for s in response.json()["token"]["catalog"] if s["type"] == "compute"]
    public = next(e for e in compute["endpoints"] if e["interface"] == "public")
    assert public["url"] == servers.nova_url
    assert public["region"] == servers.region.cloud_region_id


def test_wrong_password_is_401_and_nova_needs_a_token(servers: ReplayServers) -> None:
    wrong = token(servers, password="wrong")  # noqa: S106 - a wrong password on purpose
    assert wrong.status_code == 401
    assert requests.get(servers.nova_url + "/flavors/detail", timeout=10).status_code == 401
    bad = requests.get(servers.nova_url + "/flavors/detail", headers={"X-Auth-Token": "forged"}, timeout=10)
    assert bad.status_code == 401


def test_pagination_follows_next_links_to_every_public_flavor(servers: ReplayServers, region: Region) -> None:
    auth_token = token(servers).headers["X-Subject-Token"]
    flavors, pages = all_pages(servers.nova_url + "/flavors/detail", auth_token)
    public = [f for f in region.flavors if f["os-flavor-access:is_public"]]
    assert sorted(f["id"] for f in flavors) == sorted(f["id"] for f in public)
    assert pages == len(public) // 4 + 1  # 4 per page; a full last page is followed by an empty one, as in Nova
    assert flavors[0] == next(f for f in region.flavors if f["id"] == flavors[0]["id"])  # links as recorded


def test_limit_marker_and_is_public_none(servers: ReplayServers, region: Region) -> None:
    auth_token = token(servers).headers["X-Subject-Token"]
    flavors, pages = all_pages(servers.nova_url + "/flavors/detail?limit=2&is_public=None", auth_token)
    assert len(flavors) == len(region.flavors)
    assert pages == len(region.flavors) // 2 + 1
    headers = {"X-Auth-Token": auth_token}
    bad = requests.get(servers.nova_url + "/flavors/detail?marker=nope", headers=headers, timeout=10)
    assert bad.status_code == 400


def test_extra_specs_of_a_flavor_id_with_spaces_and_dots(servers: ReplayServers, region: Region) -> None:
    headers = {"X-Auth-Token": token(servers).headers["X-Subject-Token"]}
    url = servers.nova_url + "/flavors/onap%20large.v2/os-extra_specs"
    response = requests.get(url, headers=headers, timeout=10)
    assert response.status_code == 200
    assert response.json() == {"extra_specs": region.extra_specs["onap large.v2"]}
    missing = requests.get(servers.nova_url + "/flavors/nope/os-extra_specs", headers=headers, timeout=10)
    assert missing.status_code == 404
