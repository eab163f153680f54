from __future__ import annotations

import uuid

from onap_hpa import DiscoveryRequest, capability, capability_id, capability_ids, capability_urls, flavor_url
from onap_hpa.ids import NAMESPACE


def test_capability_id_is_the_uuid5_of_the_documented_name() -> None:
    expected = uuid.uuid5(NAMESPACE, "5:owner6:region6:flavor6:driver4:numa0")
    assert capability_id("owner", "region", "flavor", "driver", "numa", 0) == str(expected)


def test_ids_differ_by_every_input() -> None:
    base = ("o", "r", "f", "d", "numa", 0)
    ids = {capability_id(*base)}
    for index in range(6):
        changed = list(base)
        changed[index] = 1 if index == 5 else "x"
        ids.add(capability_id(*changed))  # type: ignore[arg-type]
    assert len(ids) == 7


def test_length_prefix_makes_field_boundaries_unambiguous() -> None:
    assert capability_id("ab", "c", "f", "d", "x", 0) != capability_id("a", "bc", "f", "d", "x", 0)


def test_ordinals_count_per_feature(request_: DiscoveryRequest) -> None:
    records = [
        capability("pciePassthrough", "intel", []),
        capability("numa", "generic", []),
        capability("pciePassthrough", "intel", []),
    ]
    ids = capability_ids(request_, "compute", records)
    vim, flavor = request_.vim, request_.flavor.id
    assert ids == [
        capability_id(vim.cloud_owner, vim.cloud_region_id, flavor, "compute", "pciePassthrough", 0),
        capability_id(vim.cloud_owner, vim.cloud_region_id, flavor, "compute", "numa", 0),
        capability_id(vim.cloud_owner, vim.cloud_region_id, flavor, "compute", "pciePassthrough", 1),
    ]


def test_urls_percent_encode_every_path_key() -> None:
    url = flavor_url("Cloud Owner", "Region/One", "onap.small 1~x")
    assert (
        url
        == "/cloud-infrastructure/cloud-regions/cloud-region/Cloud%20Owner/Region%2FOne/flavors/flavor/onap.small%201~x"
    )


def test_delete_urls_match_the_ids(request_: DiscoveryRequest) -> None:
    records = [capability("numa", "generic", [])]
    (url,) = capability_urls(request_, "compute", records)
    (cap_id,) = capability_ids(request_, "compute", records)
    assert (
        url == f"{flavor_url('CloudOwner', 'RegionOne', request_.flavor.id)}/hpa-capabilities/hpa-capability/{cap_id}"
    )
