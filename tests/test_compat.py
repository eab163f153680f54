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


PIKE = """
import json, sys
sys.path.insert(0, sys.argv[2])  # the plugin's registration package directory
from registration_driver import RegistryHelper

request = json.load(open(sys.argv[1]))
helper = RegistryHelper(request["extra_specs"])
print(json.dumps(helper._discover_flavors(request["flavor"], request["vim"])))
"""


def test_pikes_registration_after_the_documented_fix_stores_the_drivers_records(
    build_wheel: Callable[[str], Path], fresh_venv: Callable[..., Path], tmp_path: Path
) -> None:
    from .test_adopting import SCRIPT, plugin_share

    bin_dir = fresh_venv(
        build_wheel("compat/onaphpadriver"),
        build_wheel("sdk"),
        build_wheel("host"),
        build_wheel("packages/onap-device-driver-sriov-nic"),
    )
    expected = EXPECTED["flavors"][0]["hpa-capabilities"]["hpa-capability"]
    before = plugin_share(tmp_path / "before") / "newton_base" / "registration"
    after = plugin_share(tmp_path / "after")
    fixed = subprocess.run([bin_dir / "python", SCRIPT, after], capture_output=True, text=True, check=False)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr

    def stored(registration: Path) -> list[object]:
        run = subprocess.run(
            [bin_dir / "python", "-c", PIKE, REQUEST, registration],
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)["hpa-capabilities"]["hpa-capability"]

    # Today's loop: the whole list once per extra_spec key, a list of lists AAI cannot take.
    assert stored(before) == [expected] * len(json.loads(REQUEST.read_text())["extra_specs"])
    # After the fix: exactly the drivers' records, once.
    assert stored(after / "newton_base" / "registration") == expected
