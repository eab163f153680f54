"""Whole process: ``onap-hpa discover`` of 10,000 all-feature flavors in one file.

Start-up, reading and writing JSON included, as an operator runs it. The floor is the interpreter
starting and reading the same file with the json module, measured in the same run.
"""

from __future__ import annotations

import copy
import json
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
