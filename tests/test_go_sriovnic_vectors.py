"""The Python SR-IOV NIC driver's outputs, pinned for its Go port (``go/drivers/sriovnic/testdata``).

Every fixture request (recorded regions, ``fixtures/requests``, ``fixtures/hostile``), every value of the
driver's own table tests and a list of values chosen to split the two languages (Unicode digits and
whitespace, lengths in code points against bytes, quotes and non-ASCII in the physnet, huge counts) go
through the Python host with only this driver; the file holds each request as the wire carries it to
a worker and what came out: records with their ids, fault kinds, the driver's typed error and the
delete URLs. ``go test ./drivers/sriovnic`` must produce the same bytes. Regenerate after a change to
the Python driver or the host, then make the Go test pass::

    ONAP_HPA_REGEN_VECTORS=1 pytest tests/test_go_sriovnic_vectors.py
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_sriov_nic import plugin
from onap_device_driver_sriov_nic.parse import KEY, parse

from onap_hpa import DiscoveryRequest, ExtraSpecError, RequestError, capability_urls
from onap_hpa.worker.wire import request_from_wire, request_to_wire
from onap_hpa_harness.fixtures import load_hostile, load_region, region_dirs
from onap_hpa_host import Host

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "go" / "drivers" / "sriovnic" / "testdata" / "python-vectors.json"
DATA = ROOT / "packages" / "onap-device-driver-sriov-nic" / "tests" / "data"
REGEN = os.environ.get("ONAP_HPA_REGEN_VECTORS") == "1"

_BASE = json.loads((ROOT / "fixtures" / "requests" / "sriov-nic.json").read_text(encoding="utf-8"))

#: Values where a port is most likely to differ from Python.
_VALUES = [
    "sriov-nic-intel-8086-154C-physnet1:\u0662",
    "sriov-nic-intel-8086-154C-physnet1:\uff12",
    "sriov-nic-intel-8086-154C-physnet1: 2 ",
    "sriov-nic-intel-8086-154C-physnet1:\u00a02\u3000",
    "sriov-nic-intel-8086-154C-physnet1:1_0",
    "sriov-nic-intel-8086-154C-physnet1:1__0",
    "sriov-nic-intel-8086-154C-physnet1:+1",
    "sriov-nic-intel-8086-154C-physnet1:-1",
    "sriov-nic-intel-8086-154C-physnet1:0",
    "sriov-nic-intel-8086-154C-physnet1:0002",
    "sriov-nic-intel-8086-154C-physnet1:",
    "sriov-nic-intel-8086-154C-physnet1:\u00b2",
    "sriov-nic-intel-8086-154C-physnet1:1\n",
    "sriov-nic-intel-8086-154C-physnet1:\x1c1",
    "sriov-nic-intel-8086-154C-physnet1:99999999999999999999999999",
    "sriov-nic-intel-8086-154C-phys:net:1",
    "sriov-nic-intel-8086-154C-physnet,1:1",
    "sriov-nic-int\u00e9l-8086-154C-p:1",
    'sriov-nic-i"n-8086-154C-p:1',
    "sriov-nic-intel-8086-154c-p:1",
    "sriov-nic-intel-808G-154C-p:1",
    "sriov-nic-intel-8086-154C-:1",
    "sriov-nic-intel-8086-154C-p-:1",
    "--intel-8086-154C-p:1",
    "a-b-c.d_e-8086-154C-d:1",
    " sriov-nic-intel-8086-154C-p:1",
    'sriov-nic-intel-8086-154C-phys"net\\1:1',
    "sriov-nic-intel-8086-154C-physn\u00e9t-\u6771\u4eac:1",
    "sriov-nic-intel-8086-154C-p\u2028q<&>:1",
    "sriov-nic-intel-8086-154C-p\U0001f600:1",
    ":1",
    "",
    "sriov-nic-intel-8086-154C-" + "\u00e9" * 225 + ":1",  # 255 code points, 480 bytes
    "sriov-nic-intel-8086-154C-" + "\u00e9" * 226 + ":1",  # 256 code points
]

#: VIM views and flavor ids whose ids and URLs need Unicode-aware length prefixes and escaping.
_IDENTITIES = [
    ("CloudOwner", "RegionOne", "b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11"),
    ("propri\u00e9taire", "r\u00e9gion \U0001f600", "onap large.v2 \u00e9"),
    ("\u6771\u4eac", "a/b?c#d", ".."),
]


def _request(value: str | None, owner: str, region: str, flavor_id: str) -> dict[str, Any]:
    data = copy.deepcopy(_BASE)
    data["flavor"]["id"] = flavor_id
    data["vim"]["cloud_owner"], data["vim"]["cloud_region_id"] = owner, region
    data["vim"].pop("vimId", None)
    if value is None:
        data["extra_specs"].pop(KEY)
    else:
        data["extra_specs"][KEY] = value
    return data


def _samples() -> list[tuple[str, dict[str, Any], dict[str, str], dict[str, Any]]]:
    samples = []
    for path in region_dirs(ROOT / "fixtures"):
        region = load_region(path)
        for flavor, specs, vim in region.requests():
            samples.append((f"{region.name}/{flavor.get('id')}", flavor, specs, vim))
    for path in sorted((ROOT / "fixtures" / "requests").glob("*.json")):
        if not path.name.endswith(".expected.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            samples.append((f"requests/{path.stem}", data["flavor"], data["extra_specs"], data["vim"]))
    for case in load_hostile(ROOT / "fixtures"):
        samples.append((f"hostile/{case.name}", case.flavor, case.extra_specs, case.vim))
    values = [json.loads(path.read_text(encoding="utf-8"))["value"] for path in sorted(DATA.glob("*.json"))]
    for index, value in enumerate([None, *values, *_VALUES]):
        for owner, region, flavor_id in _IDENTITIES:
            data = _request(value, owner, region, flavor_id)
            samples.append((f"value-{index}/{owner}", data["flavor"], data["extra_specs"], data["vim"]))
    return samples


def _cases() -> list[dict[str, Any]]:
    host = Host(installed=False, plugins=[plugin], isolation="inprocess")
    cases = []
    for label, flavor, specs, vim in _samples():
        try:
            request = DiscoveryRequest.build(flavor, specs, vim)
        except RequestError:
            continue  # the host's own bad request: no driver sees it
        result = host.discover(request)
        assert result.record is not None
        try:
            parse(request.flavor.id, request.extra_specs)
            error = None
        except ExtraSpecError as problem:
            error = {"key": problem.key, "value": problem.value, "expected": problem.expected}
        cases.append(
            {
                "label": label,
                "request": request_to_wire(request, "0"),
                "records": result.record["hpa-capabilities"]["hpa-capability"],
                "faults": [fault.kind for fault in result.faults],
                "error": error,
                # The URLs of the records the driver creates, kept by the host or not (sriov-nic 1.1 has no
                # hpa_delete_urls: this is what it returned).
                "delete_urls": capability_urls(request, "sriov-nic", plugin.hpa_discover(request))
                if error is None
                else None,
            }
        )
    return cases


def _render() -> str:
    data = {"generated-by": "tests/test_go_sriovnic_vectors.py", "driver": "sriov-nic", "cases": _cases()}
    return json.dumps(data, indent=1, ensure_ascii=True) + "\n"


def test_go_vectors_are_what_the_python_driver_gives() -> None:
    text = _render()
    if REGEN:
        VECTORS.parent.mkdir(parents=True, exist_ok=True)
        VECTORS.write_text(text, encoding="utf-8")
    assert VECTORS.exists(), f"run ONAP_HPA_REGEN_VECTORS=1 pytest {__file__}"
    assert VECTORS.read_text(encoding="utf-8") == text, (
        "the Python sriov-nic driver (or the host) changed its output: run "
        "ONAP_HPA_REGEN_VECTORS=1 pytest tests/test_go_sriovnic_vectors.py, then make go test ./drivers/sriovnic pass"
    )


def test_vectors_cover_records_faults_and_hostile_values() -> None:
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    assert sum(1 for case in cases if case["records"]) > 20
    assert sum(1 for case in cases if case["error"]) > 20
    assert any(case["label"].startswith("hostile/") for case in cases)
    assert any(case["label"].startswith("gpu-sriov-lab/") for case in cases)


def _go() -> str | None:
    found = shutil.which("go")
    if found is None and Path("/usr/local/go/bin/go").exists():
        found = "/usr/local/go/bin/go"
    return found


def test_go_worker_through_the_python_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: the Python host runs the Go port as a sandboxed protocol worker; same records, same faults."""
    go = _go()
    if go is None:
        pytest.skip("no Go toolchain")
    binary = tmp_path / "onap-hpa-driver-sriov-nic"
    subprocess.run([go, "build", "-o", str(binary), "./cmd/onap-hpa-driver-sriov-nic"], cwd=ROOT / "go", check=True)
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    host = Host(installed=False, executables=[str(binary)])
    try:
        assert [(driver.name, driver.status) for driver in host.drivers] == [("sriov-nic", "loaded")]
        results = host.discover_many([request_from_wire(case["request"]) for case in cases])
    finally:
        host.close()
    for case, result in zip(cases, results, strict=True):
        assert result.record is not None
        faults = [fault.kind for fault in result.faults]
        assert result.record["hpa-capabilities"]["hpa-capability"] == case["records"], case["label"]
        assert faults == case["faults"], case["label"]
