"""onap_hpa.budget: result_size is, byte for byte, what the host measures for a driver's records."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import onap_hpa
from onap_hpa import MAX_BYTES, DiscoveryRequest, DriverInfo, budget, hookimpl, result_size
from onap_hpa_host import Host, validation

#: Text as a hostile driver or flavor may write it: any code point but lone surrogates, with the ones
#: JSON escapes (control characters, quote, backslash) and multi-byte UTF-8 drawn often.
_TRICKY = ["\x00", "\x01", "\x08", "\t", "\n", "\x0c", "\r", "\x1f", "\x7f", "\x85", '"', "\\", "/"]
_TRICKY += ["\u00e9", "\u2028", "\u2029", "\ufeff", "\uffff", "\U0001f600", "\U0010ffff", "<", ">", "&"]
TEXT = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(_TRICKY)), max_size=40)

#: Anything shaped like JSON data a driver could return (no floats: records hold strings).
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
ANY_RECORDS = st.lists(st.dictionaries(TEXT, _JSON, max_size=5), max_size=6)

#: A host id: a UUID string, as the host gives them.
UUID = st.uuids().map(str)


def _host_ids(records: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    """The records with ids, as the host gives them: first, or in place of the driver's own."""
    key = "hpa-capability-id"
    return [{key: cap_id, **r} if key not in r else {**r, key: cap_id} for cap_id, r in zip(ids, records, strict=True)]


@pytest.fixture(params=["selected", "json-module"])
def dumper(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """result_size as it runs here (orjson where installed), and with the json module (Python 3.9 images)."""
    if request.param == "json-module":
        monkeypatch.setattr(budget, "_dumps", lambda: budget._json_bytes)
    return str(request.param)


def test_the_sdk_exports_the_budget_and_the_host_uses_its_cap() -> None:
    assert (onap_hpa.MAX_BYTES, onap_hpa.result_size) == (budget.MAX_BYTES, budget.result_size)
    assert {"MAX_BYTES", "result_size"} <= set(onap_hpa.__all__)
    assert MAX_BYTES == 1500
    assert validation.MAX_BYTES is MAX_BYTES  # the very object: the host takes its cap from here


def test_no_records_take_two_bytes() -> None:
    assert result_size([]) == len(b"[]") == validation.compact_size([])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=ANY_RECORDS, data=st.data())
def test_result_size_is_the_compact_size_of_the_records_with_host_ids(
    dumper: str, records: list[dict[str, Any]], data: st.DataObject
) -> None:
    ids = data.draw(st.lists(UUID, min_size=len(records), max_size=len(records)))
    assert result_size(records) == validation.compact_size(_host_ids(records, ids))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=ANY_RECORDS)
def test_a_drivers_own_id_counts_as_a_host_id(dumper: str, records: list[dict[str, Any]]) -> None:
    with_own = [{**record, "hpa-capability-id": "mine, of any length: ü\x00"} for record in records]
    assert result_size(with_own) == result_size(records)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=ANY_RECORDS)
def test_any_iterable_of_mappings_is_measured_alike(dumper: str, records: list[dict[str, Any]]) -> None:
    size = result_size(records)
    assert result_size(iter(records)) == result_size(tuple(records)) == size
    assert result_size([MappingProxyType(record) for record in records]) == size


# Records the host accepts (schema, value rules), with anything in the values and many of them, so that
# some are over the cap: the host itself is the judge.
_KEY = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True)
_VALUE = st.builds(lambda text: json.dumps({"value": text}, ensure_ascii=False), TEXT) | st.builds(
    lambda text: json.dumps({"value": text}), TEXT
)
_RECORD = st.builds(
    lambda arch, attrs: onap_hpa.capability("budgetProbe", arch, [onap_hpa.attribute(k, v) for k, v in attrs]),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,30}", fullmatch=True),
    st.lists(st.tuples(_KEY, TEXT), min_size=1, max_size=6, unique_by=lambda kv: kv[0]),
)
_RAW_RECORD = st.builds(
    lambda arch, attrs: {
        "hpa-feature": "budgetProbe",
        "architecture": arch,
        "hpa-version": "v1",
        "hpa-feature-attributes": [{"hpa-attribute-key": k, "hpa-attribute-value": v} for k, v in attrs],
    },
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,30}", fullmatch=True),
    st.lists(st.tuples(_KEY, _VALUE), min_size=1, max_size=6, unique_by=lambda kv: kv[0]),
)


FLAVOR = {"id": "f-1", "name": "f", "vcpus": 1, "ram": 1, "disk": 1}
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}


class _Probe:
    """An in-process driver returning whatever the test puts in ``records``."""

    DRIVER = DriverInfo("budget-probe", "1", frozenset({"budgetProbe"}))

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    @hookimpl
    def hpa_discover(self, request: DiscoveryRequest) -> list[dict[str, Any]]:
        return [dict(record) for record in self.records]


@pytest.fixture(scope="module")
def probe() -> tuple[Host, _Probe]:
    driver = _Probe()
    return Host(installed=False, plugins=[driver], isolation="inprocess"), driver


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_RECORD | _RAW_RECORD, min_size=1, max_size=8))
def test_the_host_accepts_exactly_what_fits_and_measures_what_result_size_says(
    probe: tuple[Host, _Probe], records: list[dict[str, Any]]
) -> None:
    host, driver = probe
    driver.records = records
    request = DiscoveryRequest.build(FLAVOR, {}, VIM)
    result = host.discover(request)
    size = result_size(records)
    event("fits" if size <= MAX_BYTES else "over the cap")
    if size <= MAX_BYTES:
        assert result.faults == ()
        assert validation.compact_size(result.capabilities["budget-probe"]) == size
    else:
        assert [fault.kind for fault in result.faults] == ["oversize"]
        assert f"{size} bytes" in result.faults[0].message
