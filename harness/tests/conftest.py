"""Shared fixtures: the recorded regions of the repository and replay servers over one of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from onap_hpa_harness.fixtures import Region, load_region
from onap_hpa_harness.replay import ReplayServers

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
REGIONS = sorted(path.parent for path in (FIXTURES / "regions").glob("*/region.json"))


@pytest.fixture
def region() -> Region:
    """The plain OpenStack region (paginated, ids with spaces and dots, a stale capability in AAI)."""
    return load_region(FIXTURES / "regions" / "openstack-pike")


@pytest.fixture
def servers(region: Region) -> Iterator[ReplayServers]:
    """Keystone/Nova and AAI replaying ``region`` on loopback."""
    with ReplayServers.start(region) as running:
        yield running


class Aai:
    """A minimal AAI client for the tests: the headers and auth AAI requires, paths under the region."""

    def __init__(self, servers: ReplayServers) -> None:
        self.base = servers.aai_url
        region = servers.region
        self.region = f"/cloud-infrastructure/cloud-regions/cloud-region/{region.cloud_owner}/{region.cloud_region_id}"
        self.session = requests.Session()
        self.session.auth = ("AAI", "AAI")
        self.session.headers.update({"X-FromAppId": "onap-hpa-tests", "X-TransactionId": "t-1"})

    def flavor(self, flavor_id: str) -> str:
        return f"{self.region}/flavors/flavor/{requests.utils.quote(flavor_id, safe='')}"

    def capability(self, flavor_id: str, capability_id: str) -> str:
        return f"{self.flavor(flavor_id)}/hpa-capabilities/hpa-capability/{capability_id}"

    def get(self, path: str, **params: str) -> requests.Response:
        return self.session.get(self.base + path, params=params, timeout=10)

    def put(self, path: str, body: object) -> requests.Response:
        return self.session.put(self.base + path, json=body, timeout=10)

    def delete(self, path: str, **params: str) -> requests.Response:
        return self.session.delete(self.base + path, params=params, timeout=10)


@pytest.fixture
def aai(servers: ReplayServers) -> Aai:
    """An AAI client pointed at the replay AAI."""
    return Aai(servers)
