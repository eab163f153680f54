"""Running the checks on installed distributions, or on a wheel installed into a throw-away venv (uv)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from email.parser import Parser
from importlib.metadata import PackageNotFoundError, distribution, distributions
from pathlib import Path

from onap_hpa import ENTRY_POINT_GROUP
from onap_hpa_harness.conformance.checks import BUDGET_MS, CHECKS, EXAMPLES, CheckFailed, Context
from onap_hpa_harness.conformance.report import CheckResult, DriverReport

__all__ = ["installed_drivers", "run_distribution", "run_targets", "run_wheel"]


def installed_drivers() -> list[str]:
    """Names of the installed distributions that have an entry point in ``onap.hpa.drivers``, sorted."""
    names = {
        str(dist.metadata["Name"])
        for dist in distributions()
        if any(ep.group == ENTRY_POINT_GROUP for ep in dist.entry_points)
    }
    return sorted(names)


def run_distribution(
    name: str,
    fixtures: Path | None,
    *,
    wheel: str | None = None,
    budget_ms: float = BUDGET_MS,
    examples: int = EXAMPLES,
) -> list[DriverReport]:
    """Every check on the installed distribution ``name``: one report per driver it ships."""
    try:
        dist = distribution(name)
    except PackageNotFoundError:
        report = DriverReport(wheel or name, name, "")
        report.checks.append(CheckResult("name", False, f"distribution {name!r} is not installed"))
        return [report]
    eps = [ep.name for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP]
    reports = []
    for ep_name in eps if len(eps) > 1 else [None]:
        ctx = Context(dist, fixtures, wheel=wheel, budget_ms=budget_ms, examples=examples, ep_name=ep_name)
        target = wheel or name
        report = DriverReport(target if ep_name is None else f"{target}[{ep_name}]", ctx.name, str(dist.version))
        for check_name, check in CHECKS.items():
            start = time.perf_counter()
            try:
                detail, passed = check(ctx), True
            except CheckFailed as failure:
                detail, passed = str(failure), False
            except Exception as error:  # noqa: BLE001 - a driver that breaks a check fails it, with the reason
                detail, passed = f"check crashed: {type(error).__name__}: {error}", False
            report.checks.append(CheckResult(check_name, passed, detail, time.perf_counter() - start))
        reports.append(report)
    return reports


def _uv() -> str:
    try:
        from uv import find_uv_bin  # the uv package on PyPI ships its binary

        return str(find_uv_bin())
    except ImportError:
        found = shutil.which("uv")
        if found is None:
            message = "checking a wheel needs uv (pip install uv) to build its virtual environment"
            raise RuntimeError(message) from None
        return found


def _requirement(name: str) -> str:
    """How to install ``name`` as it is installed here: its local source (editable or not), else name==version."""
    dist = distribution(name)
    direct = dist.read_text("direct_url.json")
    if direct:
        url = json.loads(direct).get("url", "")
        if url.startswith("file://"):
            return url.removeprefix("file://")
    return f"{name}=={dist.version}"


def _wheel_name(path: Path) -> str:
    with zipfile.ZipFile(path) as wheel:
        metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        return str(Parser().parsestr(wheel.read(metadata).decode())["Name"])


def run_wheel(
    path: Path, fixtures: Path | None, *, budget_ms: float = BUDGET_MS, examples: int = EXAMPLES
) -> list[DriverReport]:
    """Install the wheel, the SDK and this harness into a new venv and run every check there."""
    try:
        name = _wheel_name(path)
    except (OSError, zipfile.BadZipFile, StopIteration) as error:
        report = DriverReport(str(path), path.name, "")
        report.checks.append(CheckResult("name", False, f"{path} is not a readable wheel: {error}"))
        return [report]
    expected = re.sub(r"[-_.]+", "_", name).lower()
    if path.name.split("-", 1)[0].lower() != expected:
        # Installers refuse such a wheel, so nothing else can be checked.
        report = DriverReport(str(path), name, "")
        reason = f"wheel file {path.name!r} does not start with {expected}- (the distribution is {name})"
        report.checks.append(CheckResult("name", False, reason))
        return [report]
    uv = _uv()
    with tempfile.TemporaryDirectory(prefix="onap-hpa-conformance-") as tmp:
        venv = Path(tmp) / "venv"
        python = venv / "bin" / "python"
        venv_command = [uv, "venv", "--quiet", "-p", sys.executable, str(venv)]
        subprocess.run(venv_command, check=True, capture_output=True)  # noqa: S603 - uv, our arguments
        install = [uv, "pip", "install", "--quiet", "-p", str(python), str(path)]
        install += [_requirement(name) for name in ("onap-hpa-sdk", "onap-hpa-host", "onap-hpa-harness")]
        done = subprocess.run(install, capture_output=True, text=True, check=False)  # noqa: S603 - uv
        if done.returncode != 0:
            report = DriverReport(str(path), name, "")
            report.checks.append(CheckResult("entry-point", False, f"the wheel does not install: {done.stderr[-400:]}"))
            return [report]
        out = Path(tmp) / "report.json"
        command = [
            str(python),
            "-m",
            "onap_hpa_host.cli",
            "conformance",
            name,
            "--json",
            str(out),
            "--wheel-file",
            str(path),
        ]
        command += ["--budget-ms", str(budget_ms), "--examples", str(examples)]
        env = {**os.environ, "ONAP_HPA_FIXTURES": str(fixtures)} if fixtures else dict(os.environ)
        subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=1800)  # noqa: S603
        if not out.exists():
            report = DriverReport(str(path), name, "")
            report.checks.append(CheckResult("entry-point", False, "conformance did not run in the wheel's venv"))
            return [report]
        drivers = json.loads(out.read_text())["drivers"]
    return [
        DriverReport(d["target"], d["distribution"], d["version"], [CheckResult(**c) for c in d["checks"]])
        for d in drivers
    ]


def run_targets(
    targets: list[str], fixtures: Path | None, *, budget_ms: float = BUDGET_MS, examples: int = EXAMPLES
) -> list[DriverReport]:
    """Each target (a distribution name or a ``.whl`` path; none: every installed driver) checked."""
    reports = []
    for target in targets or installed_drivers():
        if target.endswith(".whl"):
            reports += run_wheel(Path(target), fixtures, budget_ms=budget_ms, examples=examples)
        else:
            reports += run_distribution(target, fixtures, budget_ms=budget_ms, examples=examples)
    return reports
