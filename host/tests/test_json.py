"""The json-module stand-in for orjson (Python 3.9 has no orjson, host/pyproject.toml) writes the same bytes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onap_hpa_host import _json

orjson = pytest.importorskip("orjson", reason="orjson is not installed here (Python 3.9): nothing to compare")
STAND_IN = _json._JsonModule()

# What the host writes: strings (every escape), 64-bit integers, booleans, null, arrays, objects.
scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text()
documents = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=40)


@settings(max_examples=500, deadline=None)
@given(documents)
def test_the_same_bytes_as_orjson(document: Any) -> None:
    assert STAND_IN.dumps(document) == orjson.dumps(document)
    assert STAND_IN.dumps(document, option=STAND_IN.OPT_INDENT_2) == orjson.dumps(document, option=orjson.OPT_INDENT_2)
    assert STAND_IN.loads(orjson.dumps(document)) == document


def test_escapes_and_non_ascii_as_orjson_writes_them() -> None:
    document = {"k\u00e9": ['\x00\x1f\x7f\u2028"\\/\b\t\n\f\r', "\U0001f600", (1, 2)]}
    assert STAND_IN.dumps(document) == orjson.dumps(document)


@pytest.mark.parametrize("raw", [b"NaN", b"[Infinity]", b"\xff", b"{", b"\xef\xbb\xbf{}", ""])
def test_what_orjson_refuses_to_read_the_stand_in_refuses(raw: bytes | str) -> None:
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(raw)
    with pytest.raises(STAND_IN.JSONDecodeError):
        STAND_IN.loads(raw)


@pytest.mark.parametrize("value", [float("nan"), {1, 2}, b"x", object(), "\ud800"])
def test_what_json_cannot_hold_raises_an_error_the_host_catches(value: Any) -> None:
    # orjson writes NaN as null; the stand-in refuses it (ValueError), as it refuses circular data.
    with pytest.raises((TypeError, ValueError)):
        STAND_IN.dumps([value])


def test_the_module_uses_orjson_when_it_is_installed() -> None:
    assert _json.orjson is orjson
    assert _json.compact_json is orjson.dumps
    assert isinstance(STAND_IN.loads(b'{"a":[1]}'), dict)
    assert json.loads(STAND_IN.dumps({"a": "é"}).decode()) == {"a": "é"}
