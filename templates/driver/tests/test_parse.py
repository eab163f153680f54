"""parse.py, table-driven: one case per file in tests/data/ (add a file to add a case).

A case holds ``extra_specs`` and either ``devices``, each ``[vendorname, vendorid, deviceid, count]``
(what the records will carry), or ``error``, a part of the ``expected`` text of the ExtraSpecError.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from onap_device_driver_example_accel.parse import KEY, MAX_DEVICES, parse

from onap_hpa import ExtraSpecError

CASES = sorted((Path(__file__).parent / "data").glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    specs = case["extra_specs"]
    if "error" not in case:
        found = [[d.pci.vendor_name, d.pci.vendor_id, d.pci.device_id, d.count] for d in parse("flavor-1", specs)]
        assert found == case["devices"]
        return
    with pytest.raises(ExtraSpecError) as caught:
        parse("flavor-1", specs)
    error = caught.value
    assert (error.flavor_id, error.key, error.value) == ("flavor-1", KEY, specs[KEY])
    assert case["error"] in error.expected
    # The message an operator reads names the flavor, the key and the value.
    assert all(repr(part) in str(error) for part in ("flavor-1", KEY))


@given(st.text(max_size=300))
def test_any_value_gives_devices_or_an_extra_spec_error(value: str) -> None:
    error = None
    try:
        devices = parse("flavor-1", {KEY: value})
    except ExtraSpecError as caught:  # anything else escapes and fails the test
        devices, error = (), caught
    assert error is None or (error.flavor_id, error.key, error.value) == ("flavor-1", KEY, value)
    assert len(devices) <= MAX_DEVICES
    assert all(device.count >= 1 for device in devices)
