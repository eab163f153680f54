"""Conformance on real drivers: the packages of this tree pass in-process; a wheel is checked in its own venv."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from onap_hpa_harness.conformance import as_junit, as_text, installed_drivers, run_distribution

from .conftest import FIXTURES, REPO


def test_no_driver_is_hard_coded_every_installed_one_is_found() -> None:
    assert "onap-device-driver-sriov-nic" in installed_drivers()


def test_the_sriov_nic_driver_passes_every_check() -> None:
    (report,) = run_distribution("onap-device-driver-sriov-nic", FIXTURES, examples=40)
    assert [(c.name, c.passed) for c in report.checks if not c.passed] == []
    text = as_text([report])
    assert text.startswith("PASS onap-device-driver-sriov-nic ")
    assert "  PASS  budget" in text
    assert 'failures="0"' in as_junit([report])


def test_an_unknown_distribution_fails_with_its_reason() -> None:
    (report,) = run_distribution("onap-device-driver-does-not-exist", FIXTURES)
    assert not report.passed
    assert "is not installed" in report.checks[0].detail


@pytest.mark.integration
def test_wheel_path_is_checked_in_a_fresh_venv_and_its_file_name_must_match(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build = [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(out)]
    subprocess.run([*build, str(REPO / "packages" / "onap-device-driver-sriov-nic")], check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    renamed = tmp_path / wheel.name.replace("onap_device_driver_sriov_nic", "onap_device_driver_sriov")
    shutil.copy(wheel, renamed)
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "onap_hpa_host.cli",
        "conformance",
        str(wheel),
        str(renamed),
        "--json",
        str(report),
    ]
    run = subprocess.run([*command, "--examples", "20"], capture_output=True, text=True, cwd=REPO, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    good, bad = json.loads(report.read_text())["drivers"]
    assert good["passed"], good
    assert good["target"] == str(wheel)
    (name,) = [c for c in bad["checks"] if c["name"] == "name"]
    assert not name["passed"]
    assert "does not start with onap_device_driver_sriov_nic-" in name["detail"]
    assert f"FAIL onap-device-driver-sriov-nic  ({renamed})" in run.stdout
