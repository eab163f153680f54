"""Workspace-level tests: real wheels, fresh virtual environments, separate processes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def uv(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run uv (installed as a Python package in the test environment)."""
    run = subprocess.run([sys.executable, "-m", "uv", *args], cwd=cwd, check=False, capture_output=True, text=True)
    if run.returncode:
        pytest.fail(f"uv {' '.join(args)} failed ({run.returncode}):\n{run.stderr}")
    return run


@pytest.fixture(scope="session")
def build_wheel(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build one distribution of the tree (path relative to the repo) into a session temp dir; returns the wheel."""
    out = tmp_path_factory.mktemp("wheels")
    built: dict[str, Path] = {}

    def build(path: str) -> Path:
        if path not in built:
            before = set(out.glob("*.whl"))
            uv("build", "--wheel", "--out-dir", str(out), str(REPO / path))
            (wheel,) = set(out.glob("*.whl")) - before
            built[path] = wheel
        return built[path]

    return build


@pytest.fixture
def fresh_venv(tmp_path: Path) -> Callable[..., Path]:
    """A new virtual environment with the given wheels installed; returns its bin directory."""

    def make(*wheels: Path) -> Path:
        venv = tmp_path / "venv"
        uv("venv", "--quiet", "-p", sys.executable, str(venv))
        uv("pip", "install", "--quiet", "-p", str(venv / "bin" / "python"), *map(str, wheels))
        return venv / "bin"

    return make
