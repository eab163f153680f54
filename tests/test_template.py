"""The vendor path end to end: the SDK wheel renders a driver that builds, passes its tests and the gate."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import uv

pytestmark = pytest.mark.integration

NAME = "qat-crypto"


def run(argv: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command of the fresh venv without any ONAP_HPA_* setting of the outer environment."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ONAP_HPA_")}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_rendered_driver_builds_passes_its_tests_and_conformance_and_is_listed(
    build_wheel: Callable[[str], Path], fresh_venv: Callable[..., Path], tmp_path: Path
) -> None:
    bin_dir = fresh_venv(build_wheel("sdk"), build_wheel("host"), build_wheel("harness"))
    uv("pip", "install", "--quiet", "-p", str(bin_dir / "python"), "pytest>=8", "hypothesis>=6.100")

    # The template comes from the installed SDK wheel: the command runs outside the checkout.
    created = run([bin_dir / "onap-hpa", "new-driver", NAME, "--dir", tmp_path], cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    package = tmp_path / f"onap-device-driver-{NAME}"
    assert (package / "src" / "onap_device_driver_qat_crypto" / "plugin.py").is_file()

    uv("build", "--wheel", "--quiet", "--out-dir", str(tmp_path / "dist"), str(package))
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert re.fullmatch(r"onap_device_driver_qat_crypto-0\.1\.0-py3-none-any\.whl", wheel.name)
    uv("pip", "install", "--quiet", "-p", str(bin_dir / "python"), str(wheel))

    tests = run([bin_dir / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=package)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert re.search(r"\b\d+ passed\b", tests.stdout)
    assert "skipped" not in tests.stdout

    listed = run([bin_dir / "onap-hpa", "drivers", "--json"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    drivers = {d["name"]: d for d in json.loads(listed.stdout)}
    assert drivers[NAME]["status"] == "loaded"
    assert (drivers[NAME]["distribution"], drivers[NAME]["features"]) == (package.name, ["qatCrypto"])

    # The release gate as tox runs it, on the installed wheel and the package's recorded region.
    report = tmp_path / "conformance.json"
    gate = run(
        [bin_dir / "onap-hpa", "conformance", package.name, "--fixtures", package / "fixtures", "--json", report],
        cwd=tmp_path,
    )
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert f"PASS {package.name} 0.1.0" in gate.stdout
    assert report.is_file()
