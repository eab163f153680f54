"""The HPA feature catalogue: every ``hpa-feature`` ONAP knows, and the strict checks that use it.

``contract/catalogue.json`` (package data of ``onap_hpa``, printed by ``onap-hpa schema --catalogue``)
lists, per feature, its ``hpa-version``, its architecture rule, its cardinality (``one`` record per
flavor, or ``many``) and every attribute key: required or not, what the value string holds (an
``integer`` in canonical digits or a ``string``, with an optional minimum, enum, pattern or length) and
the units it may carry. OOF matches feature, architecture, version and keys exactly: a misspelt key is
a record no policy ever matches, silently. So the host refuses it here, naming the key.

A feature the catalogue lacks is declared by the driver that emits it, in the shape of one catalogue
entry (``contract/schemas/catalogue.schema.json``, ``$defs/feature``); :func:`declare` compiles such
declarations once, and :func:`check_catalogued` validates their records the same way.

Pure functions for the host's hot path (called per driver per distinct output):

* :func:`check_catalogued` -- ``None`` or ``("invalid-output", reason)`` for one driver's records of
  one flavor. Call it after :func:`onap_hpa_host.validation.check_records` (it assumes schema-valid
  records but never raises on others).
* :func:`conflicts` -- ``(driver, "conflict", reason)`` per driver when two drivers emit a one-per-flavor
  feature for the same flavor; :func:`without_conflicts` also drops those records. Both drivers lose
  that feature for the flavor: AAI would hold two records OOF reads in no defined order, and neither
  the host nor OOF can tell which is right. No record beats a wrong one: OOF then simply does not pick
  the flavor for a policy that needs the feature, and the alarm says why.

Per-feature lookup tables are built once; value, key and architecture verdicts are memoised (bounded),
so a record costs a few dict lookups (see ``benchmarks/test_bench_catalogue.py``).

Runs on Python 3.9 (the plugin images): no ``match``, no runtime ``X | Y``, no dataclass ``slots``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from typing import Any, Final

__all__ = [
    "CATALOGUE_RESOURCE",
    "CATALOGUE_SCHEMA_RESOURCE",
    "CONFLICT",
    "INVALID_OUTPUT",
    "AttributeSpec",
    "Catalogue",
    "CatalogueError",
    "Feature",
    "catalogue_schema_text",
    "catalogue_text",
    "check_catalogued",
    "conflicts",
    "declare",
    "load_catalogue",
    "without_conflicts",
]

CATALOGUE_RESOURCE: Final = "contract/catalogue.json"
CATALOGUE_SCHEMA_RESOURCE: Final = "contract/schemas/catalogue.schema.json"
#: Fault kinds this module returns.
INVALID_OUTPUT: Final = "invalid-output"
CONFLICT: Final = "conflict"
#: The units OOF converts (x1024 steps); any other is compared raw, so never allowed.
OOF_UNITS: Final = ("KB", "MB", "GB")
#: Bound of each memo table (values, keys, architectures): distinct entries seen by one feature.
_MEMO: Final = 4096
_TYPES: Final = ("integer", "string")
_CANONICAL_INTEGER: Final = re.compile(r"0|[1-9][0-9]*")
_AAI_KEY: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_FEATURE_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}")
_VERSION: Final = re.compile(r"v[0-9]{1,3}")
_ARCHITECTURE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SHOWN: Final = 60  # longest value quoted in a message

Record = Mapping[str, Any]
#: ``(fault kind, reason)``, as :mod:`onap_hpa_host.validation` returns.
Problem = tuple[str, str]
#: ``(driver, fault kind, reason)``.
DriverFault = tuple[str, str, str]


class CatalogueError(ValueError):
    """A catalogue entry, or a driver's feature declaration, that is not a valid feature description."""


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 4]}...{text[-1]}"


def _names(names: Iterable[str]) -> str:
    return "[" + ", ".join(repr(name) for name in names) + "]"


# -- the model -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute key of a feature (or a family of keys, ``key_pattern``) and what its value holds."""

    name: str  #: the key, or how a key family is shown (``numaCpu-<node>``)
    required: bool
    type: str  #: ``integer`` (canonical decimal digits) or ``string``
    units: tuple[str, ...] = ()  #: non-empty: a unit is required, one of these; empty: no unit
    key: str | None = None  #: the exact key, or None for a key family
    key_pattern: re.Pattern[str] | None = None
    minimum: int | None = None
    enum: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    min_length: int = 0
    max_length: int | None = None
    expected: str = ""  #: what a value must be, in words (used in messages)
    description: str = ""
    #: This key's bit in its feature's mask of required keys (0 when optional); set by the feature.
    bit: int = field(default=0, repr=False, compare=False)
    _verdicts: dict[str, str] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def value_problem(self, text: object) -> str | None:
        """Why ``text`` (an ``hpa-attribute-value``) is wrong for this key, or None. Memoised per text."""
        return self._verdict(text) or None

    def _verdict(self, text: object) -> str:
        """:meth:`value_problem`, ``""`` when fine; judged once per distinct text (bounded memo)."""
        verdict = self._judge(text)
        if type(text) is str:
            verdicts = self._verdicts
            if len(verdicts) >= _MEMO:
                verdicts.clear()
            verdicts[text] = verdict
        return verdict

    def _judge(self, text: object) -> str:
        decoded = _decode(text)
        if type(decoded) is str:
            return decoded
        value, unit = decoded
        if self.units:
            if unit is None:
                return (
                    f"has value {_show(value)} without a unit; expected a unit, one of {_names(self.units)} "
                    "(OOF compares a size without a unit as a raw number)"
                )
            if unit not in self.units:
                return f"has unit {_show(unit)}; expected one of {_names(self.units)}"
        elif unit is not None:
            return f"has unit {_show(unit)}; expected no unit"
        if self._value_ok(value):
            return ""
        length = f" ({len(value)} characters)" if len(value) > _SHOWN else ""
        return f"has value {_show(value)}{length}; expected {self.expected}"

    def _value_ok(self, value: str) -> bool:
        if self.type == "integer":
            return _CANONICAL_INTEGER.fullmatch(value) is not None and (
                self.minimum is None or int(value) >= self.minimum
            )
        return (
            (not self.enum or value in self.enum)
            and self.min_length <= len(value)
            and (self.max_length is None or len(value) <= self.max_length)
            and (self.pattern is None or self.pattern.fullmatch(value) is not None)
        )


def _decode(text: object) -> tuple[str, object] | str:
    """``(value, unit)`` of an ``hpa-attribute-value`` (unit None when absent), or why it has none."""
    if type(text) is not str:
        return f"has hpa-attribute-value {_show(text)}; expected a JSON object as a string"
    try:
        decoded = json.loads(text)
    except ValueError:
        return f"has hpa-attribute-value {_show(text)}, not JSON; expected a JSON object as a string"
    if type(decoded) is not dict:
        return f"has hpa-attribute-value {_show(text)}; expected a JSON object (OOF raises on anything else)"
    value = decoded.get("value")
    if type(value) is not str:
        return f'has "value" {_show(value)}; expected a JSON string (OOF raises on anything else)'
    return value, decoded.get("unit")


@dataclass(frozen=True)
class Feature:
    """One catalogued (or declared) ``hpa-feature``: what every record of it must hold.

    ``architecture`` is the fixed architecture, or None when the rule is ``vendor`` (then
    ``architecture_pattern`` says what a vendor name may be).
    """

    name: str
    version: str
    cardinality: str  #: ``one`` or ``many``
    attributes: tuple[AttributeSpec, ...]
    architecture: str | None = None
    architecture_pattern: re.Pattern[str] | None = None
    architecture_expected: str = ""
    max_attributes: int | None = None
    description: str = ""
    entry: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)
    # Lookup tables, built by from_entry.
    by_key: Mapping[str, AttributeSpec] = field(default_factory=dict, repr=False, compare=False, hash=False)
    key_families: tuple[AttributeSpec, ...] = field(default=(), repr=False, compare=False, hash=False)
    required_keys: tuple[str, ...] = field(default=(), repr=False, compare=False, hash=False)
    _required_mask: int = field(default=0, repr=False, compare=False, hash=False)
    _keys: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)
    _architectures: dict[str, str] = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def one_per_flavor(self) -> bool:
        """True when a flavor carries at most one record of the feature."""
        return self.cardinality == "one"

    @property
    def key_names(self) -> tuple[str, ...]:
        """Every key (or key family's name), in catalogue order."""
        return tuple(spec.name for spec in self.attributes)

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Feature:
        """Compile one catalogue entry (or a driver's declaration of the same shape).

        :raises CatalogueError: naming the feature and what is wrong.
        """
        return _compile_feature(entry)

    def problem(self, record: Record) -> str | None:
        """Why ``record`` is not a valid record of this feature, or None (the feature name is not checked)."""
        version = record.get("hpa-version")
        if version != self.version:
            return f"hpa-version {_show(version)}; expected {self.version!r} (OOF matches it exactly)"
        architecture = record.get("architecture")
        if architecture != self.architecture:
            problem = self._architecture_problem(architecture)
            if problem:
                return problem
        attributes = record["hpa-feature-attributes"]
        if not attributes:
            return f"has no attributes; expected keys {_names(self.key_names)}"
        if self.max_attributes is not None and len(attributes) > self.max_attributes:
            return f"has {len(attributes)} attributes; expected at most {self.max_attributes}"
        return self._attributes_problem(attributes)

    def _attributes_problem(self, attributes: Iterable[Mapping[str, Any]]) -> str | None:
        by_key = self.by_key
        mask = 0  # the bits of the required keys seen
        for attr in attributes:
            key = attr["hpa-attribute-key"]
            spec = by_key.get(key)
            if spec is None:
                spec = self._keys.get(key)
                if spec is None:
                    spec = self._resolve(key)
                if type(spec) is str:
                    return spec
            text = attr["hpa-attribute-value"]
            verdict = spec._verdicts.get(text) if type(text) is str else None
            if verdict is None:
                verdict = spec._verdict(text)
            if verdict:
                return f"attribute {key!r} {verdict}"
            mask |= spec.bit
        if mask == self._required_mask:
            return None
        seen = {attr["hpa-attribute-key"] for attr in attributes}
        missing = [key for key in self.required_keys if key not in seen]
        return (
            f"attribute key {missing[0]!r} is required but missing; expected keys {_names(self.key_names)} "
            f"(required: {_names(self.required_keys)}; OOF raises when a policy names a key a record lacks)"
        )

    def _architecture_problem(self, architecture: object) -> str:
        if self.architecture is not None:
            return (
                f"architecture {_show(architecture)}; expected {self.architecture!r} "
                "(OOF matches it exactly, case-sensitive)"
            )
        if type(architecture) is not str:
            return f"architecture {_show(architecture)}; expected {self.architecture_expected}"
        verdicts = self._architectures
        verdict = verdicts.get(architecture)
        if verdict is None:
            pattern = self.architecture_pattern
            good = pattern is not None and pattern.fullmatch(architecture) is not None
            verdict = "" if good else f"architecture {_show(architecture)}; expected {self.architecture_expected}"
            if len(verdicts) >= _MEMO:
                verdicts.clear()
            verdicts[architecture] = verdict
        return verdict

    def _resolve(self, key: object) -> AttributeSpec | str:
        """The key family ``key`` belongs to, or why it is no key of this feature. Memoised per key."""
        result: AttributeSpec | str
        if type(key) is not str:
            result = f"attribute key {_show(key)} is not a string; expected one of {_names(self.key_names)}"
        else:
            family = next((spec for spec in self.key_families if spec.key_pattern.fullmatch(key)), None)  # type: ignore[union-attr]
            near = _near_miss(key, tuple(self.by_key))
            if family is not None and near is None:
                result = family
            elif family is not None:
                result = (
                    f"attribute key {key!r} is a near miss of {near!r}; expected {near!r} exactly "
                    "(OOF matches attribute keys exactly, case-sensitive)"
                )
            else:
                close = near or _closest(key, self.key_names)
                hint = (
                    f"expected {close!r} (OOF matches attribute keys exactly, case-sensitive)"
                    if close
                    else "expected one of those (OOF never matches any other key)"
                )
                result = f"attribute key {key!r} is not one of {_names(self.key_names)}; {hint}"
            keys = self._keys
            if len(keys) >= _MEMO:
                keys.clear()
            keys[key] = result
        return result


def _near_miss(key: str, exact: tuple[str, ...]) -> str | None:
    """The exact key ``key`` is a misspelling of: equal ignoring case, or nearly equal (ratio >= 0.9)."""
    folded = key.casefold()
    for name in exact:
        if name.casefold() == folded:
            return name
    close = difflib.get_close_matches(folded, [name.casefold() for name in exact], n=1, cutoff=0.9)
    if close:
        return next(name for name in exact if name.casefold() == close[0])
    return None


def _closest(key: str, names: tuple[str, ...]) -> str | None:
    folded = {name.casefold(): name for name in names if "<" not in name}
    close = difflib.get_close_matches(key.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


# -- compiling entries -----------------------------------------------------------------------------


def _regex(where: str, text: object) -> re.Pattern[str]:
    if type(text) is not str or not text.startswith("^") or not text.endswith("$"):
        message = f"{where} {_show(text)} is not a regular expression written ^...$"
        raise CatalogueError(message)
    try:
        return re.compile(text)
    except re.error as error:
        message = f"{where} {text!r} does not compile: {error}"
        raise CatalogueError(message) from error


def _int(where: str, value: object, minimum: int) -> int:
    if type(value) is not int or value < minimum:
        message = f"{where} {_show(value)}; expected an integer >= {minimum}"
        raise CatalogueError(message)
    return value


def _expected(spec: Mapping[str, Any], value_type: str) -> str:
    """What a value must be, in words: the entry's ``format``, or said from its constraints."""
    if value_type == "integer":
        if spec.get("format"):
            return str(spec["format"])
        bound = f" >= {spec['minimum']}" if spec.get("minimum") else ""
        return f'an integer{bound} in canonical decimal digits (e.g. "4")'
    if spec.get("enum"):
        return f"one of {_names(spec['enum'])}"
    if spec.get("format"):
        said = str(spec["format"])
    elif spec.get("pattern"):
        said = f"a string matching {spec['pattern']}"
    else:
        said = "a string"
    low, high = spec.get("minLength", 0), spec.get("maxLength")
    if high is not None:
        said += f", {low} to {high} characters"
    elif low:
        said += f", at least {low} characters"
    return said


_ATTRIBUTE_FIELDS: Final = frozenset(
    {
        "key",
        "key-pattern",
        "name",
        "required",
        "type",
        "units",
        "minimum",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "format",
        "description",
    }
)
_FEATURE_FIELDS: Final = frozenset(
    {
        "hpa-feature",
        "hpa-version",
        "architecture",
        "cardinality",
        "description",
        "emitted-when",
        "notes",
        "max-attributes",
        "attributes",
    }
)


def _check_fields(where: str, entry: object, allowed: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(entry, Mapping):
        message = f"{where} is {_show(entry)}; expected an object"
        raise CatalogueError(message)
    unknown = sorted(set(entry) - allowed)
    if unknown:
        message = f"{where} has unknown fields {unknown}; expected some of {sorted(allowed)}"
        raise CatalogueError(message)
    for text_field in ("format", "description", "emitted-when", "notes"):
        if text_field in entry and type(entry[text_field]) is not str:
            message = f"{where} {text_field} {_show(entry[text_field])}; expected a string"
            raise CatalogueError(message)
    return entry


def _compile_key(where: str, spec: Mapping[str, Any]) -> tuple[str, str | None, re.Pattern[str] | None]:
    """``(name, key, key_pattern)`` of an attribute entry: one exact key, or a key family."""
    if "key" in spec:
        key = spec["key"]
        if "key-pattern" in spec or "name" in spec:
            message = f"{where} has both key and key-pattern/name; expected one key or one key family"
            raise CatalogueError(message)
        if type(key) is not str or not _AAI_KEY.fullmatch(key):
            message = f"{where} key {_show(key)}; expected an AAI hpa-attribute-key ({_AAI_KEY.pattern})"
            raise CatalogueError(message)
        return key, key, None
    key_pattern = _regex(f"{where} key-pattern", spec.get("key-pattern"))
    name = spec.get("name")
    if type(name) is not str or not name:
        message = f"{where} has a key-pattern without a name (how people see the key family)"
        raise CatalogueError(message)
    if spec.get("required") is True:
        message = f"{where} ({name}) is a key family; a key-pattern is never required"
        raise CatalogueError(message)
    return name, None, key_pattern


def _compile_constraints(where: str, spec: Mapping[str, Any], value_type: str) -> dict[str, Any]:
    """The value constraints of an attribute entry, as :class:`AttributeSpec` keyword arguments."""
    units = spec.get("units", [])
    if not isinstance(units, list) or any(unit not in OOF_UNITS for unit in units) or len(set(units)) != len(units):
        message = f"{where} units {_show(units)}; expected distinct units among {list(OOF_UNITS)} (OOF converts those)"
        raise CatalogueError(message)
    wrong = [name for name in ("enum", "pattern", "minLength", "maxLength") if name in spec]
    if value_type == "string":
        wrong = ["minimum"] if "minimum" in spec else []
    if wrong:
        message = f"{where} is of type {value_type}; {wrong} do not apply to it"
        raise CatalogueError(message)
    enum = spec.get("enum", [])
    if "enum" in spec and (
        not isinstance(enum, list)
        or not enum
        or any(type(item) is not str for item in enum)
        or len(set(enum)) != len(enum)
    ):
        message = f"{where} enum {_show(enum)}; expected a non-empty list of distinct strings"
        raise CatalogueError(message)
    min_length = _int(f"{where} minLength", spec["minLength"], 0) if "minLength" in spec else 0
    max_length = _int(f"{where} maxLength", spec["maxLength"], 1) if "maxLength" in spec else None
    if max_length is not None and max_length < min_length:
        message = f"{where} maxLength {max_length} is below minLength {min_length}"
        raise CatalogueError(message)
    return {
        "units": tuple(units),
        "minimum": _int(f"{where} minimum", spec["minimum"], 0) if "minimum" in spec else None,
        "enum": tuple(enum),
        "pattern": _regex(f"{where} pattern", spec["pattern"]) if "pattern" in spec else None,
        "min_length": min_length,
        "max_length": max_length,
    }


def _compile_attribute(where: str, entry: object) -> AttributeSpec:
    spec = _check_fields(where, entry, _ATTRIBUTE_FIELDS)
    name, key, key_pattern = _compile_key(where, spec)
    where = f"{where} ({name})"
    value_type = spec.get("type")
    if value_type not in _TYPES:
        message = f"{where} type {_show(value_type)}; expected one of {list(_TYPES)}"
        raise CatalogueError(message)
    required = spec.get("required")
    if type(required) is not bool:
        message = f"{where} required {_show(required)}; expected true or false"
        raise CatalogueError(message)
    return AttributeSpec(
        name=name,
        required=required,
        type=value_type,
        key=key,
        key_pattern=key_pattern,
        expected=_expected(spec, value_type),
        description=spec.get("description", ""),
        **_compile_constraints(where, spec, value_type),
    )


def _plain(data: Any) -> Any:
    """``data`` as plain JSON containers (dicts and lists), copied."""
    if isinstance(data, Mapping):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(value) for value in data]
    return data


def _compile_feature(raw: object) -> Feature:
    entry = _check_fields("feature declaration", raw, _FEATURE_FIELDS)
    name = entry.get("hpa-feature")
    if type(name) is not str or not _FEATURE_NAME.fullmatch(name):
        message = f"hpa-feature {_show(name)}; expected a name matching {_FEATURE_NAME.pattern}"
        raise CatalogueError(message)
    where = f"feature {name!r}"
    version = entry.get("hpa-version")
    if type(version) is not str or not _VERSION.fullmatch(version):
        message = f"{where} hpa-version {_show(version)}; expected v<digits> such as 'v1'"
        raise CatalogueError(message)
    cardinality = entry.get("cardinality")
    if cardinality not in ("one", "many"):
        message = f"{where} cardinality {_show(cardinality)}; expected 'one' (per flavor) or 'many'"
        raise CatalogueError(message)
    architecture, architecture_pattern, architecture_expected = _compile_architecture(where, entry.get("architecture"))
    raw_attributes = entry.get("attributes")
    if not isinstance(raw_attributes, list) or not raw_attributes:
        message = f"{where} attributes {_show(raw_attributes)}; expected a non-empty list of attribute keys"
        raise CatalogueError(message)
    attributes = tuple(
        _compile_attribute(f"{where} attribute {index}", spec) for index, spec in enumerate(raw_attributes)
    )
    required = [index for index, spec in enumerate(attributes) if spec.required]
    attributes = tuple(
        replace(spec, bit=1 << required.index(index)) if spec.required else spec
        for index, spec in enumerate(attributes)
    )
    by_key: dict[str, AttributeSpec] = {}
    for spec in attributes:
        if spec.key is not None:
            if spec.key in by_key:
                message = f"{where} lists attribute key {spec.key!r} twice"
                raise CatalogueError(message)
            by_key[spec.key] = spec
    max_attributes = None
    if "max-attributes" in entry:
        max_attributes = _int(f"{where} max-attributes", entry["max-attributes"], 1)
    return Feature(
        name=name,
        version=version,
        cardinality=cardinality,
        attributes=attributes,
        architecture=architecture,
        architecture_pattern=architecture_pattern,
        architecture_expected=architecture_expected,
        max_attributes=max_attributes,
        description=entry.get("description", ""),
        entry=_plain(entry),  # a private copy: the caller's dict may change
        by_key=by_key,
        key_families=tuple(spec for spec in attributes if spec.key_pattern is not None),
        required_keys=tuple(spec.name for spec in attributes if spec.required),
        _required_mask=(1 << len(required)) - 1,
    )


def _compile_architecture(where: str, rule: object) -> tuple[str | None, re.Pattern[str] | None, str]:
    if not isinstance(rule, Mapping) or rule.get("rule") not in ("fixed", "vendor"):
        message = f"{where} architecture {_show(rule)}; expected a rule: {{'rule': 'fixed' or 'vendor', ...}}"
        raise CatalogueError(message)
    if rule["rule"] == "fixed":
        value = rule.get("value")
        if type(value) is not str or not _ARCHITECTURE.fullmatch(value):
            message = f"{where} architecture value {_show(value)}; expected a name matching {_ARCHITECTURE.pattern}"
            raise CatalogueError(message)
        return value, None, repr(value)
    pattern = _regex(f"{where} architecture pattern", rule.get("pattern"))
    said = rule.get("description")
    expected = f"{said} ({pattern.pattern})" if isinstance(said, str) and said else f"a name matching {pattern.pattern}"
    return None, pattern, expected


# -- the catalogue ---------------------------------------------------------------------------------


class Catalogue(Mapping[str, Feature]):
    """The catalogued features by name (a read-only mapping), with the catalogue's version and JSON."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        features: dict[str, Feature] = {}
        for entry in data.get("features", ()):
            feature = Feature.from_entry(entry)
            if feature.name in features:
                message = f"the catalogue lists feature {feature.name!r} twice"
                raise CatalogueError(message)
            features[feature.name] = feature
        self.version: str = str(data.get("catalogue-version", ""))
        self.data: Mapping[str, Any] = data
        self._features = features
        #: Names of the one-per-flavor features (what :func:`conflicts` looks for).
        self.one_per_flavor: frozenset[str] = frozenset(name for name, f in features.items() if f.one_per_flavor)

    def __getitem__(self, name: str) -> Feature:
        return self._features[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._features)

    def __len__(self) -> int:
        return len(self._features)

    def get(self, name: str, default: Any = None) -> Any:  # dict speed on the hot path
        """The feature called ``name``, or ``default``."""
        return self._features.get(name, default)

    def __repr__(self) -> str:
        return f"<Catalogue {self.version}: {', '.join(self._features)}>"


def catalogue_text() -> str:
    """``contract/catalogue.json`` as shipped."""
    return files("onap_hpa").joinpath(CATALOGUE_RESOURCE).read_text(encoding="utf-8")


def catalogue_schema_text() -> str:
    """``contract/schemas/catalogue.schema.json`` as shipped: the catalogue's format and a declaration's."""
    return files("onap_hpa").joinpath(CATALOGUE_SCHEMA_RESOURCE).read_text(encoding="utf-8")


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue, compiled once."""
    return Catalogue(json.loads(catalogue_text()))


# The hot path reads these module globals rather than calling load_catalogue().
_FEATURES: dict[str, Feature] = {}
_ONE_PER_FLAVOR: frozenset[str] = frozenset()


def _features() -> dict[str, Feature]:
    global _FEATURES, _ONE_PER_FLAVOR  # noqa: PLW0603 - set once, on first use
    catalogue = load_catalogue()
    _ONE_PER_FLAVOR = catalogue.one_per_flavor
    _FEATURES = dict(catalogue.items())
    return _FEATURES


@cache
def _declaration_validator() -> Any:
    """A JSON Schema validator of one feature declaration, or None when no validator library is installed."""
    schema = json.loads(catalogue_schema_text())
    feature_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/feature"}
    try:
        import jsonschema_rs

        return jsonschema_rs.validator_for(feature_schema)
    except ImportError:
        pass
    try:
        import jsonschema
    except ImportError:
        return None  # the compiler's own checks still apply
    return jsonschema.Draft202012Validator(feature_schema)


def declare(declarations: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]]) -> dict[str, Feature]:
    """Compile a driver's feature declarations (each shaped like a catalogue entry) for :func:`check_catalogued`.

    Call once per driver, when it loads, and pass the result as ``extra_features``. ``declarations`` is a
    list of entries, or a mapping ``hpa-feature -> entry`` (an entry's ``hpa-feature`` may then be left
    out). A declaration of a catalogued feature must agree with the catalogue (version, architecture,
    cardinality, keys and what their values hold); the catalogue's own :class:`Feature` is returned for it.

    :raises CatalogueError: naming the feature and what is wrong with its declaration.
    """
    if isinstance(declarations, Mapping):
        entries = []
        for name, entry in declarations.items():
            if isinstance(entry, Mapping) and "hpa-feature" not in entry:
                entry = {"hpa-feature": name, **entry}  # noqa: PLW2901
            if isinstance(entry, Mapping) and entry.get("hpa-feature") != name:
                message = f"feature declared as {name!r} names hpa-feature {entry.get('hpa-feature')!r}"
                raise CatalogueError(message)
            entries.append(entry)
    else:
        entries = list(declarations)
    catalogue = load_catalogue()
    validator = _declaration_validator()
    features: dict[str, Feature] = {}
    for entry in entries:
        if validator is not None and isinstance(entry, Mapping):
            _validate_declaration(validator, _plain(entry))
        feature = Feature.from_entry(entry)
        if feature.name in features:
            message = f"feature {feature.name!r} is declared twice"
            raise CatalogueError(message)
        known = catalogue.get(feature.name)
        if known is not None:
            difference = _difference(known, feature)
            if difference:
                message = (
                    f"feature {feature.name!r} is catalogued, and the declaration differs: {difference}; "
                    "declare it as `onap-hpa schema --catalogue` prints it, or leave it to the catalogue"
                )
                raise CatalogueError(message)
            feature = known
        features[feature.name] = feature
    return features


def _validate_declaration(validator: Any, entry: Mapping[str, Any]) -> None:
    errors = list(validator.iter_errors(entry))
    if errors:
        error = errors[0]
        path = getattr(error, "instance_path", None)
        if path is None:
            path = getattr(error, "absolute_path", ())
        where = "/".join(str(part) for part in path) or "(top)"
        message = f"declaration of feature {entry.get('hpa-feature')!r}: {where}: {error.message}"
        raise CatalogueError(message)


def _signature(feature: Feature) -> tuple[Any, ...]:
    return (
        feature.version,
        feature.cardinality,
        feature.architecture,
        feature.architecture_pattern.pattern if feature.architecture_pattern is not None else None,
        feature.max_attributes,
    )


def _spec_signature(spec: AttributeSpec) -> tuple[Any, ...]:
    return (
        spec.key,
        spec.key_pattern.pattern if spec.key_pattern is not None else None,
        spec.required,
        spec.type,
        frozenset(spec.units),
        spec.minimum,
        frozenset(spec.enum),
        spec.pattern.pattern if spec.pattern is not None else None,
        spec.min_length,
        spec.max_length,
    )


def _difference(known: Feature, declared: Feature) -> str:
    if _signature(known) != _signature(declared):
        fields = ("hpa-version", "cardinality", "architecture", "architecture pattern", "max-attributes")
        ours, theirs = _signature(known), _signature(declared)
        which = [name for index, name in enumerate(fields) if ours[index] != theirs[index]]
        return f"{', '.join(which)} differ"
    ours = {spec.name: _spec_signature(spec) for spec in known.attributes}
    theirs = {spec.name: _spec_signature(spec) for spec in declared.attributes}
    if ours.keys() != theirs.keys():
        return f"keys {_names(declared.key_names)}, catalogued {_names(known.key_names)}"
    changed = [name for name in ours if ours[name] != theirs[name]]
    return f"attribute {changed[0]!r} differs" if changed else ""


# -- the checks ------------------------------------------------------------------------------------


def _extra(extra_features: Mapping[str, Any] | None) -> Mapping[str, Feature]:
    if not extra_features:
        return {}
    if all(type(feature) is Feature for feature in extra_features.values()):
        return extra_features
    # Raw declarations: compiled on every call (slow path); pass declare()'s result instead.
    return {
        name: feature if type(feature) is Feature else Feature.from_entry({"hpa-feature": name, **feature})
        for name, feature in extra_features.items()
    }


def check_catalogued(records: Iterable[Record], extra_features: Mapping[str, Feature] | None = None) -> Problem | None:
    """``None``, or ``("invalid-output", reason)`` for the first record of a catalogued feature that is wrong.

    Checks every record of a catalogued feature, or of a feature in ``extra_features`` (the driver's
    declarations as :func:`declare` compiles them; the catalogue wins for a name in both): its
    ``hpa-version`` and architecture; every attribute key is one of the feature's keys (a near miss is
    named: ``expected 'pciVendorId'``); every required key is present; each value holds what the key's
    type says (canonical integer, minimum, enum, pattern, length) with an allowed unit or none; at most
    one record of a one-per-flavor feature. Records of other features are left alone (the host's
    ``undeclared-feature`` rule covers them). The reason reads
    ``"<feature> record <n>: <what>; expected <what>"``, ``n`` the record's index in ``records``.
    """
    catalogue = _FEATURES or _features()
    extra = _extra(extra_features) if extra_features else None
    seen_one: set[str] | None = None
    index = 0
    try:
        for index, record in enumerate(records):
            name = record["hpa-feature"]
            feature = catalogue.get(name)
            if feature is None:
                feature = extra.get(name) if extra else None
                if feature is None:
                    continue
            problem = feature.problem(record)
            if problem is None and feature.cardinality == "one":
                if seen_one is None:
                    seen_one = set()
                elif name in seen_one:
                    problem = f"a second {name} record for the flavor; expected one per flavor"
                seen_one.add(name)
            if problem:
                return INVALID_OUTPUT, f"{name} record {index}: {problem}"
    except (KeyError, TypeError, AttributeError) as error:
        return INVALID_OUTPUT, f"record {index}: not an hpa-capability record ({type(error).__name__}: {error})"
    return None


def _conflicting(
    records_by_driver: Mapping[str, Iterable[Record]], extra_features: Mapping[str, Feature] | None
) -> dict[str, list[str]]:
    """One-per-flavor feature -> the drivers emitting it, for features two or more drivers emit."""
    if not _ONE_PER_FLAVOR:
        _features()
    one = _ONE_PER_FLAVOR
    if extra_features:
        declared = _extra(extra_features)
        one = one | {name for name, feature in declared.items() if feature.cardinality == "one"}
    first: dict[str, str] = {}  # feature -> the first driver emitting it
    clashes: dict[str, list[str]] | None = None
    for driver, records in records_by_driver.items():
        for record in records:
            try:
                name = record["hpa-feature"]
                if name not in one:
                    continue
            except (KeyError, TypeError, IndexError):
                continue  # not a record: not this check's to judge
            owner = first.setdefault(name, driver)
            if owner != driver:
                if clashes is None:
                    clashes = {}
                drivers = clashes.setdefault(name, [owner])
                if driver not in drivers:
                    drivers.append(driver)
    return clashes or {}


def conflicts(
    records_by_driver: Mapping[str, Iterable[Record]], extra_features: Mapping[str, Feature] | None = None
) -> list[DriverFault]:
    """``(driver, "conflict", reason)`` for each driver that emits a one-per-flavor feature another driver
    emits too, for the one flavor whose records ``records_by_driver`` holds (driver name -> its accepted
    records). Grouped by feature, drivers in mapping order; empty when there is no conflict.

    The host should drop every record of the conflicting feature from each involved driver for that
    flavor (:func:`without_conflicts` does): AAI would hold two records of a feature OOF expects once,
    read in no defined order, and nothing says which is right.
    """
    faults: list[DriverFault] = []
    for name, drivers in _conflicting(records_by_driver, extra_features).items():
        listed = ", ".join(repr(driver) for driver in drivers[:-1]) + f" and {drivers[-1]!r}"
        every = "both" if len(drivers) == 2 else "all"
        reason = (
            f"{name} is one per flavor, but drivers {listed} {every} emit it for this flavor; AAI and OOF "
            f"cannot tell which is right, so no {name} record of these drivers is kept for it"
        )
        faults.extend((driver, CONFLICT, reason) for driver in drivers)
    return faults


def without_conflicts(
    records_by_driver: Mapping[str, list[Record]], extra_features: Mapping[str, Feature] | None = None
) -> tuple[dict[str, list[Record]], list[DriverFault]]:
    """:func:`conflicts`, and the records without the conflicting features' records of the involved drivers.

    Returns a new mapping (the lists of drivers not involved are the same objects) and the faults.
    """
    conflicting = _conflicting(records_by_driver, extra_features)
    kept = dict(records_by_driver)
    if not conflicting:
        return kept, []
    dropped: dict[str, set[str]] = {}
    for name, drivers in conflicting.items():
        for driver in drivers:
            dropped.setdefault(driver, set()).add(name)
    for driver, names in dropped.items():
        kept[driver] = [record for record in records_by_driver[driver] if record.get("hpa-feature") not in names]
    return kept, conflicts(records_by_driver, extra_features)
