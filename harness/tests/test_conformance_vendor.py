"""The vendor path of docs/vendor-guide.md, word for word: a clean copy of the checkout, only Python, three
commands, a driver wheel that passed the conformance gate.

The commands are read from the guide (its first ``sh`` block, "Start in five minutes") and run as written,
in one shell, in a copy of the checkout that holds nothing but its sources: a fresh venv, the onap-hpa
packages from that copy (no package index has them), everything else from the package index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.integration

#: What a clean checkout needs for the three commands (the SDK and host link into contract/ and templates/).
SOURCES = ("sdk", "host", "harness", "contract", "templates")
LEFTOVERS = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".tox", "dist", "build", "*.egg-info", ".hypothesis", ".pytest_cache", ".ruff_cache"
)


def guide_commands() -> list[str]:
    guide = (REPO / "docs" / "vendor-guide.md").read_text()
    section = guide[guide.index("## Start in five minutes") : guide.index("## The contract")]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the vendor guide lost its commands"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_guide_takes_three_commands_or_fewer() -> None:
    commands = guide_commands()
    assert 1 <= len(commands) <= 3, commands
    assert commands[0].startswith("python3 -m venv .venv")  # nothing but Python beforehand


def test_the_guide_s_commands_reach_a_gated_wheel(tmp_path: Path) -> None:
    checkout = tmp_path / "onap-hpa"
    for name in SOURCES:
        shutil.copytree(REPO / name, checkout / name, symlinks=True, ignore=LEFTOVERS)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ONAP_HPA_", "VIRTUAL_ENV", "PYTHON", "TOX_", "UV_PROJECT"))
    }
    script = "set -euo pipefail\n" + "\n".join(guide_commands()) + "\n"
    started = time.monotonic()
    run = subprocess.run(
        ["bash", "-c", script], cwd=checkout, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    seconds = time.monotonic() - started
    print(f"vendor path: {len(guide_commands())} commands, {seconds:.0f} s")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    driver = checkout / "onap-device-driver-qat-crypto"
    (wheel,) = (driver / "dist").glob("*.whl")
    assert wheel.name == "onap_device_driver_qat_crypto-0.1.0-py3-none-any.whl"
    assert "1 of 1 drivers conform" in run.stdout
    assert f"gated: dist/{wheel.name}" in run.stdout  # what the guide says the last line ends with
    report = json.loads((driver / ".tox" / "conformance.json").read_text())
    assert report["passed"] is True
    (name,) = [check for check in report["drivers"][0]["checks"] if check["name"] == "name"]
    assert wheel.name in name["detail"]  # the gate checked the wheel tox built, the one in dist/
    assert seconds < 300, f"the vendor path took {seconds:.0f} s"
