"""Monorepo tasks. Distributions are found, never listed: sdk/, host/, harness/ and every packages/*/."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests", "conformance"]
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
def tests(session: nox.Session) -> None:
    """Every distribution's tests, against an editable install of the whole workspace."""
    session.install(*TEST_DEPS, *_workspace())
    session.run("pytest", *session.posargs)


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


@nox.session
@nox.parametrize("driver", DRIVERS)
def driver(session: nox.Session, driver: str) -> None:
    """One driver's own tox run, as a vendor who forks it would run it."""
    session.install("tox>=4", "tox-uv")
    session.chdir(ROOT / "packages" / driver)
    session.run("tox", *session.posargs)
