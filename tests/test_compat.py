"""The compatibility distribution as a MultiCloud plugin gets it: wheels in a fresh venv, called as the plugin does."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO

REQUEST = REPO / "fixtures" / "requests" / "sriov-nic.json"
EXPECTED = json.loads(REQUEST.with_name("sriov-nic.expected.json").read_text())

pytestmark = pytest.mark.integration

# Exactly today's plugin code path (MultiCloud registration: hpa_discovery.HPADiscovery().get_hpa_capabilities).
PLUGIN = """
import json, sys
from hpa import hpa_discovery

request = json.load(open(sys.argv[1]))
viminfo = request["vim"]
data = {"flavor": request["flavor"], "extra_specs": request["extra_specs"], "viminfo": viminfo,
        "vimtype": viminfo["version"]}
hpa = hpa_discovery.HPADiscovery()
print(json.dumps(hpa.get_hpa_capabilities(data)))
"""

STEVEDORE_STYLE = """
import json, sys
from importlib.metadata import entry_points

request = json.load(open(sys.argv[1]))
(ep,) = entry_points(group="hpa.discovery")
obj = ep.load()(20)  # stevedore's invoke_on_load with invoke_args=(width,)
data = {"flavor": request["flavor"], "extra_specs": request["extra_specs"], "viminfo": request["vim"],
        "vimtype": "windriver"}
print(json.dumps({"name": ep.name, "class": type(obj).__name__, "caps": obj.get_hpa_capabilities(data)}))
"""


def _run(bin_dir: Path, code: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [bin_dir / "python", "-c", code, REQUEST], check=False, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run


def test_the_plugins_call_returns_the_drivers_records(
    build_wheel: Callable[[str], Path], fresh_venv: Callable[..., Path]
) -> None:
    compat = build_wheel("compat/onaphpadriver")
    assert compat.name.startswith("onaphpadriver-2.")
    bin_dir = fresh_venv(
        compat, build_wheel("sdk"), build_wheel("host"), build_wheel("packages/onap-device-driver-sriov-nic")
    )

    records = json.loads(_run(bin_dir, PLUGIN).stdout)
    assert records == EXPECTED["flavors"][0]["hpa-capabilities"]["hpa-capability"]
    (nic,) = records
    assert nic["hpa-feature"] == "sriovNICNetwork"
    assert {a["hpa-attribute-key"]: a["hpa-attribute-value"] for a in nic["hpa-feature-attributes"]} == {
        "pciCount": '{"value":"2"}',
        "pciVendorId": '{"value":"8086"}',
        "pciDeviceId": '{"value":"154C"}',
        "physicalNetwork": '{"value":"physnet-1"}',
    }

    loaded = json.loads(_run(bin_dir, STEVEDORE_STYLE).stdout)
    assert (loaded["name"], loaded["class"]) == ("discovery", "HPA_Discovery")
    assert loaded["caps"] == records


def test_a_faulty_driver_is_logged_and_alarmed_never_returned(
    build_wheel: Callable[[str], Path], fresh_venv: Callable[..., Path]
) -> None:
    bin_dir = fresh_venv(
        build_wheel("compat/onaphpadriver"),
        build_wheel("sdk"),
        build_wheel("host"),
        build_wheel("packages/onap-device-driver-sriov-nic"),
        build_wheel("tests/broken_drivers/onap-device-driver-broken-raise"),
    )
    run = _run(bin_dir, PLUGIN)
    assert json.loads(run.stdout) == EXPECTED["flavors"][0]["hpa-capabilities"]["hpa-capability"]
    assert "cannot handle b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11" in run.stderr  # the host's fault log line
    assert "alarm MAJOR: driver broken-raise raised on flavor" in run.stderr  # no collector: the alarm is logged
    assert "s3cr3t-do-not-leak" not in run.stderr + run.stdout  # the VIM password of the request
