"""Region sync of 1,000 flavors against the replay servers on loopback (budget: < 5 s on the 2-core dev machine).

The region is generated from the recorded default region: its flavors' extra_specs repeated over 1,000
flavors (four in five named ``onap.*``, so they get discovery), with AAI holding only the cloud region.
Nova pages at 1,000 flavors, Nova's default ``max_limit``. Every installed driver runs. Figures:

* first sync: 1,000 extra_specs reads, discovery, 1,000 PUTs (AAI reset before each round);
* resync of the unchanged region: the same reads and discovery, zero writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from onap_hpa_harness.fixtures import Region, default_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host import Host
from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync
from onap_hpa_host.nova import NovaSource, OpenStackConfig

FLAVORS = 1000


def generated_region(size: int = FLAVORS) -> Region:
    """``size`` flavors built on the default region's recorded ones; AAI starts with the cloud region only."""
    base = default_region()
    templates = [f for f in base.flavors if f.get("os-flavor-access:is_public", True)]
    flavors, specs = [], {}
    for n in range(size):
        template = templates[n % len(templates)]
        flavor_id = f"gen-{n:05d}"
        name = f"onap.gen.{n}" if n % 5 else f"m1.gen.{n}"
        flavors.append({**template, "id": flavor_id, "name": name, "links": [{"rel": "self", "href": flavor_id}]})
        specs[flavor_id] = dict(base.extra_specs.get(str(template["id"]), {}))
    region = {k: v for k, v in base.aai_initial["cloud-region"][0].items() if k != "flavors"}
    return replace(base, flavors=flavors, extra_specs=specs, aai_initial={"cloud-region": [region]}, aai_expected=None)


@pytest.fixture(scope="module")
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(generated_region(), page_size=FLAVORS) as running:
        yield running


@pytest.fixture(scope="module")
def sync(servers: ReplayServers) -> Iterator[RegionSync]:
    e, region = servers.env, servers.region
    nova = NovaSource(OpenStackConfig(e["OS_AUTH_URL"], e["OS_USERNAME"], e["OS_PASSWORD"], e["OS_PROJECT_NAME"]))
    with AaiClient(AaiConfig(e["ONAP_HPA_AAI_URL"], e["ONAP_HPA_AAI_USER"], e["ONAP_HPA_AAI_PASSWORD"])) as aai:
        yield RegionSync(nova, aai, cloud_owner=region.cloud_owner, cloud_region_id=region.cloud_region_id, host=Host())
    nova.close()


def test_first_sync_of_1000_flavors(benchmark: Any, servers: ReplayServers, sync: RegionSync) -> None:
    def reset() -> None:
        servers.aai.store.load(servers.region.aai_initial)

    summary = benchmark.pedantic(sync.run, setup=reset, rounds=3, iterations=1)
    assert (summary.flavors_seen, summary.created, summary.failed) == (FLAVORS, FLAVORS, 0)
    assert summary.writes == FLAVORS


def test_resync_of_1000_unchanged_flavors(benchmark: Any, servers: ReplayServers, sync: RegionSync) -> None:
    servers.aai.store.load(servers.region.aai_initial)
    sync.run()
    summary = benchmark.pedantic(sync.run, rounds=3, iterations=1)
    assert (summary.unchanged, summary.writes) == (FLAVORS, 0)
