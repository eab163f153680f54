"""Conformance on real drivers: the gate runs them in their sandboxed workers; a wheel is checked in its own venv."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_harness.conformance import CHECKS, as_junit, as_text, installed_drivers, run_distribution
from onap_hpa_harness.conformance.checks import RESERVED

from .conftest import FIXTURES, REPO

#: Runs the gate's command in a process of its own, then says which driver modules that process imported.
GATE = """
import json, sys
from onap_hpa_host.cli import main
code = main(sys.argv[1:])
imported = sorted(name for name in sys.modules if name.startswith("onap_device_driver"))
print("IMPORTED " + json.dumps(imported))
raise SystemExit(code)
"""


@pytest.fixture(scope="module")
def sriov_gate(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``onap-hpa conformance onap-device-driver-sriov-nic`` with every report, in a process of its own."""
    out = tmp_path_factory.mktemp("gate")
    reports = ["--json", out / "r.json", "--junit", out / "r.xml", "--text", out / "r.txt"]
    command = [sys.executable, "-c", GATE, "conformance", "onap-device-driver-sriov-nic", "--fixtures", FIXTURES]
    run = subprocess.run(
        [*map(str, command), *map(str, reports), "--examples", "40"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return {
        "run": run,
        "json": json.loads((out / "r.json").read_text()),
        "junit": ET.parse(out / "r.xml").getroot(),  # noqa: S314 - our own report
        "text": (out / "r.txt").read_text(),
    }


def test_no_driver_is_hard_coded_every_installed_one_is_found() -> None:
    assert "onap-device-driver-sriov-nic" in installed_drivers()


def test_the_sriov_nic_driver_passes_every_check(sriov_gate: dict[str, Any]) -> None:
    assert sriov_gate["run"].returncode == 0, sriov_gate["run"].stdout + sriov_gate["run"].stderr
    (driver,) = sriov_gate["json"]["drivers"]
    assert [(c["name"], c["status"]) for c in driver["checks"]] == [(name, "passed") for name in CHECKS]
    assert sriov_gate["text"].startswith("PASS onap-device-driver-sriov-nic ")
    assert sriov_gate["run"].stdout.startswith(sriov_gate["text"])
    assert 'failures="0"' in ET.tostring(sriov_gate["junit"], encoding="unicode")


def test_the_gate_never_imports_the_driver_into_its_own_process(sriov_gate: dict[str, Any]) -> None:
    imported = next(line for line in sriov_gate["run"].stdout.splitlines() if line.startswith("IMPORTED "))
    assert json.loads(imported.removeprefix("IMPORTED ")) == []


def test_the_report_says_what_was_run_and_the_slowest_flavor(sriov_gate: dict[str, Any]) -> None:
    checks = {c["name"]: c for c in sriov_gate["json"]["drivers"][0]["checks"]}
    assert "reads ['aggregate_instance_extra_specs:sriov_nic']" in checks["entry-point"]["detail"]
    assert "sriovNICNetwork (" in checks["exercised"]["detail"]
    assert "up to 60 of 60 extra_specs" in checks["hostile"]["detail"]
    assert checks["budget"]["detail"].startswith("slowest ")
    assert set(checks["budget"]["data"]) == {"flavor", "ms", "wall_ms"}
    assert "none reached sriov-nic's worker" in checks["secrets"]["detail"]
    assert "no network, write or process attempt" in checks["isolation"]["detail"]


def test_an_unknown_distribution_fails_with_its_reason() -> None:
    (report,) = run_distribution("onap-device-driver-does-not-exist", FIXTURES)
    assert not report.passed
    assert "is not installed" in report.checks[0].detail


def test_reserved_names_are_the_entry_points_of_onap_s_own_drivers() -> None:
    found = {}
    for path in sorted(REPO.glob("packages/*/pyproject.toml")):
        project = tomllib.loads(path.read_text())["project"]
        for name in project["entry-points"]["onap.hpa.drivers"]:
            found[name] = project["name"]
    assert found == RESERVED


def test_text_and_junit_of_a_failing_driver_name_the_failure() -> None:
    from onap_hpa_harness.conformance import CheckResult, DriverReport

    report = DriverReport("x", "onap-device-driver-x", "1")
    report.checks += [
        CheckResult("entry-point", False, "its worker could not load it"),
        CheckResult("fixtures", False, "not run: the driver did not load", skipped=True),
    ]
    assert not report.passed
    assert "  FAIL  entry-point  its worker could not load it" in as_text([report])
    assert "  SKIP  fixtures     not run" in as_text([report])
    junit = ET.fromstring(as_junit([report]))  # noqa: S314 - our own report
    suite = next(junit.iter("testsuite"))
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "1")


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
