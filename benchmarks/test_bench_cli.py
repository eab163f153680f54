"""Whole process: ``onap-hpa discover`` of 10,000 all-feature flavors in one file.

Start-up, reading and writing JSON included, as an operator runs it, drivers in their sandboxed workers
(the default). Measured in the same run:

* the floor: the interpreter starting and reading the same file with the json module;
* onap-hpa discover without isolation (``ONAP_HPA_ISOLATION=inprocess``): what the workers cost on top;
* the baseline: the original monolith (``onaphpadriver==1.0`` from the package index, the same
  ``hpa/hpa_discovery.py`` as multicloud-openstack) in a virtual environment of its own (our compat
  distribution shares its name), discovering the same flavors and writing them as JSON. The issue's
  target: onap-hpa discover <= 0.5x the original.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REQUEST = Path(__file__).resolve().parents[1] / "fixtures" / "requests" / "all-features.json"
FLAVORS = 10_000


@pytest.fixture(scope="module")
def requests_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = json.loads(REQUEST.read_text())
    requests = []
    for index in range(FLAVORS):
        request = copy.deepcopy(template)
        request["flavor"]["id"] = f"{index:08d}-{template['flavor']['id'][9:]}"
        request["flavor"]["name"] = f"onap.hpa.all-features.{index}"
        requests.append(request)
    path = tmp_path_factory.mktemp("cli") / "requests.json"
    path.write_text(json.dumps(requests))
    return path


ORIGINAL = """
import json, sys
from hpa.hpa_discovery import HPADiscovery
discovery = HPADiscovery()
found = []
for r in json.load(open(sys.argv[1])):
    data = {"flavor": r["flavor"], "extra_specs": r["extra_specs"], "viminfo": r["vim"],
            "vimtype": r["vim"].get("type", "openstack")}
    found.append({"flavor-id": r["flavor"]["id"], "hpa-capabilities": discovery.get_hpa_capabilities(data)})
sys.stdout.write(json.dumps(found))
"""


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A venv with the original monolith only, and the script that runs it over a requests file."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the original monolith's venv")
    root = tmp_path_factory.mktemp("original")
    venv = root / "venv"
    subprocess.run([uv, "venv", "--quiet", "-p", sys.executable, str(venv)], check=True)
    install = [uv, "pip", "install", "--quiet", "-p", str(venv / "bin" / "python"), "onaphpadriver==1.0", "six"]
    if subprocess.run(install, check=False).returncode != 0:
        pytest.skip("onaphpadriver==1.0 is not installable here (no package index?)")
    script = root / "original.py"
    script.write_text(ORIGINAL)
    return venv / "bin" / "python", script


def run(*command: Any) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def test_floor_python_reads_the_file(benchmark: Any, requests_file: Path) -> None:
    benchmark.group = "discover 10k flavors"
    benchmark.pedantic(
        run, args=(sys.executable, "-c", f"import json; json.load(open({str(requests_file)!r}))"), rounds=3
    )


def test_onap_hpa_discover_10k(benchmark: Any, requests_file: Path) -> None:
    command = shutil.which("onap-hpa", path=str(Path(sys.executable).parent))
    assert command, "onap-hpa is not installed next to this interpreter"
    benchmark.group = "discover 10k flavors"
    benchmark.pedantic(run, args=(command, "discover", requests_file), rounds=3)


def test_onap_hpa_discover_10k_in_process(benchmark: Any, requests_file: Path) -> None:
    """The same without isolation (tests and benchmarks only): what the sandboxed workers cost on top."""
    command = shutil.which("onap-hpa", path=str(Path(sys.executable).parent))
    assert command, "onap-hpa is not installed next to this interpreter"
    benchmark.group = "discover 10k flavors"
    env = {**os.environ, "ONAP_HPA_ISOLATION": "inprocess"}
    benchmark.pedantic(
        lambda: subprocess.run([command, "discover", requests_file], check=True, stdout=subprocess.DEVNULL, env=env),
        rounds=3,
    )


def test_original_monolith_10k(
    benchmark: Any, requests_file: Path, original: tuple[Path, Path], tmp_path: Path
) -> None:
    python, script = original
    benchmark.group = "discover 10k flavors"
    # The original logs to discovery.log in its working directory: give it one.
    benchmark.pedantic(
        lambda: subprocess.run([python, script, requests_file], check=True, stdout=subprocess.DEVNULL, cwd=tmp_path),
        rounds=3,
    )
