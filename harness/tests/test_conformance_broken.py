"""Every conformance check can fail, with its reason printed: the broken drivers of tests/broken_drivers.

All of them are installed into ONE fresh venv (with the SDK and this harness) and checked in ONE
``onap-hpa conformance`` run, which keeps the slow part to a few seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from .conftest import REPO

pytestmark = pytest.mark.integration

BROKEN = REPO / "tests" / "broken_drivers"
#: distribution -> {check that must fail: words its printed reason must contain}
EXPECTED: dict[str, dict[str, str]] = {
    "hpa-driver-badname": {"name": "does not follow onap-device-driver-<name>"},
    "onap-device-driver-broken-import": {"entry-point": "ImportError: this driver cannot be imported"},
    "onap-device-driver-broken-signature": {"hooks": "takes ['region']"},
    "onap-device-driver-broken-contract": {"contract": "declares contract '2.0'"},
    "onap-device-driver-broken-raise": {"fixtures": "raised: hpa_discover raised RuntimeError", "hostile": "raised"},
    "onap-device-driver-broken-garbage": {"fixtures": "invalid-output"},
    "onap-device-driver-broken-oversize": {"fixtures": "oversize"},
    "onap-device-driver-broken-undeclared": {"fixtures": "undeclared-feature"},
    "onap-device-driver-broken-hang": {"fixtures": "timeout", "budget": "deadline"},
    "onap-device-driver-broken-unstable": {"stable": "two runs in one process differ"},
    "onap-device-driver-broken-hashseed": {"stable": "another process (PYTHONHASHSEED="},
    "onap-device-driver-broken-deleteurls": {"delete-urls": "created records without a URL"},
    "onap-device-driver-broken-hostile": {"hostile": "IndexError"},
    "onap-device-driver-broken-slow": {"budget": "over the 5 ms budget"},
}


def uv(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "uv", *args], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("broken")
    venv = tmp / "venv"
    uv("venv", "--quiet", "-p", sys.executable, str(venv))
    packages = [str(path) for path in sorted(BROKEN.iterdir()) if (path / "pyproject.toml").exists()]
    assert len(packages) == len(EXPECTED)
    uv(
        "pip",
        "install",
        "--quiet",
        "-p",
        str(venv / "bin" / "python"),
        str(REPO / "sdk"),
        str(REPO / "harness"),
        *packages,
    )
    report, junit = tmp / "report.json", tmp / "junit.xml"
    command = [str(venv / "bin" / "onap-hpa"), "conformance", *EXPECTED, "--json", str(report), "--junit", str(junit)]
    run = subprocess.run(
        [*command, "--examples", "60"], capture_output=True, text=True, cwd=REPO, check=False, timeout=600
    )
    tree = ET.parse(junit)  # noqa: S314 - our own report
    return {"run": run, "report": json.loads(report.read_text()), "junit": tree.getroot()}


def test_the_run_fails_with_a_non_zero_exit(outcome: dict[str, Any]) -> None:
    assert outcome["run"].returncode == 1
    assert outcome["report"]["passed"] is False


@pytest.mark.parametrize("distribution", sorted(EXPECTED))
def test_each_broken_driver_fails_its_check_with_the_reason_printed(outcome: dict[str, Any], distribution: str) -> None:
    (driver,) = [d for d in outcome["report"]["drivers"] if d["target"] == distribution]
    checks = {check["name"]: check for check in driver["checks"]}
    for name, reason in EXPECTED[distribution].items():
        assert not checks[name]["passed"], f"{distribution}: {name} passed: {checks[name]['detail']}"
        assert reason in checks[name]["detail"]
    summary = outcome["run"].stdout
    block = summary[summary.index(f"FAIL {distribution} ") :]
    for name in EXPECTED[distribution]:
        line = next(line for line in block.splitlines() if line.strip().startswith(f"FAIL  {name} "))
        assert EXPECTED[distribution][name] in line


def test_every_check_fails_for_some_broken_driver(outcome: dict[str, Any]) -> None:
    from onap_hpa_harness.conformance import CHECKS

    failed = {c["name"] for d in outcome["report"]["drivers"] for c in d["checks"] if not c["passed"]}
    assert failed == set(CHECKS)


def test_junit_has_one_failure_per_failed_check(outcome: dict[str, Any]) -> None:
    suites = {suite.get("name"): suite for suite in outcome["junit"].iter("testsuite")}
    assert set(suites) == set(EXPECTED)
    slow = suites["onap-device-driver-broken-slow"]
    failures = [case.get("name") for case in slow.iter("testcase") if case.find("failure") is not None]
    assert failures == ["budget"]
    assert slow.get("failures") == "1"


def test_checks_that_should_pass_still_pass_on_a_broken_driver(outcome: dict[str, Any]) -> None:
    (driver,) = [d for d in outcome["report"]["drivers"] if d["target"] == "onap-device-driver-broken-deleteurls"]
    passed = {check["name"] for check in driver["checks"] if check["passed"]}
    assert passed == {"name", "entry-point", "hooks", "contract", "fixtures", "stable", "hostile", "budget"}
