"""Every conformance check can fail, with its reason printed: the broken drivers of tests/broken_drivers.

Each broken driver fails exactly the checks listed for it (a driver that does not load skips the checks
that need it loaded). All of them are installed into ONE fresh venv (with the SDK, host and harness) and
checked by three ``onap-hpa conformance`` runs side by side, each writing its text, JSON and JUnit reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_harness.conformance import CHECKS

from .conftest import REPO

pytestmark = pytest.mark.integration

BROKEN = REPO / "tests" / "broken_drivers"
TRICK = "entry point 'sriov-nic' is the name of ONAP's driver from onap-device-driver-sriov-nic"
#: report target -> {check that must fail: words its printed reason must contain}. No other check may fail.
EXPECTED: dict[str, dict[str, str]] = {
    "hpa-driver-badname": {"name": "does not follow onap-device-driver-<name>"},
    "onap-device-driver-broken-import": {"entry-point": "ImportError: this driver cannot be imported"},
    "onap-device-driver-broken-signature": {"hooks": "Argument(s) {'region'} are declared in the hookimpl"},
    "onap-device-driver-broken-contract": {"contract": "declares contract '2.0'"},
    "onap-device-driver-broken-raise": {"fixtures": "raised: RuntimeError: cannot handle", "hostile": "RuntimeError"},
    "onap-device-driver-broken-garbage": {"fixtures": "decodes to a JSON int", "hostile": "decodes to a JSON int"},
    "onap-device-driver-broken-oversize": {"fixtures": "more than the 1500-byte cap"},
    "onap-device-driver-broken-undeclared": {"fixtures": "undeclared-feature", "hostile": "undeclared-feature"},
    "onap-device-driver-broken-hang": {"fixtures": "timeout: no result within", "budget": "ran past the gate's"},
    "onap-device-driver-broken-unstable": {"stable": "two runs in one worker differ"},
    "onap-device-driver-broken-hashseed": {"stable": "a run in a fresh worker (another hash seed) differs"},
    "onap-device-driver-broken-deleteurls": {"delete-urls": "created records without a URL"},
    "onap-device-driver-broken-hostile": {"hostile": "raised: IndexError"},
    "onap-device-driver-broken-slow": {"budget": "over the 5 ms budget"},
    # A gate that cannot be fooled (issue 11): one broken driver per way to slip through the old gate.
    "onap-device-driver-broken-secrets": {"secrets": "the canary of environment variable"},
    "onap-device-driver-broken-network": {"isolation": "network attempt on flavor"},
    "onap-device-driver-broken-escape": {"isolation": "write attempt on flavor"},
    "onap-device-driver-broken-monkeypatch": {"fixtures": "is not JSON", "hostile": "is not JSON"},
    "onap-device-driver-broken-gateaware": {"budget": "over the 5 ms budget"},
    "onap-device-driver-broken-bigflavor": {"budget": "ran past the gate's 0.5 s deadline"},
    "onap-device-driver-sriov[sriov-nic]": {"name": TRICK},
    "onap-device-driver-sriov[sriov-pf]": {"name": TRICK},
    "onap-device-driver-broken-unexercised": {"exercised": "no fixture flavor made it emit ['pciePassthrough']"},
    "onap-device-driver-broken-exit": {"hostile": "crashed: the worker exited with status 3"},
    "onap-device-driver-broken-segfault": {"hostile": "crashed: the worker was killed by SIGSEGV"},
    "onap-device-driver-broken-catalogue": {"catalogue": "attribute key 'pcicount' is not one of"},
}
#: Drivers whose worker never loads them: the checks that need a loaded driver are skipped, not failed.
UNLOADED = {
    "onap-device-driver-broken-import",
    "onap-device-driver-broken-signature",
    "onap-device-driver-broken-contract",
}
#: The slow ones first, so that the three runs share them out.
SLOW = ["hang", "gateaware", "bigflavor", "exit", "segfault", "slow"]


def distributions() -> list[str]:
    names = sorted({target.split("[", 1)[0] for target in EXPECTED})
    slow = [f"onap-device-driver-broken-{name}" for name in SLOW]
    return slow + [name for name in names if name not in slow]


def uv(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "uv", *args], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("broken")
    venv = tmp / "venv"
    uv("venv", "--quiet", "-p", sys.executable, str(venv))
    packages = [str(path) for path in sorted(BROKEN.iterdir()) if (path / "pyproject.toml").exists()]
    assert len(packages) == len(distributions())
    python = str(venv / "bin" / "python")
    uv(
        "pip",
        "install",
        "--quiet",
        "-p",
        python,
        str(REPO / "sdk"),
        str(REPO / "host"),
        str(REPO / "harness"),
        *packages,
    )
    groups = [distributions()[index::3] for index in range(3)]
    runs = []
    for index, group in enumerate(groups):
        reports = ["--json", str(tmp / f"{index}.json"), "--junit", str(tmp / f"{index}.xml")]
        command = [str(venv / "bin" / "onap-hpa"), "conformance", *group, *reports, "--examples", "60"]
        with (tmp / f"{index}.out").open("w") as out, (tmp / f"{index}.err").open("w") as err:
            runs.append(subprocess.Popen(command, cwd=REPO, stdout=out, stderr=err))
    codes = [run.wait(timeout=900) for run in runs]
    drivers = [driver for index in range(3) for driver in json.loads((tmp / f"{index}.json").read_text())["drivers"]]
    junit = [ET.parse(tmp / f"{index}.xml").getroot() for index in range(3)]  # noqa: S314 - our own reports
    return {
        "codes": codes,
        "stdout": "".join((tmp / f"{index}.out").read_text() for index in range(3)),
        "drivers": {driver["target"]: driver for driver in drivers},
        "junit": junit,
    }


def test_every_run_fails_with_a_non_zero_exit(outcome: dict[str, Any]) -> None:
    assert outcome["codes"] == [1, 1, 1]
    assert set(outcome["drivers"]) == set(EXPECTED)
    assert not any(driver["passed"] for driver in outcome["drivers"].values())


@pytest.mark.parametrize("target", sorted(EXPECTED))
def test_each_broken_driver_fails_exactly_its_checks_with_the_reason_printed(
    outcome: dict[str, Any], target: str
) -> None:
    driver = outcome["drivers"][target]
    checks = {check["name"]: check for check in driver["checks"]}
    assert list(checks) == list(CHECKS)  # a complete report, whatever the driver did
    failed = {name for name, check in checks.items() if check["status"] == "failed"}
    assert failed == set(EXPECTED[target]), {name: checks[name]["detail"] for name in failed}
    for name, reason in EXPECTED[target].items():
        assert reason in checks[name]["detail"], checks[name]["detail"]
    skipped = {name for name, check in checks.items() if check["status"] == "skipped"}
    if target not in UNLOADED:
        assert skipped <= {"exercised", "stable", "delete-urls"}, skipped  # only after fixture flavors hung
    summary = outcome["stdout"]
    block = summary[summary.index(f"({target})") :]
    for name, reason in EXPECTED[target].items():
        line = next(line for line in block.splitlines() if line.strip().startswith(f"FAIL  {name} "))
        assert reason in line


def test_every_check_fails_for_some_broken_driver(outcome: dict[str, Any]) -> None:
    failed = {c["name"] for d in outcome["drivers"].values() for c in d["checks"] if c["status"] == "failed"}
    assert failed == set(CHECKS)


def test_a_crashed_worker_is_a_failed_check_naming_flavor_exit_and_last_output(outcome: dict[str, Any]) -> None:
    for target, died in (
        ("onap-device-driver-broken-exit", "status 3"),
        ("onap-device-driver-broken-segfault", "SIGSEGV"),
    ):
        (hostile,) = [c for c in outcome["drivers"][target]["checks"] if c["name"] == "hostile"]
        assert hostile["detail"].startswith("generated/")  # the flavor, then its extra_specs
        assert died in hostile["detail"]
        assert f"its last output: {target.removeprefix('onap-device-driver-')}:" in hostile["detail"]
        assert hostile["data"]["flavor"] in hostile["detail"]


def test_junit_has_one_failure_per_failed_check(outcome: dict[str, Any]) -> None:
    suites = [suite for root in outcome["junit"] for suite in root.iter("testsuite")]
    assert len(suites) == len(EXPECTED)
    slow = next(suite for suite in suites if suite.get("name") == "onap-device-driver-broken-slow")
    failures = [case.get("name") for case in slow.iter("testcase") if case.find("failure") is not None]
    assert failures == ["budget"]
    assert slow.get("failures") == "1"
    imported = next(suite for suite in suites if suite.get("name") == "onap-device-driver-broken-import")
    assert (imported.get("failures"), imported.get("skipped")) == ("1", str(len(CHECKS) - 2))


def test_isolation_lists_the_attempts_and_the_sandbox_denied_them(outcome: dict[str, Any]) -> None:
    (check,) = [c for c in outcome["drivers"]["onap-device-driver-broken-escape"]["checks"] if c["name"] == "isolation"]
    kinds = {attempt["kind"] for attempt in check["data"]["attempts"]}
    assert kinds == {"write", "process"}
    assert "denied: landlock allows writes in the worker's directory only" in check["detail"]
    assert not Path("/var/tmp/onap-hpa-broken-escape").exists()


def test_checks_that_should_pass_still_pass_on_a_broken_driver(outcome: dict[str, Any]) -> None:
    driver = outcome["drivers"]["onap-device-driver-broken-deleteurls"]
    passed = {check["name"] for check in driver["checks"] if check["passed"]}
    assert passed == set(CHECKS) - {"delete-urls"}
