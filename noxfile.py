"""Monorepo tasks. Distributions are found, never listed: sdk/, host/, harness/ and every packages/*/."""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "floor", "tests", "conformance", "go"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
DRIVERS = sorted(path.parent.name for path in ROOT.glob("packages/*/pyproject.toml"))
TEST_DEPS = nox.project.dependency_groups(nox.project.load_toml("pyproject.toml"), "test")


def _workspace() -> list[str]:
    """Editable installs of every distribution in the tree, SDK first."""
    paths = ["sdk", "host", *(p for p in ["harness"] if (ROOT / p / "pyproject.toml").exists())]
    paths += [f"packages/{name}" for name in DRIVERS]
    return [arg for path in paths for arg in ("-e", path)]


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and format check over the whole tree."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def floor(session: nox.Session) -> None:
    """Python 3.9 floor of what goes into a plugin image, checked without a 3.9 interpreter (.ci/floor.py).

    Runtime pyprojects admit 3.9; vermin --target=3.9- and the run-time 3.10 constructs vermin misses over
    their sources; pip's resolver finds cp39 wheels of every third-party runtime dependency on manylinux2014
    and musllinux_1_1 (cp313: manylinux2014 and musllinux_1_2). `-- -v`: details; `-- wheels`: one check.
    """
    session.install("vermin>=1.6", "pip>=24", "packaging>=24")
    session.run("python", ".ci/floor.py", *session.posargs)


def _helm(session: nox.Session) -> str:
    """The helm binary the chart's tests use: built once with `go install` and cached (deploy/helm/helm_tool.py)."""
    spec = importlib.util.spec_from_file_location("helm_tool", ROOT / "deploy" / "helm" / "helm_tool.py")
    assert spec is not None and spec.loader is not None  # noqa: PT018, S101 - a file of this tree
    helm_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helm_tool)
    started = time.monotonic()
    try:
        path = str(helm_tool.ensure(log=session.log))
    except helm_tool.HelmUnavailableError as error:
        session.error(str(error))
    session.log(f"helm {helm_tool.HELM_VERSION}: {path} (ready in {time.monotonic() - started:.1f} s)")
    return path


@nox.session
def tests(session: nox.Session) -> None:
    """Every distribution's tests (the Helm chart's lint, render and validation too), on the whole workspace."""
    session.install(*TEST_DEPS, *_workspace())
    session.run("pytest", *session.posargs, env={"ONAP_HPA_HELM": _helm(session)})


@nox.session
def chart(session: nox.Session) -> None:
    """The Helm chart alone: helm lint --strict and helm template per values set, then the rendered-manifest tests."""
    session.install(*TEST_DEPS, *_workspace())
    helm = _helm(session)
    chart_dir = ROOT / "deploy" / "helm" / "onap-hpa"
    for values in [None, *sorted(chart_dir.glob("ci/*-values.yaml"))]:
        extra = ["--values", str(values)] if values else []
        session.run(helm, "lint", "--strict", str(chart_dir), *extra, external=True)
        rendered = [helm, "template", "onap", str(chart_dir), "--kube-version", "1.37.0", *extra]
        session.run(*rendered, external=True, silent=True)  # the manifests themselves: tests/test_deploy.py
    session.run("pytest", "tests/test_deploy.py", *session.posargs, env={"ONAP_HPA_HELM": helm})


@nox.session
def conformance(session: nox.Session) -> None:
    """The release gate: onap-hpa conformance over every driver in packages/ (JUnit + JSON reports)."""
    session.install(*TEST_DEPS, *_workspace())
    dists = [f"onap-device-driver-{name.removeprefix('onap-device-driver-')}" for name in DRIVERS]
    session.run(
        "onap-hpa", "conformance", *dists, "--junit", "conformance.xml", "--json", "conformance.json", *session.posargs
    )


@nox.session
def bench(session: nox.Session) -> None:
    """pytest-benchmark figures (not pass/fail); pass --benchmark-compare to compare with a saved run."""
    session.install(*TEST_DEPS, *_workspace())
    driver_benches = sorted(str(path) for path in ROOT.glob("packages/*/benchmarks"))
    session.run(
        "pytest", "benchmarks", *driver_benches, "-o", "python_files=test_*.py bench_*.py",
        "--benchmark-only", "--benchmark-sort=mean", *session.posargs,
    )  # fmt: skip


@nox.session
def build(session: nox.Session) -> None:
    """Wheels and sdists of every distribution into dist/."""
    session.install("uv")
    for path in ["sdk", "host", "harness", "compat/onaphpadriver", *(f"packages/{name}" for name in DRIVERS)]:
        if (ROOT / path / "pyproject.toml").exists():
            session.run("uv", "build", "--out-dir", str(ROOT / "dist"), path)
    # The Go drivers as a platform wheel (its build hook compiles them; no Go toolchain, no wheel).
    if shutil.which("go") or Path("/usr/local/go/bin/go").exists():
        session.run("uv", "build", "--wheel", "--out-dir", str(ROOT / "dist"), "go/packaging/onap-device-driver-k8s")
    else:
        session.warn("no Go toolchain: onap-device-driver-k8s (the Go drivers' wheel) not built")


@nox.session
@nox.parametrize("driver", DRIVERS)
def driver(session: nox.Session, driver: str) -> None:
    """One driver's own tox run, as a vendor who forks it would run it."""
    session.install("tox>=4", "tox-uv")
    session.chdir(ROOT / "packages" / driver)
    session.run("tox", *session.posargs)


def _go(session: nox.Session) -> str:
    """The Go toolchain (go >= 1.24): on PATH, or Go's default install; skipped when absent, except on CI."""
    found = shutil.which("go") or next((p for p in ("/usr/local/go/bin/go",) if Path(p).exists()), None)
    if found is None:
        message = "no Go toolchain (go >= 1.24 on PATH, modules from the Go module proxy): contract/ and go/ unchecked"
        if os.environ.get("CI"):
            session.error(message)
        session.skip(message)
    return found


@nox.session(python=False)
def go(session: nox.Session) -> None:
    """Go SDK, host and drivers (contract/, go/): go vet, go test -race, and a 10 s fuzz of the request decoder."""
    go = _go(session)
    cgo = session.run(go, "env", "CGO_ENABLED", silent=True, external=True) or ""
    race = ["-race"] if cgo.strip() == "1" else []  # the race detector needs cgo (a C compiler)
    for module in ("contract", "go"):
        session.chdir(ROOT / module)
        session.run(go, "vet", "./...", external=True)
        session.run(go, "test", *race, "./...", *session.posargs, external=True)
    session.chdir(ROOT / "go")
    fuzz = ["-run", "^$", "-fuzz", "^FuzzDecodeRequest$", "-fuzztime", "10s", "./protocol"]
    session.run(go, "test", *fuzz, external=True)


@nox.session(name="go-bench", python=False)
def go_bench(session: nox.Session) -> None:
    """Go benchmarks (figures, not pass/fail): host per node profile and per flavor, profile grouping."""
    go = _go(session)
    session.chdir(ROOT / "go")
    session.run(
        go,
        "test",
        "-run",
        "^$",
        "-bench",
        ".",
        "-benchmem",
        "./kube",
        "./drivers/sriovnic",
        *session.posargs,
        external=True,
    )
