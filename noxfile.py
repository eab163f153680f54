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
#: Go's default install. CI machines have Go there, not always on PATH: put it on PATH for every session, so
#: that the go session, the Go wheel's build hook, the tests that build Go drivers and helm_tool find it.
GO_BIN = Path("/usr/local/go/bin")
if shutil.which("go") is None and (GO_BIN / "go").exists():
    os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + str(GO_BIN)
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
    """The release gate: onap-hpa conformance over every driver in packages/ and the Go drivers (the k8s platform
    wheel, gated in its own venv, and the sriov-nic port's worker binary), JUnit + JSON reports.

    Without a Go toolchain the Go drivers are left out (an error on CI).
    """
    session.install(*TEST_DEPS, *_workspace())
    dists = [f"onap-device-driver-{name.removeprefix('onap-device-driver-')}" for name in DRIVERS]
    go_drivers: list[str] = []
    go = _go(session, required=False)
    if go is not None:
        out = Path(session.create_tmp()).resolve() / "go-drivers"  # absolute: go build runs in go/
        shutil.rmtree(out, ignore_errors=True)
        session.run("uv", "build", "--wheel", "--quiet", "--out-dir", str(out), "go/packaging/onap-device-driver-k8s")
        binary = out / "onap-hpa-driver-sriov-nic"
        with session.chdir(ROOT / "go"):
            session.run(go, "build", "-trimpath", "-o", str(binary), "./cmd/onap-hpa-driver-sriov-nic", external=True)
        go_drivers = [*map(str, out.glob("onap_device_driver_k8s-*.whl")), "--exec", str(binary)]
    reports = ["--junit", "conformance.xml", "--json", "conformance.json"]
    session.run("onap-hpa", "conformance", *dists, *go_drivers, *reports, *session.posargs)


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
    # The Go drivers as a platform wheel (its build hook compiles them; no Go toolchain, no wheel: an error on CI).
    if _go(session, required=False) is not None:
        session.run("uv", "build", "--wheel", "--out-dir", str(ROOT / "dist"), "go/packaging/onap-device-driver-k8s")


@nox.session
@nox.parametrize("driver", DRIVERS)
def driver(session: nox.Session, driver: str) -> None:
    """One driver's own tox run, as a vendor who forks it would run it."""
    session.install("tox>=4", "tox-uv")
    session.chdir(ROOT / "packages" / driver)
    session.run("tox", *session.posargs)


def _go(session: nox.Session, *, required: bool = True) -> str | None:
    """The Go toolchain (go >= 1.24): on PATH, or Go's default install. When absent: an error on CI; elsewhere the
    session is skipped (``required``) or warned and None returned (the session goes on without its Go part)."""
    found = shutil.which("go") or next((str(p) for p in (GO_BIN / "go",) if p.exists()), None)
    if found is None:
        message = "no Go toolchain (go >= 1.24 on PATH, modules from the Go module proxy): the Go half is unchecked"
        if os.environ.get("CI"):
            session.error(message)
        if required:
            session.skip(message)
        session.warn(message)
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
