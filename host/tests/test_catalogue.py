"""The HPA feature catalogue: its format, the strict record checks, conflicts, and every driver's output."""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onap_hpa import (
    ENTRY_POINT_GROUP,
    DiscoveryRequest,
    DriverInfo,
    ExtraSpecError,
    PartialDiscovery,
    RequestError,
    VimInfoError,
    attribute,
    capability,
)
from onap_hpa_host.catalogue import (
    CONFLICT,
    INVALID_OUTPUT,
    AttributeSpec,
    CatalogueError,
    Feature,
    catalogue_schema_text,
    catalogue_text,
    check_catalogued,
    conflicts,
    declare,
    load_catalogue,
    without_conflicts,
)
from onap_hpa_host.cli import main
from onap_hpa_host.validation import check_records

from .conftest import REPO

CATALOGUE = load_catalogue()
SCHEMA = json.loads(catalogue_schema_text())

#: HPA-REFERENCE.md section 2: feature -> (architecture, cardinality).
REFERENCE = {
    "basicCapabilities": ("generic", "one"),
    "cpuPinning": ("generic", "one"),
    "cpuTopology": ("generic", "one"),
    "hugePages": ("generic", "one"),
    "numa": ("generic", "one"),
    "localStorage": ("generic", "one"),
    "instructionSetExtensions": ("Intel64", "one"),
    "pciePassthrough": (None, "many"),  # the vendor name
    "sriovNICNetwork": (None, "many"),
    "ovsDpdk": ("Intel64", "one"),
}

#: A good record of each feature, every attribute the catalogue lists (as the original writes them).
GOOD: dict[str, dict[str, Any]] = {
    "basicCapabilities": capability(
        "basicCapabilities", "generic", [attribute("numVirtualCpu", 4), attribute("virtualMemSize", 4096, "MB")]
    ),
    "cpuPinning": capability(
        "cpuPinning",
        "generic",
        [attribute("logicalCpuPinningPolicy", "dedicated"), attribute("logicalCpuThreadPinningPolicy", "isolate")],
    ),
    "cpuTopology": capability(
        "cpuTopology",
        "generic",
        [attribute("numCpuSockets", 2), attribute("numCpuCores", 4), attribute("numCpuThreads", 1)],
    ),
    "hugePages": capability("hugePages", "generic", [attribute("memoryPageSize", 2, "MB")]),
    "numa": capability(
        "numa",
        "generic",
        [
            attribute("numaNodes", 2),
            attribute("numaCpu-0", "0-2,^1"),
            attribute("numaMem-0", 1024, "MB"),
            attribute("numaCpu-1", "1,3"),
            attribute("numaMem-1", 3072, "MB"),
        ],
    ),
    "localStorage": capability(
        "localStorage",
        "generic",
        [attribute("diskSize", 40, "GB"), attribute("swapMemSize", 0, "MB"), attribute("ephemeralDiskSize", 0, "GB")],
    ),
    "instructionSetExtensions": capability(
        "instructionSetExtensions", "Intel64", [attribute("instructionSetExtensions", "avx,avx2,sse4_2")]
    ),
    "pciePassthrough": capability(
        "pciePassthrough",
        "intel",
        [attribute("pciCount", 2), attribute("pciVendorId", "8086"), attribute("pciDeviceId", "154C")],
    ),
    "sriovNICNetwork": capability(
        "sriovNICNetwork",
        "intel",
        [
            attribute("pciCount", 1),
            attribute("pciVendorId", "8086"),
            attribute("pciDeviceId", "15b3"),
            attribute("physicalNetwork", "physnet-1"),
        ],
    ),
    "ovsDpdk": capability("ovsDpdk", "Intel64", [attribute("dataProcessingAccelerationLibrary", "v17.02")]),
}
FEATURES = sorted(REFERENCE)

#: What the GPU driver emits beyond the catalogue, declared as a driver declares a new feature.
VIRTUAL_GPU: dict[str, Any] = {
    "hpa-feature": "virtualGpu",
    "hpa-version": "v1",
    "architecture": {"rule": "fixed", "value": "generic"},
    "cardinality": "one",
    "description": "Virtual GPUs (Nova resources:VGPU) and their types (required CUSTOM_ traits).",
    "emitted-when": "resources:VGPU present",
    "attributes": [
        {"key": "numVirtualGpu", "required": True, "type": "integer", "minimum": 1},
        {
            "key": "virtualGpuType",
            "required": True,
            "type": "string",
            "pattern": "^(CUSTOM_[A-Za-z0-9_]+(,CUSTOM_[A-Za-z0-9_]+)*)?$",
            "format": 'the required CUSTOM_ traits joined by "," (empty: any type)',
        },
    ],
}
DECLARED = declare([VIRTUAL_GPU])
GOOD_VGPU = capability(
    "virtualGpu", "generic", [attribute("numVirtualGpu", 2), attribute("virtualGpuType", "CUSTOM_NVIDIA_11")]
)


def record(name: str) -> dict[str, Any]:
    """A fresh copy of the good record of ``name``."""
    return copy.deepcopy(GOOD_VGPU if name == "virtualGpu" else GOOD[name])


def value(record_: dict[str, Any], key: str) -> dict[str, Any]:
    return next(
        json.loads(a["hpa-attribute-value"]) for a in record_["hpa-feature-attributes"] if a["hpa-attribute-key"] == key
    )


def set_value(record_: dict[str, Any], key: str, decoded: dict[str, Any]) -> None:
    for attr in record_["hpa-feature-attributes"]:
        if attr["hpa-attribute-key"] == key:
            attr["hpa-attribute-value"] = json.dumps(decoded, separators=(",", ":"))


def problem_of(records: list[dict[str, Any]], extra: Any = None) -> str:
    found = check_catalogued(records, extra)
    assert found is not None, records
    kind, reason = found
    assert kind == INVALID_OUTPUT
    return reason


def specs(name: str) -> list[AttributeSpec]:
    feature = DECLARED["virtualGpu"] if name == "virtualGpu" else CATALOGUE[name]
    return list(feature.attributes)


def keys_of(record_: dict[str, Any]) -> list[str]:
    return [a["hpa-attribute-key"] for a in record_["hpa-feature-attributes"]]


# -- the catalogue itself --------------------------------------------------------------------------


def test_the_catalogue_is_valid_against_its_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(catalogue_text()))


def test_it_lists_exactly_the_ten_features_of_the_original_with_their_architecture_and_cardinality() -> None:
    assert sorted(CATALOGUE) == FEATURES
    for name, (architecture, cardinality) in REFERENCE.items():
        feature = CATALOGUE[name]
        assert feature.version == "v1"
        assert feature.architecture == architecture
        assert feature.cardinality == cardinality
        assert feature.one_per_flavor is (cardinality == "one")
        assert (feature.architecture_pattern is not None) is (architecture is None)


def test_attribute_keys_are_those_of_the_reference() -> None:
    expected = {
        "basicCapabilities": ["numVirtualCpu", "virtualMemSize"],
        "cpuPinning": ["logicalCpuPinningPolicy", "logicalCpuThreadPinningPolicy"],
        "cpuTopology": ["numCpuSockets", "numCpuCores", "numCpuThreads"],
        "hugePages": ["memoryPageSize"],
        "numa": ["numaNodes", "numaCpu-<node>", "numaMem-<node>"],
        "localStorage": ["diskSize", "swapMemSize", "ephemeralDiskSize"],
        "instructionSetExtensions": ["instructionSetExtensions"],
        "pciePassthrough": ["pciCount", "pciVendorId", "pciDeviceId"],
        "sriovNICNetwork": ["pciCount", "pciVendorId", "pciDeviceId", "physicalNetwork"],
        "ovsDpdk": ["dataProcessingAccelerationLibrary", "<libname>"],
    }
    assert {name: list(CATALOGUE[name].key_names) for name in FEATURES} == expected
    # Units only on sizes, and only the ones OOF converts.
    sized = {spec.name for name in FEATURES for spec in specs(name) if spec.units}
    assert sized == {
        "virtualMemSize",
        "memoryPageSize",
        "numaMem-<node>",
        "diskSize",
        "swapMemSize",
        "ephemeralDiskSize",
    }
    assert all(set(spec.units) == {"KB", "MB", "GB"} for name in FEATURES for spec in specs(name) if spec.units)


def test_a_declaration_is_valid_against_the_feature_definition_of_the_schema() -> None:
    feature_schema = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/feature"}
    jsonschema.Draft202012Validator(feature_schema).validate(VIRTUAL_GPU)
    for entry in json.loads(catalogue_text())["features"]:
        jsonschema.Draft202012Validator(feature_schema).validate(entry)


@pytest.mark.parametrize("name", [*FEATURES, "virtualGpu"])
def test_a_good_record_of_each_feature_passes(name: str) -> None:
    assert check_catalogued([record(name)], DECLARED) is None
    assert check_records([{"hpa-capability-id": "x", **record(name)}]) is None


def test_records_of_features_neither_catalogued_nor_declared_are_left_alone() -> None:
    odd = capability("qatCrypto", "intel", [attribute("anything", "goes")])
    assert check_catalogued([odd]) is None
    assert check_catalogued([record("virtualGpu")]) is None  # not declared here: the undeclared-feature rule's
    assert check_catalogued([]) is None


# -- one problem per feature: misspelt key, missing key, wrong unit, wrong value type ---------------


def misspell(key: str) -> str:
    """``pciVendorId`` -> ``pciVendorID``: the last letter's case flipped (the commonest slip)."""
    return key[:-1] + (key[-1].upper() if key[-1].islower() else key[-1].lower())


KEYED = [(name, spec.name) for name in [*FEATURES, "virtualGpu"] for spec in specs(name) if spec.key is not None]


@pytest.mark.parametrize(("name", "key"), KEYED)
def test_a_misspelt_key_is_invalid_output_naming_it_and_the_expected_one(name: str, key: str) -> None:
    bad = record(name)
    if key not in keys_of(bad):
        pytest.skip("not in the sample record")
    wrong = misspell(key)
    for attr in bad["hpa-feature-attributes"]:
        if attr["hpa-attribute-key"] == key:
            attr["hpa-attribute-key"] = wrong
    reason = problem_of([record("pciePassthrough"), bad], DECLARED)
    assert reason.startswith(f"{name} record 1: attribute key {wrong!r} ")
    assert f"expected {key!r}" in reason


def test_a_misspelt_key_lists_every_expected_key() -> None:
    bad = record("sriovNICNetwork")
    bad["hpa-feature-attributes"][1]["hpa-attribute-key"] = "pciVendorID"
    assert problem_of([bad]) == (
        "sriovNICNetwork record 0: attribute key 'pciVendorID' is not one of "
        "['pciCount', 'pciVendorId', 'pciDeviceId', 'physicalNetwork']; "
        "expected 'pciVendorId' (OOF matches attribute keys exactly, case-sensitive)"
    )
    bad["hpa-feature-attributes"][1]["hpa-attribute-key"] = "colour"
    assert problem_of([bad]).endswith("; expected one of those (OOF never matches any other key)")


@pytest.mark.parametrize("wrong", ["pcicount", "PciCount", "pciCnt"])
def test_near_misses_of_the_issue_are_caught(wrong: str) -> None:
    bad = record("sriovNICNetwork")
    bad["hpa-feature-attributes"][0]["hpa-attribute-key"] = wrong
    assert f"attribute key {wrong!r} is not one of" in problem_of([bad])
    assert "expected 'pciCount'" in problem_of([bad])


REQUIRED = [
    (name, key) for name in [*FEATURES, "virtualGpu"] for key in (DECLARED | dict(CATALOGUE))[name].required_keys
]


@pytest.mark.parametrize(("name", "key"), REQUIRED)
def test_a_missing_required_key_is_invalid_output_naming_it_and_the_expected_ones(name: str, key: str) -> None:
    bad = record(name)
    bad["hpa-feature-attributes"] = [a for a in bad["hpa-feature-attributes"] if a["hpa-attribute-key"] != key]
    if not bad["hpa-feature-attributes"]:
        reason = problem_of([bad], DECLARED)
        assert reason == f"{name} record 0: has no attributes; expected keys ['{key}']"
        return
    reason = problem_of([bad], DECLARED)
    assert reason.startswith(f"{name} record 0: attribute key {key!r} is required but missing; expected keys [")
    feature = (DECLARED | dict(CATALOGUE))[name]
    assert all(repr(other) in reason for other in feature.key_names)


@pytest.mark.parametrize("name", [n for n in FEATURES if not CATALOGUE[n].required_keys])
def test_a_feature_with_only_optional_keys_still_needs_one(name: str) -> None:
    bad = record(name)
    bad["hpa-feature-attributes"] = []
    assert problem_of([bad]).startswith(f"{name} record 0: has no attributes; expected keys [")
    alone = record(name)
    alone["hpa-feature-attributes"] = alone["hpa-feature-attributes"][:1]
    assert check_catalogued([alone]) is None  # each optional key on its own is fine (the original's partial records)


def test_the_original_partial_records_pass() -> None:
    pinning = capability("cpuPinning", "generic", [attribute("logicalCpuPinningPolicy", "dedicated")])
    topology = capability("cpuTopology", "generic", [attribute("numCpuSockets", 2)])
    numa_only = capability("numa", "generic", [attribute("numaNodes", 2)])
    assert check_catalogued([pinning, topology, numa_only]) is None


ALL_SPECS = [(name, spec.name) for name in [*FEATURES, "virtualGpu"] for spec in specs(name)]


def sample_key(name: str, spec_name: str) -> str:
    """A key of the sample record for the spec (a key family's first member)."""
    spec = next(s for s in specs(name) if s.name == spec_name)
    return next(
        k for k in keys_of(record(name)) if k == spec.key or (spec.key_pattern and spec.key_pattern.fullmatch(k))
    )


def in_sample(name: str, spec_name: str) -> bool:
    try:
        sample_key(name, spec_name)
    except StopIteration:
        return False
    return True


SAMPLED = [(name, spec) for name, spec in ALL_SPECS if in_sample(name, spec)]


@pytest.mark.parametrize(("name", "spec_name"), SAMPLED)
def test_a_wrong_unit_is_invalid_output_naming_the_key_and_the_units(name: str, spec_name: str) -> None:
    key = sample_key(name, spec_name)
    spec = next(s for s in specs(name) if s.name == spec_name)
    bad = record(name)
    good_value = value(bad, key)
    if spec.units:
        for wrong in ("TB", "MiB", "mb", "kB"):
            set_value(bad, key, {**good_value, "unit": wrong})
            reason = problem_of([bad], DECLARED)
            assert reason == (
                f"{name} record 0: attribute {key!r} has unit {wrong!r}; expected one of ['KB', 'MB', 'GB']"
            )
        set_value(bad, key, {"value": good_value["value"]})
        reason = problem_of([bad], DECLARED)
        assert reason.startswith(f"{name} record 0: attribute {key!r} has value ")
        assert "without a unit; expected a unit, one of ['KB', 'MB', 'GB']" in reason
    else:
        set_value(bad, key, {**good_value, "unit": "MB"})
        assert problem_of([bad], DECLARED) == f"{name} record 0: attribute {key!r} has unit 'MB'; expected no unit"


def wrong_values(spec: AttributeSpec) -> list[str]:
    """Values of the right JSON type that break the spec's value rule."""
    if spec.type == "integer":
        wrong = ["four", "2.0", "-1", "+2", "02", " 2", "٢", ""]
        if spec.minimum:
            wrong.append(str(spec.minimum - 1))
        return wrong
    if spec.enum:
        return [spec.enum[0].capitalize(), spec.enum[0] + " ", ""]
    wrong = []
    if spec.min_length:
        wrong.append("")
    if spec.max_length:
        wrong.append("x" * (spec.max_length + 1))
    if spec.pattern is not None:
        wrong += ["zz", "0-1 ,2" if "numa" in spec.name else "80 86"]
    return wrong


@pytest.mark.parametrize(("name", "spec_name"), SAMPLED)
def test_a_wrong_value_type_is_invalid_output_naming_the_key_the_value_and_what_was_expected(
    name: str, spec_name: str
) -> None:
    key = sample_key(name, spec_name)
    spec = next(s for s in specs(name) if s.name == spec_name)
    good_value = value(record(name), key)
    cases = wrong_values(spec)
    if not cases:
        pytest.skip(f"{spec_name} takes any string")
    for wrong in cases:
        bad = record(name)
        set_value(bad, key, {**good_value, "value": wrong})
        reason = problem_of([bad], DECLARED)
        shown = f"{wrong!r}" if len(wrong) < 50 else f"{wrong[:40]!r}"[:-1]
        assert reason.startswith(f"{name} record 0: attribute {key!r} has value {shown}"), (wrong, reason)
        assert reason.endswith(f"; expected {spec.expected}"), reason
    # A JSON number where OOF needs a string.
    bad = record(name)
    set_value(bad, key, {**good_value, "value": 2})
    assert problem_of([bad], DECLARED) == (
        f'{name} record 0: attribute {key!r} has "value" 2; expected a JSON string (OOF raises on anything else)'
    )


def test_every_keyed_attribute_of_the_ten_has_a_wrong_value_case() -> None:
    free = [
        (name, spec.name)
        for name, spec_name in SAMPLED
        for spec in specs(name)
        if spec.name == spec_name and not wrong_values(spec)
    ]
    assert free == []


def test_what_is_expected_reads_well() -> None:
    bad = record("basicCapabilities")
    set_value(bad, "numVirtualCpu", {"value": "four"})
    assert problem_of([bad]) == (
        "basicCapabilities record 0: attribute 'numVirtualCpu' has value 'four'; "
        'expected an integer >= 1 in canonical decimal digits (e.g. "4")'
    )
    bad = record("cpuPinning")
    set_value(bad, "logicalCpuPinningPolicy", {"value": "Dedicated"})
    assert problem_of([bad]) == (
        "cpuPinning record 0: attribute 'logicalCpuPinningPolicy' has value 'Dedicated'; "
        "expected one of ['dedicated', 'mixed', 'shared']"
    )
    bad = record("pciePassthrough")
    set_value(bad, "pciVendorId", {"value": "808"})
    assert problem_of([bad]) == (
        "pciePassthrough record 0: attribute 'pciVendorId' has value '808'; "
        'expected 4 hex digits as written (e.g. "8086")'
    )


@pytest.mark.parametrize("text", ["2", '"2"', "[]", "not json", '{"unit":"MB"}'])
def test_values_that_are_not_objects_with_a_string_value_are_named(text: str) -> None:
    bad = record("basicCapabilities")
    bad["hpa-feature-attributes"][0]["hpa-attribute-value"] = text
    reason = problem_of([bad])
    assert reason.startswith("basicCapabilities record 0: attribute 'numVirtualCpu' has ")


@pytest.mark.parametrize("name", FEATURES)
def test_a_wrong_hpa_version_or_architecture_is_invalid_output(name: str) -> None:
    bad = record(name)
    bad["hpa-version"] = "v2"
    assert problem_of([bad]) == f"{name} record 0: hpa-version 'v2'; expected 'v1' (OOF matches it exactly)"
    bad = record(name)
    fixed = CATALOGUE[name].architecture
    bad["architecture"] = fixed.lower() if fixed and fixed != fixed.lower() else ("Generic" if fixed else "in tel")
    reason = problem_of([bad])
    assert reason.startswith(f"{name} record 0: architecture {bad['architecture']!r}; expected ")
    if fixed:
        assert f"expected {fixed!r} (OOF matches it exactly, case-sensitive)" in reason


def test_vendor_architectures_are_the_vendor_name_as_written() -> None:
    for vendor in ("intel", "nvidia", "Mellanox", "amd_x.2"):
        good = record("pciePassthrough")
        good["architecture"] = vendor
        assert check_catalogued([good]) is None
    bad = record("sriovNICNetwork")
    bad["architecture"] = "-intel"
    assert "the <vendorname> of the sriov_nic value as written" in problem_of([bad])


@pytest.mark.parametrize("name", [n for n in FEATURES if CATALOGUE[n].one_per_flavor])
def test_one_driver_emitting_a_one_per_flavor_feature_twice_is_invalid_output(name: str) -> None:
    reason = problem_of([record(name), record("pciePassthrough"), record(name)])
    assert reason == f"{name} record 2: a second {name} record for the flavor; expected one per flavor"


@pytest.mark.parametrize("name", ["pciePassthrough", "sriovNICNetwork"])
def test_many_records_of_a_device_feature_are_fine(name: str) -> None:
    assert check_catalogued([record(name), record(name), record(name)]) is None


def test_numa_key_families() -> None:
    good = record("numa")
    good["hpa-feature-attributes"] += [attribute("numaCpu-10", "10"), attribute("numaMem-10", 512, "MB")]
    assert check_catalogued([good]) is None
    for wrong in ("numaCpu-01", "numaCpu--1", "numaCpu-", "numaCPU-0", "numaMem0", "numaNode"):
        bad = record("numa")
        bad["hpa-feature-attributes"][1]["hpa-attribute-key"] = wrong
        assert f"attribute key {wrong!r} is not one of ['numaNodes', 'numaCpu-<node>', 'numaMem-<node>']" in problem_of(
            [bad]
        )


def test_ovs_dpdk_takes_the_declared_library_name_but_not_a_near_miss_of_the_usual_one() -> None:
    custom = capability("ovsDpdk", "Intel64", [attribute("dpdk-lib_v2.x", "18.11.1")])
    assert check_catalogued([custom]) is None
    for near in (
        "dataProcessingAccelerationLibary",
        "DataProcessingAccelerationLibrary",
        "dataprocessingaccelerationlibrary",
    ):
        bad = capability("ovsDpdk", "Intel64", [attribute(near, "v17.02")])
        assert problem_of([bad]) == (
            f"ovsDpdk record 0: attribute key {near!r} is a near miss of 'dataProcessingAccelerationLibrary'; "
            "expected 'dataProcessingAccelerationLibrary' exactly (OOF matches attribute keys exactly, case-sensitive)"
        )
    two = capability(
        "ovsDpdk", "Intel64", [attribute("dataProcessingAccelerationLibrary", "v17.02"), attribute("x", "1")]
    )
    assert problem_of([two]) == "ovsDpdk record 0: has 2 attributes; expected at most 1"


def test_garbage_never_raises() -> None:
    for records in (
        [1],
        [{"hpa-feature": "numa"}],
        [{"hpa-feature": "numa", "hpa-version": "v1", "architecture": "generic", "hpa-feature-attributes": [1]}],
        [None],
    ):
        found = check_catalogued(records)  # type: ignore[arg-type]
        assert found is not None
        assert found[0] == INVALID_OUTPUT
        assert found[1].startswith(("record 0: not an hpa-capability record", "numa record 0: "))


# -- conflicts between drivers ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in FEATURES if CATALOGUE[n].one_per_flavor])
def test_a_one_per_flavor_feature_from_a_second_driver_is_a_conflict_for_both(name: str) -> None:
    by_driver = {
        "compute-basic": [record(name), record("pciePassthrough")],
        "vendor-x": [record(name)],
        "sriov-nic": [record("sriovNICNetwork")],
    }
    found = conflicts(by_driver)
    reason = (
        f"{name} is one per flavor, but drivers 'compute-basic' and 'vendor-x' both emit it for this flavor; "
        f"AAI and OOF cannot tell which is right, so no {name} record of these drivers is kept for it"
    )
    assert found == [("compute-basic", CONFLICT, reason), ("vendor-x", CONFLICT, reason)]
    kept, faults = without_conflicts(by_driver)
    assert faults == found
    assert kept == {
        "compute-basic": [record("pciePassthrough")],
        "vendor-x": [],
        "sriov-nic": by_driver["sriov-nic"],
    }
    assert kept["sriov-nic"] is by_driver["sriov-nic"]


def test_three_drivers_and_two_features() -> None:
    by_driver = {
        "a": [record("numa"), record("hugePages")],
        "b": [record("numa")],
        "c": [record("numa"), record("hugePages")],
    }
    found = conflicts(by_driver)
    assert [(driver, reason.split(" ", 1)[0]) for driver, _, reason in found] == [
        ("a", "numa"),
        ("b", "numa"),
        ("c", "numa"),
        ("a", "hugePages"),
        ("c", "hugePages"),
    ]
    assert "drivers 'a', 'b' and 'c' all emit it" in found[0][2]


def test_no_conflict_for_device_features_one_driver_or_declared_many() -> None:
    assert conflicts({"gpu": [record("pciePassthrough")], "compute-pci": [record("pciePassthrough")]}) == []
    assert conflicts({"compute-basic": [record("basicCapabilities"), record("localStorage")]}) == []
    assert conflicts({}) == []
    kept, faults = without_conflicts({"a": [record("numa")]})
    assert faults == []
    assert kept == {"a": [record("numa")]}


def test_a_declared_one_per_flavor_feature_conflicts_too() -> None:
    by_driver = {"gpu": [record("virtualGpu")], "vgpu-vendor": [record("virtualGpu")]}
    assert conflicts(by_driver) == []  # undeclared: not the catalogue's to judge
    assert [d for d, _, _ in conflicts(by_driver, DECLARED)] == ["gpu", "vgpu-vendor"]


# -- a vendor's own feature ------------------------------------------------------------------------


def test_a_declared_feature_is_validated_like_a_catalogued_one() -> None:
    assert check_catalogued([record("virtualGpu")], DECLARED) is None
    bad = record("virtualGpu")
    bad["hpa-feature-attributes"][0]["hpa-attribute-key"] = "numVirtualGPU"
    assert problem_of([bad], DECLARED) == (
        "virtualGpu record 0: attribute key 'numVirtualGPU' is not one of ['numVirtualGpu', 'virtualGpuType']; "
        "expected 'numVirtualGpu' (OOF matches attribute keys exactly, case-sensitive)"
    )
    bad = record("virtualGpu")
    set_value(bad, "virtualGpuType", {"value": "NVIDIA_11"})
    assert problem_of([bad], DECLARED) == (
        "virtualGpu record 0: attribute 'virtualGpuType' has value 'NVIDIA_11'; "
        'expected the required CUSTOM_ traits joined by "," (empty: any type)'
    )
    empty_type = record("virtualGpu")
    set_value(empty_type, "virtualGpuType", {"value": ""})
    assert check_catalogued([empty_type], DECLARED) is None


def test_raw_declarations_work_too_and_the_catalogue_wins() -> None:
    bad = record("virtualGpu")
    set_value(bad, "numVirtualGpu", {"value": "0"})
    assert problem_of([bad], {"virtualGpu": VIRTUAL_GPU}).startswith("virtualGpu record 0: attribute 'numVirtualGpu'")
    lax = {
        **json.loads(json.dumps(CATALOGUE["numa"].entry)),
        "attributes": [{"key": "x", "required": False, "type": "string"}],
    }
    assert check_catalogued([record("numa")], {"numa": Feature.from_entry(lax)}) is None  # the catalogue's numa


def test_declare_accepts_a_mapping_and_a_copy_of_a_catalogue_entry() -> None:
    by_name = {"virtualGpu": {k: v for k, v in VIRTUAL_GPU.items() if k != "hpa-feature"}}
    assert list(declare(by_name)) == ["virtualGpu"]
    entry = next(e for e in json.loads(catalogue_text())["features"] if e["hpa-feature"] == "sriovNICNetwork")
    entry["description"] = "ours"
    assert declare([entry])["sriovNICNetwork"] is CATALOGUE["sriovNICNetwork"]


def bad_declarations() -> Iterator[Any]:
    def changed(**fields: Any) -> dict[str, Any]:
        return {**copy.deepcopy(VIRTUAL_GPU), **fields}

    def attr(**fields: Any) -> dict[str, Any]:
        return changed(attributes=[{"key": "numVirtualGpu", "required": True, "type": "integer", **fields}])

    yield pytest.param(changed(cardinality="several"), "cardinality", id="cardinality")
    yield pytest.param(changed(**{"hpa-version": "1"}), "hpa-version", id="version")
    yield pytest.param(changed(**{"hpa-feature": "virtual-gpu"}), "hpa-feature", id="name")
    yield pytest.param(changed(architecture={"rule": "vendor", "pattern": "[a-z]+"}), "pattern", id="unanchored")
    yield pytest.param(changed(architecture={"rule": "vendor", "pattern": "^([a-z]+$"}), "architecture", id="regex")
    yield pytest.param(changed(attributes=[]), "attributes", id="no-attributes")
    yield pytest.param(changed(colour="red"), "colour", id="unknown-field")
    yield pytest.param(attr(units=["TB"]), "units", id="unit")
    yield pytest.param(attr(enum=["a"]), "enum", id="integer-enum")
    yield pytest.param(attr(type="float"), "type", id="type")
    yield pytest.param(attr(key="num gpu"), "key", id="key")
    yield pytest.param(
        changed(attributes=[{"key-pattern": "^gpu-[0-9]+$", "name": "gpu-<n>", "required": True, "type": "string"}]),
        "required",
        id="required-family",
    )
    yield pytest.param(
        changed(
            attributes=[
                {"key": "a", "required": True, "type": "string"},
                {"key": "a", "required": False, "type": "string"},
            ]
        ),
        "twice",
        id="duplicate-key",
    )
    sriov = next(e for e in json.loads(catalogue_text())["features"] if e["hpa-feature"] == "sriovNICNetwork")
    sriov["attributes"][1]["key"] = "pciVendorID"
    yield pytest.param(sriov, "catalogued", id="catalogued-differs")


@pytest.mark.parametrize(("declaration", "word"), list(bad_declarations()))
def test_a_bad_declaration_is_refused_saying_why(declaration: dict[str, Any], word: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(word)):
        declare([declaration])
    if "catalogued" not in word:
        with pytest.raises(CatalogueError):
            Feature.from_entry(declaration)  # the compiler alone (no schema library) refuses it too


def test_a_feature_declared_twice_is_refused() -> None:
    with pytest.raises(CatalogueError, match="declared twice"):
        declare([VIRTUAL_GPU, VIRTUAL_GPU])
    with pytest.raises(CatalogueError, match="names hpa-feature"):
        declare({"vgpu": VIRTUAL_GPU})


# -- every driver's output on every fixture --------------------------------------------------------

FLAVOR: dict[str, Any] = {
    "id": "0b6ee1c4-3c2d-4bd5-9d0e-6a1f7c3e2a10",
    "name": "onap.catalogue.medium",
    "vcpus": 4,
    "ram": 4096,
    "disk": 40,
    "swap": "",
    "OS-FLV-EXT-DATA:ephemeral": 0,
    "OS-FLV-DISABLED:disabled": False,
    "os-flavor-access:is_public": True,
}
VIM: dict[str, Any] = {
    "cloud_owner": "CloudOwner",
    "cloud_region_id": "RegionOne",
    "type": "openstack",
    "version": "pike",
    "userName": "onap-admin",
    "password": "fake-password-catalogue",
    "cloud_extra_info": "",
}
SRIOV_KEY = "aggregate_instance_extra_specs:sriov_nic"


def fixture_requests() -> Iterator[tuple[str, Any, Any, Any]]:
    """(where, flavor, extra_specs, vim) of every driver test case and recorded request, region and hostile flavor."""
    for path in sorted(REPO.glob("packages/*/tests/data/*.json")):
        case = json.loads(path.read_text())
        extra_specs = dict(case.get("extra_specs") or {})
        if isinstance(case.get("value"), str):  # the SR-IOV driver's cases: the one value it reads
            extra_specs[SRIOV_KEY] = case["value"]
        flavor = {**FLAVOR, **(case.get("flavor") or {})}
        vim = {**VIM, **(case.get("vim") or {})}
        yield str(path.relative_to(REPO)), flavor, extra_specs, vim
    for path in sorted([*REPO.glob("fixtures/requests/*.json"), *REPO.glob("fixtures/hostile/*.json")]):
        data = json.loads(path.read_text())
        if "flavor" in data:
            yield str(path.relative_to(REPO)), data["flavor"], data.get("extra_specs", {}), data["vim"]
    for region in sorted(REPO.glob("fixtures/regions/*/")):
        if not (region / "nova").is_dir():
            continue  # a recorded Kubernetes cluster (cluster.json): node profiles, no Nova flavors
        vim = json.loads((region / "vim.json").read_text())
        for flavor in json.loads((region / "nova" / "flavors.json").read_text())["flavors"]:
            specs_dir = region / "nova" / "extra_specs"
            found = [p for p in specs_dir.glob("*.json") if unquote(p.stem) == flavor["id"]]
            extra_specs = json.loads(found[0].read_text())["extra_specs"] if found else {}
            yield f"{region.relative_to(REPO)}:{flavor['id']}", flavor, extra_specs, vim


#: Every monorepo driver, called in this process as the Python worker calls it (the host's checks are not
#: under test here: what each driver hands the host is).
DISTRIBUTIONS = {path.parent.name for path in REPO.glob("packages/*/pyproject.toml")}
DRIVERS = {
    ep.name: ep.load()
    for ep in entry_points(group=ENTRY_POINT_GROUP)
    if ep.dist is not None and ep.dist.name in DISTRIBUTIONS
}


#: What the drivers themselves declare beyond the catalogue (DriverInfo.feature_specs), compiled as the host does.
DRIVER_DECLARED = {
    name: feature
    for driver in DRIVERS.values()
    for name, feature in declare(getattr(driver.DRIVER, "feature_specs", None) or {}).items()
}


def discover_all(flavor: Any, extra_specs: Any, vim: Any) -> dict[str, list[dict[str, Any]]] | None:
    """Each driver's records for one flavor (None when the plugin data is no request at all)."""
    try:
        request = DiscoveryRequest.build(flavor, extra_specs, vim)
    except RequestError:
        return None
    found = {}
    for name, driver in DRIVERS.items():
        try:
            records = driver.hpa_discover(request)
        except PartialDiscovery as partial:
            records = partial.records
        except (ExtraSpecError, VimInfoError):
            records = []
        found[name] = records
    return found


def test_every_driver_output_on_every_fixture_agrees_with_the_catalogue() -> None:
    assert set(DRIVERS) == {
        "compute-basic",
        "compute-cpu",
        "compute-numa",
        "compute-pci",
        "gpu",
        "ovs-dpdk",
        "sriov-nic",
    }
    assert set(DRIVER_DECLARED) == {"virtualGpu"}
    emitted: dict[str, int] = {}
    count = 0
    for where, flavor, extra_specs, vim in fixture_requests():
        by_driver = discover_all(flavor, extra_specs, vim)
        if by_driver is None:
            continue
        count += 1
        for driver, records in by_driver.items():
            assert check_catalogued(records, DRIVER_DECLARED) is None, (
                where,
                driver,
                check_catalogued(records, DRIVER_DECLARED),
            )
            for rec in records:
                emitted[rec["hpa-feature"]] = emitted.get(rec["hpa-feature"], 0) + 1
        assert conflicts(by_driver, DRIVER_DECLARED) == [], where
    assert count > 250
    # Every feature of the catalogue, and the declared one, was really exercised.
    assert set(emitted) == {*FEATURES, "virtualGpu"}, emitted


def test_the_expected_aai_state_of_every_region_agrees_with_the_catalogue() -> None:
    checked = 0
    for path in sorted(REPO.glob("fixtures/regions/*/aai/expected.json")):
        for region in json.loads(path.read_text())["cloud-region"]:
            for flavor in region.get("flavors", {}).get("flavor", []):
                records = flavor.get("hpa-capabilities", {}).get("hpa-capability", [])
                assert check_catalogued(records, DRIVER_DECLARED) is None, (path, flavor["flavor-id"])
                checked += len(records)
    assert checked > 20


def test_the_drivers_own_expected_records_agree_with_the_catalogue() -> None:
    for path in sorted(REPO.glob("packages/*/tests/data/*.json")):
        case = json.loads(path.read_text())
        records = case.get("records") or []
        if records and isinstance(
            records[0], list
        ):  # compute's compact form: [feature, architecture, [[key, value(, unit)]]]
            records = [
                capability(feature, arch, [attribute(key, *rest) for key, *rest in attrs])
                for feature, arch, attrs in records
            ]
        by_feature: dict[str, list[Any]] = {}
        for rec in records:
            by_feature.setdefault(rec["hpa-feature"], []).append(rec)
        for group in by_feature.values():  # one driver's view: a one-per-flavor feature at most once
            assert check_catalogued(group, DRIVER_DECLARED) is None, path.name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra_specs=st.fixed_dictionaries(
        {},
        optional={
            "hw:cpu_policy": st.sampled_from(["dedicated", "shared", "mixed", "Dedicated"]),
            "hw:cpu_thread_policy": st.sampled_from(["prefer", "isolate", "require", "x"]),
            "hw:cpu_sockets": st.sampled_from(["1", "2", " 2", "٢", "+02", "0"]),
            "hw:cpu_cores": st.integers(1, 64).map(str),
            "hw:cpu_threads": st.integers(0, 4).map(str),
            "hw:mem_page_size": st.sampled_from(["large", "small", "any", "2048", "1GB", "2MiB", "1048576", "2 MB"]),
            "hw:numa_nodes": st.sampled_from(["1", "2", "4", "two"]),
            "hw:numa_cpus.0": st.sampled_from(["0-1", "0,1", "0-3,^2", "0 ,1"]),
            "hw:numa_cpus.1": st.sampled_from(["2,3", "2-3", "3"]),
            "hw:numa_mem.0": st.sampled_from(["2048", "1024", "+2048"]),
            "hw:numa_mem.1": st.sampled_from(["2048", "3072"]),
            "hw:capabilities:cpu_info:features": st.text(max_size=300),
            "pci_passthrough:alias": st.lists(
                st.tuples(
                    st.sampled_from(["sriov-vf", "gpu-t4", "nic-pf", "gpu-v100", "fpga-n3000", "a-b"]),
                    st.sampled_from(["intel", "nvidia", "amd", "mellanox", "Intel_1.x", "-"]),
                    st.sampled_from(["8086", "10de", "1002", "15b3", "ZZZZ", "808"]),
                    st.sampled_from(["154C", "1db4", "0b30", "1017", "x"]),
                    st.integers(0, 9),
                ).map(lambda t: f"{t[0]}-{t[1]}-{t[2]}-{t[3]}:{t[4]}"),
                min_size=1,
                max_size=4,
            ).map(",".join),
            SRIOV_KEY: st.tuples(
                st.sampled_from(["intel", "mellanox", "in tel"]),
                st.sampled_from(["8086", "15b3", "xyz"]),
                st.sampled_from(["154C", "1017"]),
                st.sampled_from(["physnet1", "physnet-a-b", ""]),
                st.integers(0, 8),
            ).map(lambda t: f"sriov-nic-{t[0]}-{t[1]}-{t[2]}-{t[3]}:{t[4]}"),
            "resources:VGPU": st.sampled_from(["1", "2", "0", "+3"]),
            "trait:CUSTOM_NVIDIA_11": st.sampled_from(["required", "forbidden"]),
        },
    ),
    vcpus=st.integers(1, 8),
    ram=st.sampled_from([512, 4096, 8192]),
    cloud_extra_info=st.sampled_from(
        [
            "",
            '{"ovsDpdk": {"libversion": "v17.02"}}',
            '{"ovsDpdk": {"libname": "dpdkLib", "libversion": "18.11"}}',
            '{"ovsDpdk": {"libversion": 17.02}}',
        ]
    ),
)
def test_generated_flavors_give_only_catalogue_conformant_records(
    extra_specs: dict[str, str], vcpus: int, ram: int, cloud_extra_info: str
) -> None:
    flavor = {**FLAVOR, "vcpus": vcpus, "ram": ram}
    by_driver = discover_all(flavor, extra_specs, {**VIM, "cloud_extra_info": cloud_extra_info})
    assert by_driver is not None
    for driver, records in by_driver.items():
        assert check_catalogued(records, DRIVER_DECLARED) is None, (driver, check_catalogued(records, DRIVER_DECLARED))
    assert conflicts(by_driver, DRIVER_DECLARED) == []


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789+- .e٢x", max_size=8))
def test_an_integer_value_is_accepted_exactly_when_it_is_canonical_digits_at_or_above_the_minimum(text: str) -> None:
    good = record("pciePassthrough")
    set_value(good, "pciCount", {"value": text})
    canonical = text.isascii() and text.isdigit() and str(int(text)) == text and int(text) >= 1
    assert (check_catalogued([good]) is None) is canonical


@settings(max_examples=300, deadline=None)
@given(key=st.text(alphabet="pciVendorIdDCount_-.0123", min_size=1, max_size=14))
def test_a_key_is_accepted_exactly_when_it_is_one_of_the_features_keys(key: str) -> None:
    bad = record("pciePassthrough")
    bad["hpa-feature-attributes"].append(attribute(key, "1"))
    found = check_catalogued([bad])
    if key in ("pciCount", "pciVendorId", "pciDeviceId"):
        return  # a repeated key: check_records' rule
    assert found is not None
    assert f"attribute key {key!r} is not one of ['pciCount', 'pciVendorId', 'pciDeviceId']" in found[1]


@settings(max_examples=200, deadline=None)
@given(
    garbage=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "hpa-feature",
                        "hpa-version",
                        "architecture",
                        "hpa-feature-attributes",
                        "hpa-attribute-key",
                        "hpa-attribute-value",
                        "numa",
                        "v1",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=12,
    )
)
def test_nothing_makes_the_checks_raise(garbage: Any) -> None:
    records = garbage if isinstance(garbage, list) else [garbage]
    found = check_catalogued(records)
    assert found is None or found[0] == INVALID_OUTPUT
    conflicts({"a": [r for r in records if isinstance(r, dict)]})


# -- the command and the runtime floor -------------------------------------------------------------


def test_onap_hpa_schema_prints_the_catalogue_and_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--catalogue"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(catalogue_text()) == CATALOGUE.data
    assert main(["schema", "--catalogue-schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$defs"]["feature"]["required"][0] == "hpa-feature"
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["required"][0] == "hpa-capability-id"


def test_the_module_parses_as_python_3_9() -> None:
    path = Path(__file__).resolve().parents[1] / "src" / "onap_hpa_host" / "catalogue.py"
    source = path.read_text()
    ast.parse(source, feature_version=(3, 9))
    assert "from __future__ import annotations" in source
    assert "slots=" not in source
    assert "strict=" not in source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("isinstance", "issubclass"):
            assert not isinstance(node.args[1], ast.BinOp), ast.unparse(node)


def test_the_vendor_guide_example_declaration_is_valid() -> None:
    guide = (REPO / "docs" / "vendor-guide.md").read_text()
    section = guide[guide.index("### The HPA feature catalogue") :]
    code = section[section.index("```python\n") + 10 : section.index("```", section.index("```python\n") + 10)]
    namespace: dict[str, Any] = {"DriverInfo": DriverInfo, "__version__": "1.0.0"}
    exec(code, namespace)  # noqa: S102 - our own documentation
    declared = declare(namespace["DRIVER"].feature_specs)
    good = capability(
        "qatCrypto",
        "intel",
        [attribute("pciCount", 1), attribute("pciVendorId", "8086"), attribute("pciDeviceId", "37c8")],
    )
    assert check_catalogued([good, good], declared) is None
    good["hpa-feature-attributes"][0]["hpa-attribute-key"] = "pcicount"
    assert "expected 'pciCount'" in problem_of([good], declared)
