"""Running the checks on installed distributions, on a wheel installed into a throw-away venv, or on a bare
protocol worker binary (``--exec PATH``, e.g. a Go driver), which runs through the same checks."""

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
from collections.abc import Callable
from dataclasses import fields
from email.parser import Parser
from importlib.metadata import Distribution, PackageNotFoundError, distribution, distributions
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from onap_hpa import ENTRY_POINT_GROUP
from onap_hpa_harness.conformance.checks import BUDGET_MS, CHECKS, EXAMPLES
from onap_hpa_harness.conformance.report import CheckResult, DriverReport
from onap_hpa_harness.conformance.session import CheckFailed, CheckSkipped, Context, gate_environment

__all__ = [
    "installed_drivers",
    "installed_entry_points",
    "run_distribution",
    "run_executable",
    "run_targets",
    "run_wheel",
]


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
    known: dict[str, str] | None = None,
) -> list[DriverReport]:
    """Every check on the installed distribution ``name``: one report per driver it ships.

    ``known``: driver entry point name -> distribution of drivers installed where the gate was asked (for
    the ``name`` check's collisions, when this runs in a wheel's throw-away venv).
    """
    try:
        dist = distribution(name)
    except PackageNotFoundError:
        report = DriverReport(wheel or name, name, "")
        report.checks.append(CheckResult("name", False, f"distribution {name!r} is not installed"))
        return [report]
    eps = [ep.name for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP]
    wheel_file = wheel or _installed_from_wheel(dist)
    reports = []
    for ep_name in eps if len(eps) > 1 else [None]:
        ctx = Context(
            dist, fixtures, wheel=wheel_file, budget_ms=budget_ms, examples=examples, ep_name=ep_name, known=known or {}
        )
        target = wheel or name
        report = DriverReport(target if ep_name is None else f"{target}[{ep_name}]", ctx.name, str(dist.version))
        with gate_environment(ctx):
            for check_name, check in CHECKS.items():
                report.checks.append(_run_check(check_name, check, ctx))
        reports.append(report)
    return reports


def run_executable(
    path: str | Path,
    fixtures: Path | None,
    *,
    budget_ms: float = BUDGET_MS,
    examples: int = EXAMPLES,
    known: dict[str, str] | None = None,
) -> list[DriverReport]:
    """Every check on a protocol worker binary, run as ``Host(executables=[path])`` runs it (sandboxed).

    The driver's name comes from its hello; a bare binary has no distribution, and the ``name`` check says
    so. The report's distribution is the one the binary says it ships in (``DriverInfo.distribution``).
    """
    target = str(path)
    binary = Path(path).absolute()  # the worker starts in a directory of its own: never a relative path
    if not binary.is_file() or not os.access(binary, os.X_OK):
        what = "no such file" if not binary.exists() else "not an executable file"
        return _failed(target, "", "entry-point", f"{target}: {what}; --exec takes a protocol worker binary")
    ctx = Context(None, fixtures, budget_ms=budget_ms, examples=examples, known=known or {}, executable=str(binary))
    with gate_environment(ctx):
        checks = [_run_check(check_name, check, ctx) for check_name, check in CHECKS.items()]
        hello = ctx.hello()
    name = str(hello.get("name") or "")
    distribution = str(hello.get("distribution") or (f"onap-device-driver-{name}" if name else ""))
    return [DriverReport(target, distribution, str(hello.get("version") or ""), checks)]


def _installed_from_wheel(dist: Distribution) -> str | None:
    """The wheel file the distribution was installed from (pip and uv record it), if any: its name is checked."""
    direct = dist.read_text("direct_url.json")
    url = json.loads(direct).get("url", "") if direct else ""
    return unquote(urlparse(url).path) if url.startswith("file://") and url.endswith(".whl") else None


def _run_check(name: str, check: Callable[[Context], str], ctx: Context) -> CheckResult:
    """One check's outcome; whatever the driver does, a check ends with a result, never an exception."""
    start = time.perf_counter()
    data: dict[str, Any] = {}
    skipped = False
    try:
        detail, passed = check(ctx), True
        if name == "budget" and "slowest" in ctx.cache:
            data = dict(ctx.cache["slowest"])
    except CheckFailed as failure:
        detail, passed, data = str(failure), False, failure.data
    except CheckSkipped as skip:
        detail, passed, skipped = str(skip), False, True
    except Exception as error:  # noqa: BLE001 - a driver that breaks a check fails it, with the reason
        detail, passed = f"check crashed: {type(error).__name__}: {error}", False
    return CheckResult(name, passed, detail, time.perf_counter() - start, skipped, data)


def _uv() -> str | None:
    """The uv binary (the ``uv`` package this harness depends on ships one), or None."""
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


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


def _failed(target: str, name: str, check: str, reason: str) -> list[DriverReport]:
    report = DriverReport(target, name, "")
    report.checks.append(CheckResult(check, False, reason))
    return [report]


def _venv(tmp: Path, packages: list[str]) -> tuple[Path, str]:
    """A new venv under ``tmp`` with ``packages``: (its python, the installer's error output or "")."""
    venv = tmp / "venv"
    python = venv / "bin" / "python"
    uv = _uv()
    if uv is not None:
        commands = [
            [uv, "venv", "--quiet", "-p", sys.executable, str(venv)],
            [uv, "pip", "install", "--quiet", "-p", str(python), *packages],
        ]
    else:  # the standard library and pip: slower, same result
        commands = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *packages],
        ]
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our arguments
        if done.returncode != 0:
            return python, (done.stderr or done.stdout)[-600:]
    return python, ""


def installed_entry_points() -> dict[str, str]:
    """Driver entry point name -> distribution, of every driver installed here."""
    return {
        ep.name: str(dist.metadata["Name"])
        for dist in distributions()
        for ep in dist.entry_points
        if ep.group == ENTRY_POINT_GROUP
    }


def run_wheel(
    path: Path, fixtures: Path | None, *, budget_ms: float = BUDGET_MS, examples: int = EXAMPLES
) -> list[DriverReport]:
    """Install the wheel, the SDK, host and this harness into a new venv and run every check there.

    The venv is made with uv (a dependency of this harness), or with ``venv`` and pip when uv is missing.
    The drivers installed here are passed in, so the ``name`` check sees collisions with them.
    """
    try:
        name = _wheel_name(path)
    except (OSError, zipfile.BadZipFile, StopIteration) as error:
        return _failed(str(path), path.name, "name", f"{path} is not a readable wheel: {error}")
    expected = re.sub(r"[-_.]+", "_", name).lower()
    if path.name.split("-", 1)[0].lower() != expected:
        # Installers refuse such a wheel, so nothing else can be checked.
        reason = f"wheel file {path.name!r} does not start with {expected}- (the distribution is {name})"
        return _failed(str(path), name, "name", reason)
    with tempfile.TemporaryDirectory(prefix="onap-hpa-conformance-") as tmp:
        packages = [str(path.resolve())] + [
            _requirement(n) for n in ("onap-hpa-sdk", "onap-hpa-host", "onap-hpa-harness")
        ]
        python, error = _venv(Path(tmp), packages)
        if error:
            return _failed(str(path), name, "entry-point", f"the wheel does not install: {error}")
        out = Path(tmp) / "report.json"
        command = [str(python), "-m", "onap_hpa_host.cli", "conformance", name, "--json", str(out)]
        command += ["--wheel-file", str(path), "--budget-ms", str(budget_ms), "--examples", str(examples)]
        command += ["--known-drivers", json.dumps(installed_entry_points())]
        env = {**os.environ, "ONAP_HPA_FIXTURES": str(fixtures)} if fixtures else dict(os.environ)
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=1800)  # noqa: S603
        if not out.exists():
            reason = f"the gate did not run in the wheel's venv (exit {done.returncode}): {done.stderr[-600:]}"
            return _failed(str(path), name, "entry-point", reason)
        drivers = json.loads(out.read_text())["drivers"]
    return [
        DriverReport(d["target"], d["distribution"], d["version"], [_check(c) for c in d["checks"]]) for d in drivers
    ]


def _check(data: dict[str, Any]) -> CheckResult:
    """A check back from a JSON report."""
    names = {f.name for f in fields(CheckResult)}
    return CheckResult(**{key: value for key, value in data.items() if key in names})


def run_targets(
    targets: list[str],
    fixtures: Path | None,
    *,
    budget_ms: float = BUDGET_MS,
    examples: int = EXAMPLES,
    known: dict[str, str] | None = None,
    executables: list[str] | None = None,
) -> list[DriverReport]:
    """Each target (a distribution name or a ``.whl`` path) and each protocol worker binary in ``executables``
    checked; with neither, every installed driver.

    Never raises for a target: whatever goes wrong becomes a failed check of that target's report.
    """
    reports = []
    executables = list(executables or [])
    jobs = [("dist", target) for target in (targets or ([] if executables else installed_drivers()))]
    for kind, target in jobs + [("exec", path) for path in executables]:
        try:
            if kind == "exec":
                reports += run_executable(target, fixtures, budget_ms=budget_ms, examples=examples, known=known)
            elif target.endswith(".whl"):
                reports += run_wheel(Path(target), fixtures, budget_ms=budget_ms, examples=examples)
            else:
                reports += run_distribution(target, fixtures, budget_ms=budget_ms, examples=examples, known=known)
        except Exception as error:  # noqa: BLE001 - the gate reports, it never dies on a driver
            reports += _failed(
                target, target, "gate", f"the gate failed on this target: {type(error).__name__}: {error}"
            )
    return reports
