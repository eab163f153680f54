"""Shared test vectors (``contract/vectors/``): what Python computes, pinned for every implementation.

Each vector file holds inputs and the outputs the Python SDK and host produce for them; ``go test``
in ``go/`` reads the same files and must produce the same bytes. This test fails when Python's
behaviour drifts from the committed files. After an intended change, regenerate them and let the Go
tests say what to port::

    ONAP_HPA_REGEN_VECTORS=1 pytest sdk/tests/test_vectors.py

The inputs are the hard cases between the two languages: Python's ``len`` counts code points where Go's
counts bytes (ids), ``quote(safe="")`` matches neither of Go's URL escapers, Go's JSON encoder escapes
``<>&`` and U+2028/U+2029 where orjson does not, Python's ``int()`` reads Unicode digits, whitespace
and underscores, and a regular expression's ``$`` may match before a final newline.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import ExtraSpecError
from onap_hpa.capability import attribute_value
from onap_hpa.extra_specs import parse_count
from onap_hpa.ids import NAMESPACE, capability_id, capability_url, flavor_url

VECTORS = Path(__file__).resolve().parents[2] / "contract" / "vectors"
CONTRACT = VECTORS.parent
REGEN = os.environ.get("ONAP_HPA_REGEN_VECTORS") == "1"
GENERATED_BY = "sdk/tests/test_vectors.py (ONAP_HPA_REGEN_VECTORS=1 pytest sdk/tests/test_vectors.py)"

# Owners, regions and flavor ids where code points and UTF-8 bytes differ, or that need escaping.
_KEYS = [
    "CloudOwner",
    "RegionOne",
    "onap.large",
    "onap large.v2",
    "ds1.large",
    "propriétaire",
    "東京-リージョン",
    "région 😀",
    "e\u0301",  # e + combining acute: two code points, three bytes
    "a/b?c#d%e&f=g+h",
    "~tilde_under-dash.dot",
    "semi;colon:at@comma,",
    "quote\"back\\slash'",
    "tab\tnew\nline",
    "<angle>",
    "\u2028\u2029",
    ".",
    "..",
    "...",
    "",
]


def _ids() -> dict[str, Any]:
    cases = []
    pairs = [(k, "RegionOne", "onap.large") for k in _KEYS if k]
    pairs += [("CloudOwner", k, "onap.large") for k in _KEYS if k]
    pairs += [("CloudOwner", "RegionOne", k) for k in _KEYS]
    pairs += [("ab", "c", "f"), ("a", "bc", "f"), ("é", "é", "é"), ("😀", "😀😀", "x😀")]
    for owner, region, flavor in pairs:
        for driver, feature, ordinal in [("sriov-nic", "sriovNICNetwork", 0), ("compute-pci", "pciePassthrough", 3)]:
            cases.append(
                {
                    "cloud_owner": owner,
                    "cloud_region_id": region,
                    "flavor_id": flavor,
                    "driver": driver,
                    "feature": feature,
                    "ordinal": ordinal,
                    "id": capability_id(owner, region, flavor, driver, feature, ordinal),
                }
            )
    for driver, feature in [("drïver", "feätureX"), ("d", "f" * 64), ("k8s-gpu", "pciePassthrough")]:
        for ordinal in (0, 1, 10, 123456):
            case = {"cloud_owner": "O", "cloud_region_id": "R", "flavor_id": "F", "driver": driver}
            case |= {"feature": feature, "ordinal": ordinal}
            case["id"] = capability_id("O", "R", "F", driver, feature, ordinal)
            cases.append(case)
    return {
        "description": (
            "hpa-capability-id: uuid5(namespace, name) with name = the length-prefixed fields "
            "'<len>:<owner><len>:<region><len>:<flavor><len>:<driver><len>:<feature><ordinal>', <len> the "
            "number of Unicode code points (Python len), the name UTF-8 encoded"
        ),
        "namespace": str(NAMESPACE),
        "cases": cases,
    }


def _urls() -> dict[str, Any]:
    cases = []
    for key in [k for k in _KEYS if k]:
        for owner, region, flavor in [(key, "R", "F"), ("O", key, "F"), ("O", "R", key)]:
            cap = capability_id(owner, region, flavor, "sriov-nic", "sriovNICNetwork", 0)
            cases.append(
                {
                    "cloud_owner": owner,
                    "cloud_region_id": region,
                    "flavor_id": flavor,
                    "capability_id": cap,
                    "flavor_url": flavor_url(owner, region, flavor),
                    "capability_url": capability_url(owner, region, flavor, cap),
                }
            )
    # A capability id is a host uuid in practice, but the escaping is the same for any key.
    for key in [k for k in _KEYS if k]:
        cases.append(
            {
                "cloud_owner": "O",
                "cloud_region_id": "R",
                "flavor_id": "F",
                "capability_id": key,
                "flavor_url": flavor_url("O", "R", "F"),
                "capability_url": capability_url("O", "R", "F", key),
            }
        )
    return {
        "description": (
            "AAI paths relative to the AAI base: every path key percent-encoded except RFC 3986 unreserved "
            "characters (Python quote(value, safe='') on UTF-8, upper-case hex)"
        ),
        "cases": cases,
    }


def _canonical_json() -> dict[str, Any]:
    import orjson

    values: list[tuple[str, Any]] = [
        ("record", {"hpa-capability-id": "b15b88c5-70b8-542d-bdca-30026927d521", "hpa-feature": "numa"}),
        ("html characters stay raw", {"a": "<b>&</b>", "<k>": ">"}),
        ("line and paragraph separators stay raw", ["\u2028", "\u2029"]),
        ("non-ASCII stays raw UTF-8", {"propriétaire": "東京 😀"}),
        ("control characters", "".join(chr(i) for i in range(0x20)) + "\x7f"),
        ("quotes and backslashes", 'say "hi" \\ /'),
        ("escaped attribute value inside a record", {"hpa-attribute-value": '{"value":"2","unit":"MB"}'}),
        ("integers and literals", [0, -1, 2147483647, 9007199254740993, True, False, None]),
        ("empty containers", {"a": [], "b": {}, "": ""}),
        ("key order is kept", {"z": 1, "a": 2, "m": {"y": [], "b": None}}),
        ("nesting", [[[["deep"]]], {"x": [{"y": {"z": "w"}}]}]),
    ]
    cases = []
    for name, value in values:
        compact = orjson.dumps(value)
        assert compact == json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
        cases.append({"name": name, "value": value, "compact": compact.decode(), "bytes": len(compact)})
    return {
        "description": (
            "The compact JSON the 1500-byte cap counts: orjson.dumps / json.dumps(separators=(',', ':'), "
            "ensure_ascii=False): object key order kept, no whitespace, UTF-8 raw (no \\u escapes for "
            "non-ASCII, <, >, &, U+2028, U+2029, U+007F), control characters as \\b \\t \\n \\f \\r or "
            "\\u00XX (lower-case hex), integers only"
        ),
        "cases": cases,
    }


def _attribute_values() -> dict[str, Any]:
    inputs: list[tuple[str | int, str | None]] = [
        ("2", None),
        (2048, "MB"),
        ("4", "KB"),
        (1, "GB"),
        (0, None),
        (10**30, None),
        ("154C", None),
        ("physnet-1", None),
        ('quo"te', None),
        ("back\\slash", None),
        ("ctl\x00\x01\x08\t\n\x0b\x0c\r\x1f\x7f", None),
        ("é東京", None),
        ("😀", None),
        ("\u2028\u2029", None),
        ("<>&'", None),
        ("", None),
    ]
    cases = [{"value": value, "unit": unit, "encoded": attribute_value(value, unit)} for value, unit in inputs]
    return {
        "description": (
            "hpa-attribute-value strings as onap_hpa.capability.attribute_value builds them: "
            '\'{"value":<string>}\' or \'{"value":<string>,"unit":"<unit>"}\', the string ASCII-only '
            "(json.encoder.encode_basestring_ascii: non-ASCII and U+007F as \\uXXXX with lower-case hex, "
            "surrogate pairs above U+FFFF); an integer value is written as its decimal string"
        ),
        "cases": cases,
    }


_COUNT_INPUTS = [
    "2",
    " 2",
    "2 ",
    "\t3\n",
    "+2",
    "02",
    "0001",
    "+0",
    "0",
    "-1",
    "-0",
    "2.0",
    "2e0",
    "0x2",
    "\u00b2",  # SUPERSCRIPT TWO: a digit, not decimal
    "",
    " ",
    "+",
    "+ 1",
    "- 1",
    "1 2",
    "1_0",
    "1__0",
    "_1",
    "1_",
    "+_1",
    "\u0662",  # ARABIC-INDIC DIGIT TWO
    "\uff12",  # FULLWIDTH DIGIT TWO
    "\u0661\u0662\u0663",
    "\U0001d7d0",  # MATHEMATICAL BOLD DIGIT TWO
    "\u00a03\u3000",
    "\x1c3\x1f",
    "\u200b3",
    "\ufeff3",
    "\x853",
    "99999999999999999999999",
    "1" * 255,
    "\u0661_\u0662",
    "\u2163",  # ROMAN NUMERAL FOUR: numeric, not decimal
    "\u09ea",  # BENGALI DIGIT FOUR
]


def _counts() -> dict[str, Any]:
    cases = []
    for value in _COUNT_INPUTS:
        for minimum in (1, 0):
            try:
                cases.append(
                    {"value": value, "minimum": minimum, "count": str(parse_count("f", "k", value, minimum=minimum))}
                )
            except ExtraSpecError:
                cases.append({"value": value, "minimum": minimum, "error": True})
    digits = [
        [code, unicodedata.decimal(chr(code))]
        for code in range(sys.maxunicode + 1)
        if unicodedata.decimal(chr(code), None) is not None
    ]
    spaces = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    return {
        "description": (
            "extra_spec counts as onap_hpa.extra_specs.parse_count reads them: Python int() (surrounding "
            "whitespace, one sign, leading zeros, single underscores between digits, any Unicode decimal "
            "digit), at least 'minimum'; 'count' is the canonical decimal string. 'digits' lists every code "
            "point Python reads as a decimal digit and its value, 'spaces' every code point str.isspace() "
            "accepts, for Unicode " + unicodedata.unidata_version
        ),
        "unicode": unicodedata.unidata_version,
        "cases": cases,
        "digits": digits,
        "spaces": spaces,
    }


_RECORD = {
    "hpa-capability-id": "b15b88c5-70b8-542d-bdca-30026927d521",
    "hpa-feature": "sriovNICNetwork",
    "architecture": "intel",
    "hpa-version": "v1",
    "hpa-feature-attributes": [{"hpa-attribute-key": "pciCount", "hpa-attribute-value": '{"value":"2"}'}],
}


_NODE = {
    "labels": {"feature.node.kubernetes.io/memory-numa": "true"},
    "annotations": {"a": ""},
    "capacity": {"cpu": "8"},
    "allocatable": {"cpu": "7", "memory": "31087Mi"},
    "features": {"memory.numa": {"is_numa": "true", "node_count": "2"}, "empty.set": {}},
}


def _record(**changes: Any) -> dict[str, Any]:
    record = json.loads(json.dumps(_RECORD))
    for key, value in changes.items():
        if value is None:
            record.pop(key)
        else:
            record[key] = value
    return record


def _attr(key: str = "pciCount", value: str = '{"value":"2"}') -> list[dict[str, str]]:
    return [{"hpa-attribute-key": key, "hpa-attribute-value": value}]


def _shared_vim(message: dict[str, Any], *, keep: bool = True) -> dict[str, Any]:
    """``message`` with its requests' VIM view moved to the batch (protocol 2), or dropped (``keep=False``)."""
    requests = [{key: value for key, value in request.items() if key != "vim"} for request in message["requests"]]
    shared = {"type": "batch", "requests": requests}
    if keep:
        shared["vim"] = message["requests"][0]["vim"]
    return shared


def _schema_cases() -> list[tuple[str, str, Any]]:
    cap = "schemas/hpa-capability.schema.json"
    host = "schemas/protocol/host-message.schema.json"
    worker = "schemas/protocol/worker-message.schema.json"
    hello = {"type": "hello", "protocol": "1", "driver": {"name": "sriov-nic", "version": "1", "contract": "1.1"}}
    hello["driver"]["features"] = ["sriovNICNetwork"]
    request = {
        "id": "1",
        "flavor": {
            "id": "f",
            "name": "onap.f",
            "vcpus": 1,
            "ram": 1,
            "disk": 0,
            "ephemeral": 0,
            "swap": 0,
            "swap_raw": "",
            "is_public": True,
            "disabled": False,
            "selflink": "http://0.0.0.0",
        },
        "extra_specs": {},
        "vim": {
            "cloud_owner": "O",
            "cloud_region_id": "R",
            "vim_type": "openstack",
            "version": "",
            "name": "",
            "cloud_extra_info": None,
            "cloud_extra_info_error": None,
        },
    }

    def batch(**changes: Any) -> dict[str, Any]:
        req = json.loads(json.dumps(request))
        for path, value in changes.items():
            target = req
            *parents, last = path.split("__")
            for parent in parents:
                target = target[parent]
            target[last] = value
        return {"type": "batch", "requests": [req]}

    def driver(**changes: Any) -> dict[str, Any]:
        message = json.loads(json.dumps(hello))
        message["driver"].update(changes)
        return message

    return [
        (cap, "a valid record", _record()),
        (cap, "hpa-version v1 with a final newline", _record(**{"hpa-version": "v1\n"})),
        (cap, "hpa-version v1000", _record(**{"hpa-version": "v1000"})),
        (cap, "hpa-version V1", _record(**{"hpa-version": "V1"})),
        (cap, "hpa-feature with a final newline", _record(**{"hpa-feature": "sriovNICNetwork\n"})),
        (cap, "hpa-feature with a leading newline", _record(**{"hpa-feature": "\nsriovNICNetwork"})),
        (cap, "architecture with a final newline", _record(architecture="intel\n")),
        (cap, "architecture non-ASCII letter", _record(architecture="intél")),
        (cap, "architecture 64 characters", _record(architecture="a" * 64)),
        (cap, "architecture 65 characters", _record(architecture="a" * 65)),
        (cap, "attribute key with a final newline", _record(**{"hpa-feature-attributes": _attr("pciCount\n")})),
        (cap, "attribute key with a dash and a dot", _record(**{"hpa-feature-attributes": _attr("a-b.c_d")})),
        (cap, "attribute value one character", _record(**{"hpa-feature-attributes": _attr(value="x")})),
        (cap, "no attributes", _record(**{"hpa-feature-attributes": []})),
        (cap, "no hpa-version", _record(**{"hpa-version": None})),
        (cap, "no id", _record(**{"hpa-capability-id": None})),
        (cap, "an unknown field", _record(extra="x")),
        (cap, "id of 64 non-ASCII code points (128 bytes)", _record(**{"hpa-capability-id": "é" * 64})),
        (cap, "id of 65 code points", _record(**{"hpa-capability-id": "é" * 65})),
        (cap, "id of 32 astral code points (128 bytes)", _record(**{"hpa-capability-id": "😀" * 32})),
        (
            cap,
            "a number as attribute value",
            _record(**{"hpa-feature-attributes": [{"hpa-attribute-key": "k", "hpa-attribute-value": 2}]}),
        ),
        (cap, "not an object", [_record()]),
        (host, "host hello", {"type": "hello", "protocols": ["1"]}),
        (host, "host hello protocol with a final newline", {"type": "hello", "protocols": ["1\n"]}),
        (host, "host hello without protocols", {"type": "hello", "protocols": []}),
        (host, "batch", batch()),
        (host, "batch with a node part", {**batch(), "requests": [{**request, "node": {"labels": {}}}]}),
        (host, "node part with every member", batch(node=_NODE)),
        (host, "node part with a member of a later minor", batch(node={**_NODE, "taints": [{"key": "k"}]})),
        (host, "node label not a string", batch(node={"labels": {"a": 1}})),
        (host, "node allocatable not an object", batch(node={"allocatable": ["cpu"]})),
        (host, "node feature set not an object", batch(node={"features": {"memory.numa": "2"}})),
        (host, "node feature element not a string", batch(node={"features": {"memory.numa": {"node_count": 2}}})),
        (host, "node part not an object", batch(node=[])),
        (host, "request id of 64 non-ASCII code points", batch(id="é" * 64)),
        (host, "request id of 65 code points", batch(id="é" * 65)),
        (host, "flavor ram past Nova's 32 bits", batch(flavor__ram=2**31)),
        (host, "flavor vcpus as a float", batch(flavor__vcpus=1.5)),
        (host, "extra_spec value of 255 code points", batch(extra_specs={"k": "é" * 255})),
        (host, "extra_spec value of 256 code points", batch(extra_specs={"k": "é" * 256})),
        (host, "extra_spec value not a string", batch(extra_specs={"k": 1})),
        (host, "empty cloud owner", batch(vim__cloud_owner="")),
        (host, "protocol 2 batch sharing its VIM view", _shared_vim(batch())),
        (host, "protocol 2 batch with a request keeping its own VIM view", {**_shared_vim(batch()), **batch()}),
        (host, "request without a VIM view in a batch without one", _shared_vim(batch(), keep=False)),
        (host, "protocol 2 batch VIM view with an empty owner", _shared_vim(batch(vim__cloud_owner=""))),
        (host, "unknown message type", {"type": "bye"}),
        (worker, "worker hello", hello),
        (worker, "driver name with a final newline", driver(name="sriov-nic\n")),
        (worker, "driver name upper case", driver(name="Sriov-nic")),
        (worker, "contract with a final newline", driver(contract="1.1\n")),
        (worker, "feature with a final newline", driver(features=["numa\n"])),
        (worker, "features repeated", driver(features=["numa", "numa"])),
        (worker, "result", {"type": "result", "id": "1", "records": [_record()], "errors": []}),
        (
            worker,
            "result with a bad-input error",
            {
                "type": "result",
                "id": "1",
                "records": [],
                "errors": [{"kind": "bad-input", "key": "k", "value": "v", "expected": "e", "message": "m"}],
            },
        ),
        (
            worker,
            "result with an error of no known kind",
            {"type": "result", "id": "1", "records": [], "errors": [{"kind": "oops", "message": "m"}]},
        ),
        (worker, "fatal", {"type": "fatal", "kind": "load-failed", "message": "m"}),
        (worker, "fatal of no known kind", {"type": "fatal", "kind": "bored", "message": "m"}),
        (worker, "message of 4001 characters", {"type": "fatal", "kind": "load-failed", "message": "x" * 4001}),
    ]


def _schemas() -> dict[str, Any]:
    import jsonschema_rs

    validators: dict[str, Any] = {}
    cases = []
    for path, name, instance in _schema_cases():
        if path not in validators:
            validators[path] = jsonschema_rs.validator_for(json.loads((CONTRACT / path).read_text()))
        cases.append({"schema": path, "name": name, "instance": instance, "valid": validators[path].is_valid(instance)})
    return {
        "description": (
            "Instances and whether the contract's JSON Schemas (paths relative to contract/) accept them, as "
            "jsonschema-rs (the Python host's validator) decides; patterns are ECMA-262 ('$' only at the very "
            "end), lengths count code points"
        ),
        "cases": cases,
    }


GENERATORS = {
    "ids.json": _ids,
    "urls.json": _urls,
    "canonical-json.json": _canonical_json,
    "attribute-values.json": _attribute_values,
    "counts.json": _counts,
    "schemas.json": _schemas,
}


def _render(name: str) -> str:
    data = {"generated-by": GENERATED_BY, **GENERATORS[name]()}
    return json.dumps(data, indent=1, ensure_ascii=True) + "\n"


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_vector_file_is_what_python_computes(name: str) -> None:
    path = VECTORS / name
    text = _render(name)
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run ONAP_HPA_REGEN_VECTORS=1 pytest {__file__}"
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.name} differs from what Python computes now; if the change is intended, run "
        f"ONAP_HPA_REGEN_VECTORS=1 pytest sdk/tests/test_vectors.py, commit, and port it to go/ (go test says where)"
    )


def test_newline_before_end_is_refused_by_the_schema() -> None:
    # The one case Python's re would get wrong ($ matches before a final newline): the host's validator does not.
    cases = json.loads((VECTORS / "schemas.json").read_text())["cases"]
    by_name = {case["name"]: case["valid"] for case in cases}
    assert by_name["a valid record"] is True
    assert by_name["hpa-version v1 with a final newline"] is False
