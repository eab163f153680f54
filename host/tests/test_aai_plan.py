"""Flavor plans against AAI's own rules, as the harness's in-memory AAI enforces them (412, 403, 400)."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from onap_hpa.ids import flavor_url
from onap_hpa_harness.replay.aai_store import AaiStore
from onap_hpa_host.aai.plan import capabilities, plan_flavor, same_state

OWNER, REGION, FLAVOR = "CloudOwner", "RegionOne", "onap.small v2"
PATH = flavor_url(OWNER, REGION, FLAVOR)


def _segments(path: str) -> list[str]:
    return [unquote(part) for part in path.split("/") if part]


def _store(flavor: dict[str, Any] | None) -> AaiStore:
    region = {"cloud-owner": OWNER, "cloud-region-id": REGION}
    if flavor is not None:
        region["flavors"] = {"flavor": [flavor]}
    return AaiStore({"cloud-region": [region]})


def _current(store: AaiStore) -> dict[str, Any] | None:
    flavors = store.flavors(OWNER, REGION)
    return flavors[0] if flavors else None


def _apply(store: AaiStore, desired: dict[str, Any], keep: Any = lambda _cap: False) -> int:
    """Run plans until AAI matches, as the sync does; returns the writes sent. AaiStore raises on any violation."""
    writes = 0
    for _ in range(4):
        plan = plan_flavor(PATH, desired, _current(store), keep)
        if plan.empty:
            return writes
        for delete in plan.deletes:
            store.delete(_segments(delete.path), delete.resource_version)
            writes += 1
        if not plan.deletes:
            store.put(_segments(PATH), copy.deepcopy(plan.body))
            writes += 1
    raise AssertionError("the plan did not converge")


def _cap(cap_id: str, feature: str, attrs: dict[str, str], arch: str = "generic") -> dict[str, Any]:
    return {
        "hpa-capability-id": cap_id,
        "hpa-feature": feature,
        "architecture": arch,
        "hpa-version": "v1",
        "hpa-feature-attributes": [{"hpa-attribute-key": k, "hpa-attribute-value": v} for k, v in attrs.items()],
    }


def _flavor(caps: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    record = {
        "flavor-id": FLAVOR,
        "flavor-name": "onap.small",
        "flavor-vcpus": 2,
        "flavor-ram": 2048,
        "flavor-disk": 20,
        "flavor-ephemeral": 0,
        "flavor-swap": "",
        "flavor-is-public": True,
        "flavor-disabled": False,
        "flavor-selflink": "http://0.0.0.0",
        **fields,
    }
    if caps:
        record["hpa-capabilities"] = {"hpa-capability": caps}
    return record


CPU = _cap("c1", "cpuPinning", {"logicalCpuPinningPolicy": '{"value":"dedicated"}'})
NIC = _cap("n1", "sriovNICNetwork", {"pciCount": '{"value":"1"}', "physicalNetwork": '{"value":"p1"}'}, "intel")


def test_a_missing_flavor_is_created_with_no_resource_version():
    store = _store(None)
    plan = plan_flavor(PATH, _flavor([CPU]), None)
    assert plan.deletes == ()
    assert "resource-version" not in plan.body
    assert _apply(store, _flavor([CPU])) == 1
    assert same_state(_flavor([CPU]), _current(store))


def test_an_unchanged_flavor_plans_nothing():
    store = _store(_flavor([CPU, NIC]))
    assert plan_flavor(PATH, _flavor([NIC, CPU]), _current(store)).empty


def test_an_update_carries_every_resource_version_aai_requires():
    store = _store(_flavor([CPU, NIC]))
    desired = _flavor(
        [
            CPU,
            _cap("n1", "sriovNICNetwork", {"pciCount": '{"value":"2"}', "physicalNetwork": '{"value":"p1"}'}, "intel"),
        ]
    )
    plan = plan_flavor(PATH, desired, _current(store))
    current = _current(store)
    assert plan.body["resource-version"] == current["resource-version"]
    stored = {c["hpa-capability-id"]: c for c in capabilities(current)}
    for cap in capabilities(plan.body):
        assert cap["resource-version"] == stored[cap["hpa-capability-id"]]["resource-version"]
        for attr in cap["hpa-feature-attributes"]:
            assert "resource-version" in attr
    assert _apply(store, desired) == 1
    assert same_state(desired, _current(store))


def test_stale_capabilities_are_deleted_before_the_put():
    store = _store(_flavor([CPU, NIC]))
    plan = plan_flavor(PATH, _flavor([CPU]), _current(store))
    assert plan.body is None
    assert [d.path.rsplit("/", 1)[1] for d in plan.deletes] == ["n1"]
    assert _apply(store, _flavor([CPU])) == 1  # the delete alone: nothing else changed
    assert same_state(_flavor([CPU]), _current(store))


def test_a_capability_that_loses_an_attribute_is_recreated():
    store = _store(_flavor([NIC]))
    shrunk = _flavor([_cap("n1", "sriovNICNetwork", {"pciCount": '{"value":"1"}'}, "intel")])
    assert _apply(store, shrunk) == 2  # a PUT cannot drop an attribute (implied delete): delete, then PUT
    assert same_state(shrunk, _current(store))


def test_kept_capabilities_of_a_faulted_driver_stay_in_aai():
    store = _store(_flavor([CPU, NIC]))
    desired = _flavor([CPU], **{"flavor-ram": 4096})
    _apply(store, desired, keep=lambda cap: cap["hpa-capability-id"] == "n1")
    current = _current(store)
    assert current["flavor-ram"] == 4096
    assert {c["hpa-capability-id"] for c in capabilities(current)} == {"c1", "n1"}


def test_fields_aai_stores_beyond_ours_are_carried_over():
    store = _store(_flavor([], **{"data-owner": "ops"}))
    _apply(store, _flavor([], **{"flavor-ram": 1024}))
    assert _current(store)["data-owner"] == "ops"


ATTR_KEYS = st.sampled_from(["a", "b", "c"])
VALUES = st.sampled_from(['{"value":"1"}', '{"value":"2"}', '{"value":"x","unit":"MB"}'])
CAPS = st.dictionaries(
    st.sampled_from(["k1", "k2", "k3", "k4"]),
    st.tuples(st.sampled_from(["numa", "hugePages"]), st.dictionaries(ATTR_KEYS, VALUES, min_size=1)),
    max_size=4,
)


def _caps(spec: dict[str, tuple[str, dict[str, str]]]) -> list[dict[str, Any]]:
    return [_cap(cap_id, feature, attrs) for cap_id, (feature, attrs) in sorted(spec.items())]


@settings(max_examples=150, deadline=None)
@given(before=st.none() | CAPS, after=CAPS, ram=st.sampled_from([1024, 2048]))
def test_any_stored_state_converges_to_any_desired_state_and_then_stays(before, after, ram):
    store = _store(None if before is None else _flavor(_caps(before)))
    desired = _flavor(_caps(after), **{"flavor-ram": ram})
    _apply(store, desired)
    assert same_state(desired, _current(store))
    assert _apply(store, desired) == 0
