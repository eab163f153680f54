"""Table-driven: one case per file in tests/data (value in, facts or the error's expectation out)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_sriov_nic.parse import KEY, parse

from onap_hpa import ExtraSpecError

CASES = sorted((Path(__file__).parent / "data").glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_case(path: Path) -> None:
    case: dict[str, Any] = json.loads(path.read_text())
    specs = {KEY: case["value"], "capabilities:cpu_info:model": "Haswell"}
    if "expected" in case:
        assert asdict(parse("f1", specs)) == case["expected"]
    else:
        with pytest.raises(ExtraSpecError, match=re.escape(case["error"])) as error:
            parse("f1", specs)
        assert (error.value.flavor_id, error.value.key, error.value.value) == ("f1", KEY, case["value"])
        assert f"flavor 'f1': extra_spec '{KEY}'" in str(error.value)


def test_absent_key_means_no_nic() -> None:
    assert parse("f1", {"hw:cpu_policy": "dedicated"}) is None
