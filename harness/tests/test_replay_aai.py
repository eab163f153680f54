"""The AAI replay's REST semantics over real HTTP, held to HPA-REFERENCE.md §4."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import requests

from onap_hpa_harness.replay import ReplayServers

from .conftest import Aai

STALE = "0e7d4c5a-3f2b-4a1c-9d8e-7f6a5b4c3d2e"  # the capability AAI holds for onap.medium in openstack-pike


def new_flavor(flavor_id: str = "f-new", **fields: Any) -> dict[str, Any]:
    record = {
        "flavor-id": flavor_id,
        "flavor-name": "onap.new",
        "flavor-vcpus": 2,
        "flavor-ram": 2048,
        "flavor-disk": 20,
        "flavor-ephemeral": 0,
        "flavor-swap": "",
        "flavor-is-public": True,
        "flavor-disabled": False,
        "flavor-selflink": "http://0.0.0.0",
    }
    record.update(fields)
    return record


def new_capability(capability_id: str, feature: str = "basicCapabilities") -> dict[str, Any]:
    return {
        "hpa-capability-id": capability_id,
        "hpa-feature": feature,
        "architecture": "generic",
        "hpa-version": "v1",
        "hpa-feature-attributes": [{"hpa-attribute-key": "numVirtualCpu", "hpa-attribute-value": '{"value":"2"}'}],
    }


def error_of(response: requests.Response) -> tuple[str, dict[str, Any]]:
    """(exception kind, exception) of an AAI error body; fails unless the body has AAI's shape."""
    (kind, exception), *rest = response.json()["requestError"].items()
    assert not rest
    assert kind in ("serviceException", "policyException")
    assert set(exception) == {"messageId", "text", "variables"}
    return kind, exception


def code_of(response: requests.Response) -> str:
    _, exception = error_of(response)
    return next(v for v in exception["variables"] if v.startswith("ERR."))


def test_missing_x_fromappid_or_x_transactionid_is_400(aai: Aai) -> None:
    path = aai.base + aai.flavor("onap.medium")
    for header in ("X-FromAppId", "X-TransactionId"):
        headers = {"X-FromAppId": "app", "X-TransactionId": "1"}
        del headers[header]
        response = requests.get(path, headers=headers, auth=("AAI", "AAI"), timeout=10)
        assert response.status_code == 400
        kind, exception = error_of(response)
        assert kind == "serviceException"
        assert header in exception["variables"][2]


@pytest.mark.parametrize("auth", [None, ("AAI", "wrong"), ("someone", "AAI")], ids=["missing", "password", "user"])
def test_missing_or_wrong_basic_auth_is_403_not_401(aai: Aai, auth: tuple[str, str] | None) -> None:
    headers = {"X-FromAppId": "app", "X-TransactionId": "1"}
    response = requests.get(aai.base + aai.flavor("onap.medium"), headers=headers, auth=auth, timeout=10)
    assert response.status_code == 403
    assert error_of(response)[0] == "policyException"


def test_depth_0_by_default_returns_no_children(aai: Aai) -> None:
    body = aai.get(aai.flavor("onap.medium")).json()
    assert body["flavor-id"] == "onap.medium"
    assert "resource-version" in body
    assert "hpa-capabilities" not in body


def test_depth_all_returns_capabilities_and_attributes(aai: Aai) -> None:
    body = aai.get(aai.flavor("onap.medium"), depth="all").json()
    (capability,) = body["hpa-capabilities"]["hpa-capability"]
    assert capability["hpa-capability-id"] == STALE
    assert "resource-version" in capability
    keys = {attr["hpa-attribute-key"] for attr in capability["hpa-feature-attributes"]}
    assert keys == {"pciCount", "pciVendorId", "pciDeviceId", "physicalNetwork"}
    assert all("resource-version" in attr for attr in capability["hpa-feature-attributes"])


def test_depth_1_returns_capabilities_without_attributes(aai: Aai) -> None:
    body = aai.get(aai.flavor("onap.medium"), depth="1").json()
    (capability,) = body["hpa-capabilities"]["hpa-capability"]
    assert "hpa-feature-attributes" not in capability


def test_put_create_is_201_and_get_shows_it_with_a_resource_version(aai: Aai) -> None:
    flavor = new_flavor()
    flavor["hpa-capabilities"] = {"hpa-capability": [new_capability("c1")]}
    assert aai.put(aai.flavor("f-new"), flavor).status_code == 201
    stored = aai.get(aai.flavor("f-new"), depth="all").json()
    assert stored["resource-version"]
    assert stored["hpa-capabilities"]["hpa-capability"][0]["hpa-capability-id"] == "c1"


def test_put_create_with_a_resource_version_is_412(aai: Aai) -> None:
    response = aai.put(aai.flavor("f-new"), new_flavor(**{"resource-version": "123"}))
    assert response.status_code == 412
    assert aai.get(aai.flavor("f-new")).status_code == 404


def test_put_update_needs_the_current_resource_version(aai: Aai) -> None:
    current = aai.get(aai.flavor("1")).json()
    missing = {k: v for k, v in current.items() if k != "resource-version"}
    assert aai.put(aai.flavor("1"), missing).status_code == 412
    stale = {**current, "resource-version": str(int(current["resource-version"]) - 1)}
    response = aai.put(aai.flavor("1"), stale)
    assert response.status_code == 412
    assert code_of(response) == "ERR.5.4.6131"
    assert aai.put(aai.flavor("1"), {**current, "flavor-ram": 1024}).status_code == 200
    assert aai.get(aai.flavor("1")).json()["flavor-ram"] == 1024


def test_every_write_changes_the_resource_version(aai: Aai) -> None:
    versions = []
    for ram in (600, 700, 700):
        current = aai.get(aai.flavor("1")).json()
        versions.append(current["resource-version"])
        assert aai.put(aai.flavor("1"), {**current, "flavor-ram": ram}).status_code == 200
    versions.append(aai.get(aai.flavor("1")).json()["resource-version"])
    assert len(set(versions)) == 4
    assert versions == sorted(versions, key=int)


def test_nested_existing_capability_without_its_resource_version_is_412(aai: Aai) -> None:
    current = aai.get(aai.flavor("onap.medium"), depth="all").json()
    body = copy.deepcopy(current)
    del body["hpa-capabilities"]["hpa-capability"][0]["resource-version"]
    response = aai.put(aai.flavor("onap.medium"), body)
    assert response.status_code == 412
    assert code_of(response) == "ERR.5.4.6130"
    stale = copy.deepcopy(current)
    stale["hpa-capabilities"]["hpa-capability"][0]["resource-version"] = "1"
    assert aai.put(aai.flavor("onap.medium"), stale).status_code == 412


def test_nested_attribute_without_its_resource_version_is_412(aai: Aai) -> None:
    body = aai.get(aai.flavor("onap.medium"), depth="all").json()
    del body["hpa-capabilities"]["hpa-capability"][0]["hpa-feature-attributes"][0]["resource-version"]
    assert aai.put(aai.flavor("onap.medium"), body).status_code == 412


def test_update_carrying_every_current_resource_version_is_200_and_adds_new_children(aai: Aai) -> None:
    body = aai.get(aai.flavor("onap.medium"), depth="all").json()
    body["hpa-capabilities"]["hpa-capability"].append(new_capability("c-added"))
    assert aai.put(aai.flavor("onap.medium"), body).status_code == 200
    stored = aai.get(aai.flavor("onap.medium"), depth="all").json()["hpa-capabilities"]["hpa-capability"]
    assert {c["hpa-capability-id"] for c in stored} == {STALE, "c-added"}


def test_new_nested_child_carrying_a_resource_version_is_412(aai: Aai) -> None:
    body = aai.get(aai.flavor("onap.medium"), depth="all").json()
    body["hpa-capabilities"]["hpa-capability"].append({**new_capability("c-added"), "resource-version": "5"})
    assert aai.put(aai.flavor("onap.medium"), body).status_code == 412


def test_flavor_put_omitting_an_existing_capability_is_an_implied_delete_refused_with_403(
    aai: Aai, servers: ReplayServers
) -> None:
    before = servers.aai.dump()
    body = aai.get(aai.flavor("onap.medium"), depth="all").json()
    body["hpa-capabilities"]["hpa-capability"] = [new_capability("c-other")]
    response = aai.put(aai.flavor("onap.medium"), body)
    assert response.status_code == 403
    assert error_of(response)[0] == "policyException"
    flat = aai.get(aai.flavor("onap.medium")).json()  # depth 0: no capabilities in the body at all
    assert aai.put(aai.flavor("onap.medium"), flat).status_code == 403
    assert servers.aai.dump() == before


def test_capability_put_omitting_its_attributes_is_an_implied_delete(aai: Aai) -> None:
    capability = aai.get(aai.capability("onap.medium", STALE), depth="0").json()
    assert aai.put(aai.capability("onap.medium", STALE), capability).status_code == 403


def test_missing_parent_or_resource_is_404(aai: Aai) -> None:
    assert aai.get(aai.flavor("nope")).status_code == 404
    response = aai.put(aai.capability("nope", "c1"), new_capability("c1"))
    assert response.status_code == 404
    assert code_of(response) == "ERR.5.4.6114"
    other_region = "/cloud-infrastructure/cloud-regions/cloud-region/Nobody/Nowhere/flavors/flavor/f1"
    assert aai.put(other_region, new_flavor("f1")).status_code == 404
    assert aai.get(aai.capability("onap.medium", "nope")).status_code == 404
    assert aai.delete(aai.capability("onap.medium", "nope"), **{"resource-version": "1"}).status_code == 404


def test_delete_capability_with_its_resource_version_is_204_and_removes_its_attributes(aai: Aai) -> None:
    capability = aai.get(aai.capability("onap.medium", STALE)).json()
    assert aai.delete(aai.capability("onap.medium", STALE)).status_code == 412
    assert aai.delete(aai.capability("onap.medium", STALE), **{"resource-version": "1"}).status_code == 412
    response = aai.delete(aai.capability("onap.medium", STALE), **{"resource-version": capability["resource-version"]})
    assert response.status_code == 204
    assert not response.content
    assert aai.get(aai.capability("onap.medium", STALE)).status_code == 404
    assert "hpa-capabilities" not in aai.get(aai.flavor("onap.medium"), depth="all").json()


def test_deleting_a_flavor_that_still_has_capabilities_is_400_err_5_4_6110(aai: Aai) -> None:
    flavor = aai.get(aai.flavor("onap.medium")).json()
    response = aai.delete(aai.flavor("onap.medium"), **{"resource-version": flavor["resource-version"]})
    assert response.status_code == 400
    assert code_of(response) == "ERR.5.4.6110"
    capability = aai.get(aai.capability("onap.medium", STALE)).json()
    aai.delete(aai.capability("onap.medium", STALE), **{"resource-version": capability["resource-version"]})
    flavor = aai.get(aai.flavor("onap.medium")).json()
    assert aai.delete(aai.flavor("onap.medium"), **{"resource-version": flavor["resource-version"]}).status_code == 204
    assert aai.get(aai.flavor("onap.medium")).status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [("flavor-swap", 0), ("flavor-vcpus", "2"), ("flavor-is-public", "true"), ("flavor-ram", True)],
)
def test_flavor_fields_must_have_aai_types(aai: Aai, field: str, value: object) -> None:
    response = aai.put(aai.flavor("f-new"), new_flavor(**{field: value}))
    assert response.status_code == 400
    assert field in error_of(response)[1]["variables"][2]


def test_required_flavor_field_and_key_mismatch_are_400(aai: Aai) -> None:
    body = new_flavor()
    del body["flavor-selflink"]
    assert aai.put(aai.flavor("f-new"), body).status_code == 400
    assert aai.put(aai.flavor("f-new"), new_flavor("other-id")).status_code == 400


def test_percent_encoded_keys_with_spaces_and_dots(aai: Aai) -> None:
    assert aai.put(aai.flavor("onap large.v2"), new_flavor("onap large.v2")).status_code == 201
    assert "/flavor/onap%20large.v2" in aai.flavor("onap large.v2")
    assert aai.get(aai.flavor("onap large.v2")).json()["flavor-id"] == "onap large.v2"


def test_any_api_version_from_v12_to_v32_is_served(aai: Aai) -> None:
    for version, status in (("v12", 200), ("v32", 200), ("v11", 404), ("v33", 404)):
        url = aai.base.replace("/aai/v13", f"/aai/{version}") + aai.flavor("1")
        assert aai.session.get(url, timeout=10).status_code == status


def test_flavor_collection_lists_flavors_and_an_empty_one_is_404(aai: Aai, servers: ReplayServers) -> None:
    body = aai.get(aai.region + "/flavors").json()
    assert sorted(f["flavor-id"] for f in body["flavor"]) == ["1", "onap.medium"]
    assert all("hpa-capabilities" not in f for f in body["flavor"])
    capability = aai.get(aai.capability("onap.medium", STALE)).json()
    aai.delete(aai.capability("onap.medium", STALE), **{"resource-version": capability["resource-version"]})
    for flavor_id in ("1", "onap.medium"):
        current = aai.get(aai.flavor(flavor_id)).json()
        assert aai.delete(aai.flavor(flavor_id), **{"resource-version": current["resource-version"]}).status_code == 204
    assert aai.get(aai.region + "/flavors").status_code == 404
    assert servers.aai.flavors(servers.region.cloud_owner, servers.region.cloud_region_id) == []


def test_flavors_with_resource_versions_and_the_request_log(aai: Aai, servers: ReplayServers) -> None:
    region = servers.region
    flavors = servers.aai.flavors(region.cloud_owner, region.cloud_region_id)
    medium = next(f for f in flavors if f["flavor-id"] == "onap.medium")
    assert medium["resource-version"]
    assert medium["hpa-capabilities"]["hpa-capability"][0]["resource-version"]
    aai.get(aai.flavor("1"))
    aai.delete(aai.flavor("1"))
    assert servers.aai.requests[-2:] == [
        ("GET", "/aai/v13" + aai.flavor("1"), 200),
        ("DELETE", "/aai/v13" + aai.flavor("1"), 412),
    ]


def test_dump_of_the_initial_state_equals_the_fixture_normalized(servers: ReplayServers) -> None:
    from onap_hpa_harness.replay.aai_store import normalize_state

    assert servers.aai.dump() == normalize_state(servers.region.aai_initial)
