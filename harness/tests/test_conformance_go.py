"""One gate for both languages (issue 12): ``onap-hpa conformance`` on Go drivers.

The Go drivers and the deliberately broken ones of ``go/internal/broken`` are built with ``go build`` and
gated as bare protocol worker binaries (``--exec``), in two ``onap-hpa conformance`` runs side by side; the
Kubernetes drivers' platform wheel is gated as a wheel (its ``exec:`` entry points, in a venv of its own).
Without a Go toolchain these tests skip, except on CI (``CI`` set), where a missing toolchain fails them.
The node corpus (recorded clusters' profiles, generated node profiles) is tested without Go.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from onap_hpa.request import DiscoveryRequest
from onap_hpa_harness.conformance import CHECKS, run_targets
from onap_hpa_harness.conformance.corpus import cluster_corpus, fixture_corpus, node_corpus, reads_nodes

from .conftest import FIXTURES, REPO

GO_MODULE = REPO / "go"
#: The Kubernetes drivers: one binary, serving the driver its file name names.
K8S = ("k8s-compute", "k8s-cpu", "k8s-gpu", "k8s-sriov-nic")
#: broken Go driver -> {check that must fail: words its reason must contain}. No other check may fail.
BROKEN: dict[str, dict[str, str]] = {
    # a runtime panic inside Discover: the SDK's recover makes it the flavor's "raised" error
    "panic": {
        "fixtures": "raised: panic: runtime error: index out of range [4] with length 2",
        "hostile": "raised: panic: runtime error: index out of range",
    },
    # a panic in a goroutine of its own: the process dies with the Go runtime's exit status 2
    "crash": {"hostile": "crashed: the worker exited with status 2"},
    "hang": {"fixtures": "timeout: no result within the 0.5 s deadline", "budget": "ran past the gate's 0.5 s"},
    "garbage": {
        "fixtures": "attribute 'numVirtualCpu' value decodes to a JSON int, not an object",
        "hostile": "decodes to a JSON int",
    },
    "wire": {
        "fixtures": "the worker sent a line that is not JSON: b'\\x00\\xffgarbage",
        "hostile": "the worker sent a line that is not JSON",
    },
}
#: Drivers that never finish their fixture flavors: the checks judging finished runs skip.
UNFINISHED = {"hang": {"exercised", "stable"}, "wire": {"exercised", "stable"}}
EXAMPLES = "60"


def go_toolchain() -> str:
    """The go command: on PATH or Go's default install; skip without one, except on CI (fail there)."""
    found = shutil.which("go") or next((p for p in ("/usr/local/go/bin/go",) if Path(p).exists()), None)
    if found is None:
        message = "no Go toolchain (go on PATH or /usr/local/go/bin/go): the Go drivers cannot be gated"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI machines have one")
        pytest.skip(message)
    return found


def gate(*args: str | Path, out: Path) -> subprocess.Popen[str]:
    """``onap-hpa conformance ARGS`` in a process of its own, with JSON, JUnit and text reports in ``out``."""
    reports = ["--json", out / "r.json", "--junit", out / "r.xml", "--text", out / "r.txt", "--examples", EXAMPLES]
    command = [sys.executable, "-m", "onap_hpa_host.cli", "conformance", *args, "--fixtures", FIXTURES, *reports]
    return subprocess.Popen(
        [str(part) for part in command], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def outcome(run: subprocess.Popen[str], out: Path) -> dict[str, Any]:
    stdout, stderr = run.communicate(timeout=600)
    assert (out / "r.json").exists(), stdout + stderr
    drivers = json.loads((out / "r.json").read_text())["drivers"]
    return {
        "code": run.returncode,
        "stdout": stdout,
        "text": (out / "r.txt").read_text(),
        "junit": ET.parse(out / "r.xml").getroot(),  # noqa: S314 - our own report
        "drivers": {Path(driver["target"]).name: driver for driver in drivers},
    }


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Go driver binary and every broken one, built (static, paths trimmed) into one directory."""
    go = go_toolchain()
    out = tmp_path_factory.mktemp("go-bin")
    packages = ["./cmd/onap-hpa-driver-sriov-nic", "./cmd/onap-hpa-driver-k8s", "./internal/broken/..."]
    env = {**os.environ, "CGO_ENABLED": "0"}
    build = subprocess.run(
        [go, "build", "-trimpath", "-o", str(out) + "/", *packages],
        cwd=GO_MODULE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    for driver in K8S:  # the k8s binary serves the driver its file name names (a link per driver, as the wheel)
        (out / f"onap-hpa-driver-{driver}").symlink_to("onap-hpa-driver-k8s")
    return out


@pytest.fixture(scope="module")
def gated(binaries: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The gate over the real Go drivers and over the broken ones: two runs side by side."""
    good, bad = tmp_path_factory.mktemp("good"), tmp_path_factory.mktemp("broken")
    real = [binaries / "onap-hpa-driver-sriov-nic", *(binaries / f"onap-hpa-driver-{d}" for d in K8S)]
    runs = {
        "good": (gate(*(arg for path in real for arg in ("--exec", path)), out=good), good),
        "broken": (gate(*(arg for name in BROKEN for arg in ("--exec", binaries / name)), out=bad), bad),
    }
    return {name: outcome(run, out) for name, (run, out) in runs.items()}


def test_the_go_drivers_pass_every_check_as_bare_binaries(gated: dict[str, dict[str, Any]]) -> None:
    good = gated["good"]
    assert good["code"] == 0, good["stdout"]
    assert set(good["drivers"]) == {"onap-hpa-driver-sriov-nic", *(f"onap-hpa-driver-{d}" for d in K8S)}
    for target, driver in good["drivers"].items():
        assert [(c["name"], c["status"]) for c in driver["checks"]] == [(n, "passed") for n in CHECKS], target
    sriov = good["drivers"]["onap-hpa-driver-sriov-nic"]
    assert sriov["distribution"] == "onap-device-driver-sriov-nic"  # the distribution its hello says it ships in
    checks = {check["name"]: check for check in sriov["checks"]}
    assert "driver sriov-nic (from its hello) of the bare binary" in checks["name"]["detail"]
    assert "no distribution, so no distribution, entry point or wheel name to check" in checks["name"]["detail"]
    assert "hpa_delete_urls(request) (as its hello declares them)" in checks["hooks"]["detail"]
    assert "its URLs are the URLs of the records created" in checks["delete-urls"]["detail"]


def test_the_kubernetes_drivers_are_gated_on_node_profiles(gated: dict[str, dict[str, Any]]) -> None:
    for driver in K8S:
        checks = {c["name"]: c for c in gated["good"]["drivers"][f"onap-hpa-driver-{driver}"]["checks"]}
        assert "generated node profiles" in checks["hostile"]["detail"], checks["hostile"]["detail"]
        assert "(0 flavors)" not in checks["exercised"]["detail"]
    compute = {c["name"]: c for c in gated["good"]["drivers"]["onap-hpa-driver-k8s-compute"]["checks"]}
    assert compute["exercised"]["detail"].startswith("basicCapabilities (4 flavors), hugePages")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_go_driver_fails_exactly_its_checks_with_the_reason(
    gated: dict[str, dict[str, Any]], name: str
) -> None:
    broken = gated["broken"]
    driver = broken["drivers"][name]
    assert driver["distribution"] == f"onap-device-driver-broken-go-{name}"
    checks = {check["name"]: check for check in driver["checks"]}
    assert list(checks) == list(CHECKS)  # a complete report, whatever the binary did
    failed = {check for check, result in checks.items() if result["status"] == "failed"}
    assert failed == set(BROKEN[name]), {check: checks[check]["detail"] for check in failed}
    skipped = {check for check, result in checks.items() if result["status"] == "skipped"}
    assert skipped == UNFINISHED.get(name, set()), skipped
    for check, reason in BROKEN[name].items():
        assert reason in checks[check]["detail"], checks[check]["detail"]
        block = broken["text"][broken["text"].index(f"({driver['target']})") :]
        line = next(line for line in block.splitlines() if line.strip().startswith(f"FAIL  {check} "))
        assert reason in line


def test_a_go_panic_outside_the_sdk_s_recover_is_a_crash_naming_flavor_status_and_panic(
    gated: dict[str, dict[str, Any]],
) -> None:
    (hostile,) = [c for c in gated["broken"]["drivers"]["crash"]["checks"] if c["name"] == "hostile"]
    # The first flavor past 65536 vCPUs is the one it died on (the next ones ran in a new worker).
    assert hostile["detail"].startswith("generated/nova-max (")
    assert hostile["data"]["flavor"] == "generated/nova-max"
    assert "it died of: panic: broken-go-crash: 2147483647 vCPUs do not fit a worker pool" in hostile["detail"]


def test_reports_of_binaries_have_the_form_of_every_report(gated: dict[str, dict[str, Any]]) -> None:
    broken = gated["broken"]
    assert broken["code"] == 1
    assert broken["stdout"].startswith(broken["text"])
    failing = [f"onap-device-driver-broken-go-{name}" for name in BROKEN]
    assert broken["text"].endswith(f"0 of {len(BROKEN)} drivers conform; failing: {failing}\n")
    fields = {"name", "passed", "status", "detail", "seconds", "skipped", "data"}
    for driver in broken["drivers"].values():
        assert set(driver) == {"target", "distribution", "version", "passed", "checks"}
        assert driver["version"] == "0.0.1"
        assert all(set(check) == fields for check in driver["checks"])
    suites = list(broken["junit"].iter("testsuite"))
    assert [suite.get("name") for suite in suites] == [f"onap-device-driver-broken-go-{name}" for name in BROKEN]
    hang = suites[list(BROKEN).index("hang")]
    assert (hang.get("tests"), hang.get("failures"), hang.get("skipped")) == (str(len(CHECKS)), "2", "2")


@pytest.mark.integration
def test_the_go_platform_wheel_is_gated_in_its_own_venv(tmp_path: Path) -> None:
    """``onap-hpa conformance <the k8s wheel>``: its four exec: entry points, each through every check."""
    go_toolchain()
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--out-dir", str(dist), "go/packaging/onap-device-driver-k8s"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("onap_device_driver_k8s-*.whl")
    result = outcome(gate(wheel, out=tmp_path), tmp_path)
    assert result["code"] == 0, result["stdout"]
    reports = list(result["drivers"].values())
    assert [report["target"] for report in reports] == [f"{wheel}[{driver}]" for driver in K8S]
    for report in reports:
        assert report["distribution"] == "onap-device-driver-k8s"
        checks = {check["name"]: check for check in report["checks"]}
        assert [check["status"] for check in checks.values()] == ["passed"] * len(CHECKS)
        assert f", wheel {wheel.name}" in checks["name"]["detail"]
        assert checks["entry-point"]["detail"].startswith("binary exec:onap_device_driver_k8s/bin/onap-hpa-driver-k8s-")


# -- without Go ----------------------------------------------------------------------------------


def test_a_missing_binary_fails_its_entry_point_check(tmp_path: Path) -> None:
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\n")
    missing, plain = run_targets([], FIXTURES, executables=[str(tmp_path / "nothing"), str(script)])
    for report, what in ((missing, "no such file"), (plain, "not an executable file")):
        assert not report.passed
        (check,) = report.checks
        assert (check.name, check.passed) == ("entry-point", False)
        assert what in check.detail


def test_a_binary_that_is_no_driver_fails_entry_point_and_skips_what_needs_it(tmp_path: Path) -> None:
    """A program that never says hello: its report is complete, entry-point says why, the rest cannot run."""
    (report,) = run_targets([], FIXTURES, executables=["/bin/true"], examples=5)
    checks = {check.name: check for check in report.checks}
    assert list(checks) == list(CHECKS)
    assert not checks["entry-point"].passed
    assert not checks["entry-point"].skipped
    assert "its binary did not start as a driver: the worker exited with status 0 before its hello" in (
        checks["entry-point"].detail
    )
    assert checks["name"].skipped
    assert "said no hello" in checks["name"].detail
    assert {name for name, check in checks.items() if check.passed} == set()


NODE_READS = ("node.allocatable/cpu", "node.allocatable/hugepages-*", "node.labels/feature.node.kubernetes.io/cpu-*")


def test_recorded_clusters_are_node_profiles_of_the_facts_a_driver_reads() -> None:
    assert reads_nodes(NODE_READS)
    assert not reads_nodes(("hw:cpu_policy", "node.x/y"))
    profiles = cluster_corpus(FIXTURES, NODE_READS)
    assert profiles, "fixtures/regions/k8s-nfd-lab has nodes"
    assert all(sample.label.startswith("k8s-nfd-lab/k8s-") for sample in profiles)
    assert all(sample.node is not None and not sample.extra_specs for sample in profiles)
    for sample in profiles:  # only the facts it reads, quantities as the host normalises them
        assert set(sample.node.allocatable) <= {"cpu", "hugepages-1Gi", "hugepages-2Mi"}
        assert all(key.startswith("feature.node.kubernetes.io/cpu-") for key in sample.node.labels)
        assert not sample.node.annotations
        assert not sample.node.features
        assert all(v.endswith("Mi") for k, v in sample.node.allocatable.items() if k.startswith("hugepages-"))
    assert cluster_corpus(None, NODE_READS) == []


def test_generated_node_profiles_are_seeded_requests_over_the_facts_read() -> None:
    corpus = fixture_corpus(FIXTURES) + cluster_corpus(FIXTURES, NODE_READS)
    first, again = node_corpus(NODE_READS, corpus, 40), node_corpus(NODE_READS, corpus, 40)
    assert [(s.label, s.flavor, s.node) for s in first] == [(s.label, s.flavor, s.node) for s in again]
    assert len(first) == 8 + 40
    assert first[0].label == "generated/node-bare"
    assert first[0].node is not None
    assert not first[0].node.allocatable
    cpus = {sample.node.allocatable.get("cpu") for sample in first if sample.node is not None}
    assert {"0", "1"} <= cpus
    assert any(cpu and not cpu.isdigit() for cpu in cpus)
    for sample in first:  # requests the host accepts, of the facts the driver reads only
        request = DiscoveryRequest.build(sample.flavor, sample.extra_specs, sample.vim, node=sample.node)
        assert request.node is not None
        assert all(key.startswith("feature.node.kubernetes.io/cpu-") for key in request.node.labels)
        assert all(key == "cpu" or key.startswith("hugepages-") for key in request.node.allocatable)
        assert not request.node.annotations
        assert not request.node.capacity
        assert not request.node.features
