"""The compiled validator agrees with the reference implementation on the shipped schema, and both
backends (jsonschema-rs, and the pure-Python jsonschema it falls back to where it has no wheel) give the
same verdict on every record."""

from __future__ import annotations

import collections
import decimal
import enum
import json
import types
from importlib.util import find_spec
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onap_hpa_host.validation import BACKEND, BACKENDS, MAX_BYTES, check_records, compact_size, schema_text

SCHEMA = json.loads(schema_text())
REFERENCE = jsonschema.Draft202012Validator({"type": "array", "items": SCHEMA})
#: The backends importable here: jsonschema-rs has no wheel for Python 3.9 (host/pyproject.toml).
HERE = [backend for backend in BACKENDS if find_spec(backend.replace("-", "_")) is not None]
both_backends = pytest.mark.skipif(len(HERE) < 2, reason=f"only {HERE} installed: nothing to compare")

text = st.text(max_size=12)
json_scalars = st.none() | st.booleans() | st.integers() | text
attributes = st.lists(
    st.fixed_dictionaries(
        {
            "hpa-attribute-key": st.sampled_from(["pciCount", "numaNodes", "", "bad key"]) | json_scalars,
            "hpa-attribute-value": st.sampled_from(['{"value":"2"}', '{"value":"2","unit":"MB"}', "x"]) | json_scalars,
        },
        optional={"extra": json_scalars},
    ),
    max_size=3,
)
records = st.lists(
    st.fixed_dictionaries(
        {
            "hpa-capability-id": st.sampled_from(["6f1d2a8e-4c1b-5b0e-9a57-0c3d7e6b9f21", ""]) | json_scalars,
            "hpa-feature": st.sampled_from(["numa", "sriovNICNetwork", "1bad"]) | json_scalars,
            "architecture": st.sampled_from(["generic", "Intel64", "intel", " "]) | json_scalars,
            "hpa-version": st.sampled_from(["v1", "1"]) | json_scalars,
            "hpa-feature-attributes": attributes | json_scalars,
        },
        optional={"resource-version": json_scalars},
    ),
    max_size=3,
)


@pytest.mark.parametrize("backend", HERE)
@settings(max_examples=300, deadline=None)
@given(records)
def test_schema_verdict_matches_the_reference_validator(backend: str, candidate: list[dict[str, Any]]) -> None:
    problem = check_records(candidate, backend=backend)
    if not REFERENCE.is_valid(candidate):
        assert problem is not None
        assert problem[0] == "invalid-output"


def test_size_is_counted_in_bytes_of_compact_utf8_json() -> None:
    record = {"hpa-feature": "é"}
    assert compact_size([record]) == len('[{"hpa-feature":"é"}]'.encode())
    assert MAX_BYTES == 1500


def test_the_host_uses_jsonschema_rs_where_it_is_installed() -> None:
    assert HERE[0] == BACKEND


# -- one corpus, both backends ------------------------------------------------------------------------------

ID = "6f1d2a8e-4c1b-5b0e-9a57-0c3d7e6b9f21"
GOOD: dict[str, Any] = {
    "hpa-capability-id": ID,
    "hpa-feature": "numa",
    "architecture": "generic",
    "hpa-version": "v1",
    "hpa-feature-attributes": [
        {"hpa-attribute-key": "numaNodes", "hpa-attribute-value": '{"value":"2"}'},
        {"hpa-attribute-key": "numaMem-0", "hpa-attribute-value": '{"value":"2048","unit":"MB"}'},
    ],
}
ATTRIBUTES = GOOD["hpa-feature-attributes"]


class StrSubclass(str):
    __slots__ = ()


class TupleSubclass(tuple):  # type: ignore[type-arg]
    pass


class ListSubclass(list):  # type: ignore[type-arg]
    pass


class DictSubclass(dict):  # type: ignore[type-arg]
    pass


class Feature(enum.Enum):
    NUMA = "numa"
    NUMBER = 2


class StrFeature(str, enum.Enum):  # noqa: UP042 - what 3.9 has (no StrEnum)
    NUMA = "numa"


class Count(enum.IntEnum):
    TWO = 2


def _with(**fields: Any) -> list[Any]:
    return [{**GOOD, **{key.replace("_", "-"): value for key, value in fields.items()}}]


def _attribute(key: Any = "numaNodes", value: Any = '{"value":"2"}') -> list[Any]:
    return _with(hpa_feature_attributes=[{"hpa-attribute-key": key, "hpa-attribute-value": value}])


#: name -> (records, verdict): None (accepted), a fault kind, or the exception check_records raises.
CORPUS: dict[str, tuple[Any, Any]] = {
    "accepted": ([GOOD], None),
    "two features": ([GOOD, {**GOOD, "hpa-feature": "cpuPinning"}], None),
    "no records": ([], None),
    "architecture with dots": (_with(architecture="x86_64.v2"), None),
    "astral id of 64 characters": (_with(hpa_capability_id="\U0001f600" * 64), None),
    "astral id of 65 characters": (_with(hpa_capability_id="\U0001f600" * 65), "invalid-output"),
    "missing field": ([{k: v for k, v in GOOD.items() if k != "architecture"}], "invalid-output"),
    "extra field": (_with(resource_version="1"), "invalid-output"),
    "no attributes": (_with(hpa_feature_attributes=[]), "invalid-output"),
    "feature starting with a digit": (_with(hpa_feature="1numa"), "invalid-output"),
    "feature ending with a newline": (_with(hpa_feature="numa\n"), "invalid-output"),
    "version ending with a newline": (_with(hpa_version="v1\n"), "invalid-output"),
    "architecture ending with a newline": (_with(architecture="generic\n"), "invalid-output"),
    "attribute key ending with a newline": (_attribute(key="numaNodes\n"), "invalid-output"),
    "feature with a newline inside": (_with(hpa_feature="nu\nma"), "invalid-output"),
    "version with an Arabic-Indic digit": (_with(hpa_version="v\u0661"), "invalid-output"),
    "feature with a non-ASCII letter": (_with(hpa_feature="numé"), "invalid-output"),
    "value too short": (_attribute(value="x"), "invalid-output"),
    "value not JSON": (_attribute(value="xx"), "invalid-output"),
    "value without value": (_attribute(value='{"unit":"MB"}'), "invalid-output"),
    "value with a number": (_attribute(value='{"value":2}'), "invalid-output"),
    "value with an unknown unit": (_attribute(value='{"value":"2","unit":"TB"}'), "invalid-output"),
    "repeated attribute key": (_with(hpa_feature_attributes=[ATTRIBUTES[0], ATTRIBUTES[0]]), "invalid-output"),
    "oversize": (
        _with(
            hpa_feature_attributes=[
                {"hpa-attribute-key": f"k{i}", "hpa-attribute-value": '{"value":"2"}'} for i in range(60)
            ]
        ),
        "oversize",
    ),
    # Python objects: read the way jsonschema-rs reads them, by both.
    "attributes as a tuple": (_with(hpa_feature_attributes=tuple(ATTRIBUTES)), None),
    "records as a tuple": ((GOOD,), None),
    "attributes as a list subclass": (_with(hpa_feature_attributes=ListSubclass(ATTRIBUTES)), None),
    "record as a dict subclass": ([DictSubclass(GOOD)], None),
    "record as an OrderedDict": ([collections.OrderedDict(GOOD)], None),
    "record as a defaultdict": ([collections.defaultdict(list, GOOD)], None),
    "feature as a str Enum": (_with(hpa_feature=StrFeature.NUMA), None),
    "feature as an Enum of a str": (_with(hpa_feature=Feature.NUMA), None),
    "feature as an Enum of an int": (_with(hpa_feature=Feature.NUMBER), "invalid-output"),
    "feature as an IntEnum": (_with(hpa_feature=Count.TWO), "invalid-output"),
    "attribute key as a str Enum key": (
        _with(hpa_feature_attributes=[{StrFeature.NUMA: "x", **ATTRIBUTES[0]}]),
        "invalid-output",
    ),
    "feature as a str subclass": (_with(hpa_feature=StrSubclass("numa")), "invalid-output"),
    "attributes as a tuple subclass": (_with(hpa_feature_attributes=TupleSubclass(ATTRIBUTES)), "invalid-output"),
    "attributes as a mapping proxy": (
        _with(hpa_feature_attributes=[types.MappingProxyType(ATTRIBUTES[0])]),
        "invalid-output",
    ),
    "attributes as a set": (_with(hpa_feature_attributes=set()), "invalid-output"),
    "attributes as a range": (_with(hpa_feature_attributes=range(2)), "invalid-output"),
    "a str subclass key": ([{StrSubclass("x"): "y", **GOOD}], "invalid-output"),
    "an int key": ([{1: "x", **GOOD}], "invalid-output"),
    "a None key": ([{None: "x", **GOOD}], "invalid-output"),
    "feature as bytes": (_with(hpa_feature=b"numa"), "invalid-output"),
    "feature as a Decimal": (_with(hpa_feature=decimal.Decimal(1)), "invalid-output"),
    "feature as NaN": (_with(hpa_feature=float("nan")), "invalid-output"),
    "feature as True": (_with(hpa_feature=True), "invalid-output"),
    "feature as an integer beyond 64 bits": (_with(hpa_feature=2**70), "invalid-output"),
    "feature with a lone surrogate": (_with(hpa_feature="numa\ud800"), "invalid-output"),
    "id with a lone surrogate": (_with(hpa_capability_id="\ud800" * 2), "invalid-output"),
    "value with a lone surrogate": (_attribute(value='{"value":"\ud800"}'), "invalid-output"),
    "record None": ([None], "invalid-output"),
    "deep nesting in an extra field": ([{**GOOD, "x": json.loads("[" * 400 + "]" * 400)}], "invalid-output"),
    "value as an Enum of a str": (_attribute(value=Feature.NUMA), "invalid-output"),
}


def _verdict(records: Any, backend: str) -> Any:
    try:
        problem = check_records(records, backend=backend)
    except Exception as error:  # noqa: BLE001 - what a backend raises is part of its verdict
        return type(error)
    return None if problem is None else problem[0]


@pytest.mark.parametrize("backend", HERE)
@pytest.mark.parametrize("name", CORPUS)
def test_the_corpus_verdicts(backend: str, name: str) -> None:
    candidate, expected = CORPUS[name]
    assert _verdict(candidate, backend) == expected


@both_backends
@pytest.mark.parametrize("name", CORPUS)
def test_both_backends_give_the_same_verdict(name: str) -> None:
    verdicts = {backend: _verdict(CORPUS[name][0], backend) for backend in BACKENDS}
    assert len(set(verdicts.values())) == 1, verdicts


odd = st.sampled_from(
    [
        StrSubclass("numa"),
        StrFeature.NUMA,
        Feature.NUMA,
        Feature.NUMBER,
        Count.TWO,
        b"numa",
        decimal.Decimal("1.5"),
        float("nan"),
        2**70,
        "numa\n",
        "v1\n",
        "numa\ud800",
        "generic\n",
        (),
        TupleSubclass(),
        set(),
    ]
)
odd_attributes = st.lists(
    st.fixed_dictionaries(
        {
            "hpa-attribute-key": st.sampled_from(["numaNodes", "numaNodes\n", StrFeature.NUMA]) | odd,
            "hpa-attribute-value": st.sampled_from(['{"value":"2"}', "x"]) | odd,
        }
    ),
    max_size=2,
).flatmap(lambda items: st.sampled_from([items, tuple(items), ListSubclass(items), TupleSubclass(items)]))
odd_records = st.lists(
    st.fixed_dictionaries(
        {
            "hpa-capability-id": st.just(ID) | odd,
            "hpa-feature": st.sampled_from(["numa", "numa\n"]) | odd,
            "architecture": st.just("generic") | odd,
            "hpa-version": st.sampled_from(["v1", "v1\n"]) | odd,
            "hpa-feature-attributes": odd_attributes | odd,
        }
    ).flatmap(lambda record: st.sampled_from([record, DictSubclass(record)])),
    max_size=2,
)


@both_backends
@settings(max_examples=400, deadline=None)
@given(records | odd_records)
def test_both_backends_agree_on_generated_records(candidate: list[Any]) -> None:
    verdicts = {backend: _verdict(candidate, backend) for backend in BACKENDS}
    assert len(set(verdicts.values())) == 1, verdicts
