"""The foundation as a MultiCloud plugin gets it: SDK and SR-IOV driver wheels, pip-installed, run."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO

REQUEST = REPO / "fixtures" / "requests" / "sriov-nic.json"
EXPECTED = json.loads(REQUEST.with_name("sriov-nic.expected.json").read_text())

pytestmark = pytest.mark.integration


def test_wheels_install_into_a_fresh_venv_and_discover(
    build_wheel: Callable[[str], Path], fresh_venv: Callable[..., Path]
) -> None:
    sdk = build_wheel("sdk")
    driver = build_wheel("packages/onap-device-driver-sriov-nic")
    assert re.fullmatch(r"onap_hpa_sdk-\d+\.\d+\.\d+-py3-none-any\.whl", sdk.name)
    assert re.fullmatch(r"onap_device_driver_sriov_nic-\d+\.\d+\.\d+-py3-none-any\.whl", driver.name)
    bin_dir = fresh_venv(sdk, build_wheel("host"), driver)

    drivers = subprocess.run([bin_dir / "onap-hpa", "drivers", "--json"], check=True, capture_output=True, text=True)
    assert [(d["name"], d["status"]) for d in json.loads(drivers.stdout)] == [("sriov-nic", "loaded")]

    outputs = []
    for seed in ("1", "2"):  # separate processes, different hash seeds: byte-identical output
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [bin_dir / "onap-hpa", "discover", REQUEST], check=True, capture_output=True, text=True, env=env
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0]) == EXPECTED
