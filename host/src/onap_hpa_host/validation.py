"""Checks on one driver's result for one flavor: AAI schema, decoded attribute values, size.

The schema (``schemas/hpa-capability.schema.json``, printed by ``onap-hpa schema``) is compiled
once, lazily, with jsonschema-rs: measured on the dev machine, the pure-Python ``jsonschema`` took
~690 us to validate seven records and jsonschema-rs ~5 us, against a 50 us budget per flavor.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Final

import orjson

from onap_hpa.budget import MAX_BYTES  # the cap, defined once for drivers and host
from onap_hpa.capability import UNITS

__all__ = ["MAX_BYTES", "SCHEMA_RESOURCE", "Problem", "check_records", "compact_json", "compact_size", "schema_text"]

SCHEMA_RESOURCE: Final = "contract/schemas/hpa-capability.schema.json"

#: (fault kind, reason) for a result the host refuses.
Problem = tuple[str, str]

#: Compact UTF-8 JSON bytes, as the size cap counts them. orjson: ~0.3 us for a record where the
#: json module takes ~3.7 us on the dev machine, and this runs once per driver per flavor.
compact_json = orjson.dumps


def schema_text() -> str:
    """The JSON Schema of one accepted ``hpa-capability`` record."""
    return files("onap_hpa").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@cache
def _validator() -> Any:
    import jsonschema_rs  # imported on first validation: `onap-hpa drivers` does not pay for it

    schema = json.loads(schema_text())
    return jsonschema_rs.validator_for({"type": "array", "items": schema})


def compact_size(records: Any) -> int:
    """Bytes of ``records`` as compact UTF-8 JSON, as the cap counts them."""
    return len(compact_json(records))


@lru_cache(maxsize=4096)
def _value_problem(text: str) -> str | None:
    # Values repeat across flavors ('{"value":"2"}'): decode each distinct one once.
    try:
        decoded = json.loads(text)
    except ValueError:
        return "is not JSON"
    if not isinstance(decoded, dict):
        return f"decodes to a JSON {type(decoded).__name__}, not an object (OOF would raise)"
    value = decoded.get("value")
    if not isinstance(value, str):
        return f'has "value" {value!r}; OOF needs a string'
    extra = decoded.keys() - {"value", "unit"}
    if extra:
        return f"has unexpected keys {sorted(extra)}; only value and unit are read"
    if "unit" in decoded and decoded["unit"] not in UNITS:
        return f'has "unit" {decoded["unit"]!r}; expected one of {sorted(UNITS)}'
    return None


def check_records(records: list[dict[str, Any]]) -> Problem | None:
    """Problem with one driver's id'd records for one flavor, or ``None`` when AAI-ready.

    Checks, in order: the AAI schema; every ``hpa-attribute-value`` decodes to an object with a
    string ``value`` and an OOF unit; attribute keys unique within a record; at most
    :data:`MAX_BYTES` of compact JSON.
    """
    validator = _validator()
    try:
        valid = validator.is_valid(records)
    except (TypeError, ValueError, OverflowError) as error:  # objects JSON cannot hold
        return "invalid-output", f"result is not JSON data: {error}"
    if not valid:
        error = next(iter(validator.iter_errors(records)))
        where = "/".join(str(part) for part in error.instance_path) or "result"
        return "invalid-output", f"{where}: {error.message}"
    for index, record in enumerate(records):
        attributes = record["hpa-feature-attributes"]
        keys = {attr["hpa-attribute-key"] for attr in attributes}
        if len(keys) != len(attributes):
            return "invalid-output", f"{index}: {record['hpa-feature']} repeats an hpa-attribute-key"
        for attr in attributes:
            problem = _value_problem(attr["hpa-attribute-value"])
            if problem:
                key = attr["hpa-attribute-key"]
                return "invalid-output", f"{index}: {record['hpa-feature']} attribute {key!r} value {problem}"
    size = compact_size(records)
    if size > MAX_BYTES:
        return "oversize", f"{size} bytes of compact JSON, more than the {MAX_BYTES}-byte cap per driver per flavor"
    return None
