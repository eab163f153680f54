"""Checks on one driver's result for one flavor: AAI schema, decoded attribute values, size.

The schema (``schemas/hpa-capability.schema.json``, printed by ``onap-hpa schema``) is compiled once,
lazily, by :data:`BACKEND`, picked at import: jsonschema-rs where its wheel is installed (CPython >= 3.10
on x86_64, see ``host/pyproject.toml``), else the pure-Python ``jsonschema``. Measured on the dev machine,
``jsonschema`` took ~690 us to validate seven records and jsonschema-rs ~5 us, against a 50 us budget per
flavor. Both give the same verdicts (``host/tests/test_validation.py`` runs one corpus through both): the
fallback reads Python objects the way jsonschema-rs does (:func:`_as_json`) and anchors ``pattern`` at the
very end of the string, as ECMA-262's ``$`` does (Python's ``$`` also matches before a final newline).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from importlib.resources import files
from importlib.util import find_spec
from typing import Any, Final

from onap_hpa.budget import MAX_BYTES  # the cap, defined once for drivers and host
from onap_hpa.capability import UNITS
from onap_hpa_host._json import compact_json

__all__ = [
    "BACKEND",
    "BACKENDS",
    "MAX_BYTES",
    "SCHEMA_RESOURCE",
    "Problem",
    "check_records",
    "compact_json",
    "compact_size",
    "schema_text",
]

SCHEMA_RESOURCE: Final = "contract/schemas/hpa-capability.schema.json"
#: The JSON Schema validators the host can use, fastest first.
BACKENDS: Final = ("jsonschema-rs", "jsonschema")
#: The one this host uses: jsonschema-rs where it is installed (imported on first validation, so
#: ``onap-hpa drivers`` does not pay for it).
BACKEND: Final = BACKENDS[0] if find_spec("jsonschema_rs") is not None else BACKENDS[1]

#: (fault kind, reason) for a result the host refuses.
Problem = tuple[str, str]


def schema_text() -> str:
    """The JSON Schema of one accepted ``hpa-capability`` record."""
    return files("onap_hpa").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@cache
def _validator(backend: str) -> Any:
    schema = {"type": "array", "items": json.loads(schema_text())}
    if backend == "jsonschema-rs":
        try:
            import jsonschema_rs
        except ImportError as error:  # not installed here (host/pyproject.toml): BACKEND is "jsonschema"
            message = f"jsonschema-rs is not installed; this host validates with {BACKEND}"
            raise ValueError(message) from error
        return jsonschema_rs.validator_for(schema)
    if backend == "jsonschema":
        return _PythonValidator(schema)
    message = f"unknown JSON Schema backend {backend!r}; expected one of {BACKENDS}"
    raise ValueError(message)


class _PythonValidator:
    """jsonschema's validator with jsonschema-rs's reading of Python objects and of ``pattern``."""

    def __init__(self, schema: dict[str, Any]) -> None:
        from jsonschema import validators

        self._patterns: dict[str, str] = {}  # end-anchored -> as the schema spells it, for messages
        schema = self._end_anchored(schema)
        self._validator = validators.validator_for(schema)(schema)

    def is_valid(self, instance: Any) -> bool:
        return bool(self._validator.is_valid(_as_json(instance)))

    def iter_errors(self, instance: Any) -> Any:
        for error in self._validator.iter_errors(_as_json(instance)):
            error.instance_path = list(error.absolute_path)
            if error.validator == "pattern" and error.validator_value in self._patterns:
                error.message = f"{error.instance!r} does not match {self._patterns[error.validator_value]!r}"
            yield error

    def _end_anchored(self, schema: Any) -> Any:
        # ECMA-262 (jsonschema-rs): `$` is the end of the string. Python's `$` also matches before a final
        # newline, `\Z` does not.
        if isinstance(schema, dict):
            return {
                key: self._pattern(value) if key == "pattern" else self._end_anchored(value)
                for key, value in schema.items()
            }
        if isinstance(schema, list):
            return [self._end_anchored(item) for item in schema]
        return schema

    def _pattern(self, pattern: Any) -> Any:
        if not isinstance(pattern, str):
            return pattern
        anchored = re.sub(r"(?<!\\)\$$", r"\\Z", pattern)
        self._patterns[anchored] = pattern
        return anchored


#: jsonschema-rs's nesting limit when it reads a Python object.
_DEPTH_LIMIT: Final = 255


def _as_json(value: Any, depth: int = 0) -> Any:
    """``value`` as plain JSON data, read as jsonschema-rs reads Python objects; ``ValueError`` where it raises.

    Exact str, int, float, bool, None and Decimal; dicts (subclasses too) with str or str-Enum keys; lists
    (subclasses too) and exact tuples as arrays; Enum members as their value. Not str, int or float
    subclasses, not tuple subclasses, not other mappings or sequences, not lone surrogates.
    """
    kind = type(value)
    if kind is str:
        value.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate, as jsonschema-rs
        return value
    if value is None or kind is bool or kind is int or kind is float or kind is Decimal:
        return value
    if depth >= _DEPTH_LIMIT:
        message = "Recursion limit reached"
        raise ValueError(message)
    if isinstance(value, dict):
        return {_as_key(key): _as_json(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list) or kind is tuple:
        return [_as_json(item, depth + 1) for item in value]
    if isinstance(value, Enum):
        return _as_json(value.value, depth + 1)
    message = f"Unsupported type: {kind.__name__!r}"
    raise ValueError(message)


def _as_key(key: Any) -> str:
    if type(key) is str:
        key.encode("utf-8")
        return key
    if isinstance(key, str) and isinstance(key, Enum):
        return _as_key(key.value)
    message = f"Dict key must be str or str enum. Got {type(key).__name__!r}"
    raise ValueError(message)


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


def check_records(records: list[dict[str, Any]], *, backend: str = BACKEND) -> Problem | None:
    """Problem with one driver's id'd records for one flavor, or ``None`` when AAI-ready.

    Checks, in order: the AAI schema (with ``backend``, one of :data:`BACKENDS`); every
    ``hpa-attribute-value`` decodes to an object with a string ``value`` and an OOF unit; attribute
    keys unique within a record; at most :data:`MAX_BYTES` of compact JSON. Never raises on what a
    driver returned: objects JSON cannot hold are an ``invalid-output`` problem, whichever check meets
    them first (that depends on the backend).
    """
    validator = _validator(backend)
    try:
        return _problem(records, validator)
    except (TypeError, ValueError, OverflowError, RecursionError) as error:  # objects JSON cannot hold
        return "invalid-output", f"result is not JSON data: {error}"


def _problem(records: list[dict[str, Any]], validator: Any) -> Problem | None:
    if not validator.is_valid(records):
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
