"""The compiled validator agrees with the reference implementation on the shipped schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from onap_hpa_host.validation import MAX_BYTES, check_records, compact_size, schema_text

SCHEMA = json.loads(schema_text())
REFERENCE = jsonschema.Draft202012Validator({"type": "array", "items": SCHEMA})

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


@settings(max_examples=300, deadline=None)
@given(records)
def test_schema_verdict_matches_the_reference_validator(candidate: list[dict[str, Any]]) -> None:
    problem = check_records(candidate)
    if not REFERENCE.is_valid(candidate):
        assert problem is not None
        assert problem[0] == "invalid-output"


def test_size_is_counted_in_bytes_of_compact_utf8_json() -> None:
    record = {"hpa-feature": "é"}
    assert compact_size([record]) == len('[{"hpa-feature":"é"}]'.encode())
    assert MAX_BYTES == 1500
