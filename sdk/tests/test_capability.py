from __future__ import annotations

import json

import pytest

from onap_hpa import attribute, attribute_value, capability, pci_attributes


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (2, None, '{"value":"2"}'),
        ("2048", "MB", '{"value":"2048","unit":"MB"}'),
        ('phys"net\\1', None, '{"value":"phys\\"net\\\\1"}'),
        ("é\n", "KB", '{"value":"\\u00e9\\n","unit":"KB"}'),
    ],
)
def test_attribute_value_is_real_json_with_a_string_value(value: object, unit: str | None, text: str) -> None:
    assert attribute_value(value, unit) == text  # type: ignore[arg-type]
    decoded = json.loads(text)
    assert decoded["value"] == str(value)
    assert decoded.get("unit") == unit


def test_quotes_that_broke_the_original_stay_valid_json() -> None:
    record = capability("sriovNICNetwork", "intel", [attribute("physicalNetwork", 'a","unit":"GB')])
    decoded = json.loads(record["hpa-feature-attributes"][0]["hpa-attribute-value"])
    assert decoded == {"value": 'a","unit":"GB'}


@pytest.mark.parametrize(
    ("value", "unit", "error"), [(True, None, TypeError), (1.5, None, TypeError), (1, "MiB", ValueError)]
)
def test_builders_refuse_what_oof_cannot_read(value: object, unit: str | None, error: type[Exception]) -> None:
    with pytest.raises(error):
        attribute_value(value, unit)  # type: ignore[arg-type]


def test_capability_has_the_aai_shape_without_an_id() -> None:
    record = capability("numa", "generic", [attribute("numaNodes", 2)])
    assert record == {
        "hpa-feature": "numa",
        "architecture": "generic",
        "hpa-version": "v1",
        "hpa-feature-attributes": [{"hpa-attribute-key": "numaNodes", "hpa-attribute-value": '{"value":"2"}'}],
    }


def test_pci_attributes_are_the_three_oof_matches() -> None:
    assert pci_attributes(2, "8086", "154C") == [
        {"hpa-attribute-key": "pciCount", "hpa-attribute-value": '{"value":"2"}'},
        {"hpa-attribute-key": "pciVendorId", "hpa-attribute-value": '{"value":"8086"}'},
        {"hpa-attribute-key": "pciDeviceId", "hpa-attribute-value": '{"value":"154C"}'},
    ]
