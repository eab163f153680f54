from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_host._json import orjson
from onap_hpa_host.cli import main

from .conftest import SRIOV_REQUEST

EXPECTED = json.loads(SRIOV_REQUEST.with_name("sriov-nic.expected.json").read_text())


@pytest.fixture(autouse=True)
def only_the_sriov_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """The expected output is the SR-IOV driver's: other installed drivers are left out by name."""
    monkeypatch.setenv("ONAP_HPA_DRIVERS", "sriov-nic")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_discover_prints_the_aai_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "discover", str(SRIOV_REQUEST))
    assert code == 0
    assert json.loads(out) == EXPECTED


def test_discover_reads_lists_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, plugin_data: dict[str, Any]
) -> None:
    second = json.loads(json.dumps(plugin_data))
    second["flavor"]["id"] = "onap.small 2"
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps([plugin_data, second])))
    code, out, _ = run(capsys, "discover", "-")
    output = json.loads(out)
    assert code == 0
    assert [f["flavor-id"] for f in output["flavors"]] == [plugin_data["flavor"]["id"], "onap.small 2"]
    assert output["delete_urls"][1].split("/")[8] == "onap.small%202"


def test_faults_are_data_and_other_flavors_go_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plugin_data: dict[str, Any]
) -> None:
    bad_spec = json.loads(json.dumps(plugin_data))
    bad_spec["flavor"]["id"] = "bad-spec"
    bad_spec["extra_specs"]["aggregate_instance_extra_specs:sriov_nic"] = "sriov-nic-intel-8086:2"
    missing = {"flavor": {"id": "no-name"}, "extra_specs": {}, "vim": plugin_data["vim"]}
    non_string = {"flavor": plugin_data["flavor"], "extra_specs": {"hw:numa_nodes": 2}, "vim": plugin_data["vim"]}
    path = tmp_path / "requests.json"
    path.write_text(json.dumps([missing, bad_spec, non_string, plugin_data, "junk"]))
    code, out, _ = run(capsys, "discover", str(path))
    output = json.loads(out)
    assert code == 0
    assert [f["flavor-id"] for f in output["flavors"]] == ["bad-spec", plugin_data["flavor"]["id"]]
    assert output["flavors"][0]["hpa-capabilities"] == {"hpa-capability": []}
    assert output["flavors"][1] == EXPECTED["flavors"][0]
    assert [(f["flavor-id"], f["driver"], f["kind"]) for f in output["faults"]] == [
        ("no-name", "host", "bad-request"),
        ("bad-spec", "sriov-nic", "bad-input"),
        (plugin_data["flavor"]["id"], "host", "bad-request"),
        ("<unknown>", "host", "bad-request"),
    ]
    assert "'sriov-nic-intel-8086:2' is malformed" in output["faults"][1]["message"]
    assert "s3cr3t" not in out


@pytest.mark.parametrize(("content", "message"), [(None, "cannot read"), ("{oops", "is not JSON")])
def test_unreadable_or_non_json_files_exit_non_zero(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "requests.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SystemExit) as exit_:
        main(["discover", str(path)])
    assert message in str(exit_.value.code)
    assert "\n" not in str(exit_.value.code)


def test_drivers_lists_the_installed_driver(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drivers", "--json")
    by_name = {d["name"]: d for d in json.loads(out)}
    assert code == 0
    assert by_name["sriov-nic"]["distribution"] == "onap-device-driver-sriov-nic"
    assert by_name["sriov-nic"]["features"] == ["sriovNICNetwork"]
    assert by_name["sriov-nic"]["status"] == "loaded"
    worker = by_name["sriov-nic"]["worker"]
    assert worker["state"] == "ready"
    assert worker["startup_seconds"] > 0
    assert "seccomp" in worker["protections"]
    code, table, _ = run(capsys, "drivers")
    header = ["DRIVER", "DISTRIBUTION", "VERSION", "CONTRACT", "FEATURES", "WORKER", "STATUS"]
    assert table.splitlines()[0].split() == header
    assert any(line.split()[:2] == ["sriov-nic", "onap-device-driver-sriov-nic"] for line in table.splitlines())
    assert "sandbox: fresh interpreter, allowlisted environment" in table


def test_blocked_drivers_show_in_the_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONAP_HPA_DISABLE", "sriov-nic")
    _, out, _ = run(capsys, "drivers", "--json")
    assert {d["name"]: d["status"] for d in json.loads(out)}["sriov-nic"] == "blocked"
    _, out, _ = run(capsys, "discover", str(SRIOV_REQUEST))
    assert json.loads(out)["flavors"][0]["hpa-capabilities"] == {"hpa-capability": []}


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "schema")
    assert json.loads(out)["required"][0] == "hpa-capability-id"


def test_a_large_file_gives_the_same_bytes_in_workers_and_in_process(
    tmp_path: Path, plugin_data: dict[str, Any]
) -> None:
    import os
    import subprocess
    import sys

    from onap_hpa_host.cli.discover import CHUNK

    requests = []
    for index in range(2 * CHUNK + 7):  # several rounds through the workers
        request = json.loads(json.dumps(plugin_data))
        request["flavor"]["id"] = f"flavor-{index}"
        if index % 500 == 3:
            request["extra_specs"]["aggregate_instance_extra_specs:sriov_nic"] = "broken"
        requests.append(request if index % 700 != 5 else {"flavor": {"id": f"bad-{index}"}})
    path = tmp_path / "many.json"
    path.write_text(json.dumps(requests))
    outputs = []
    for isolation, seed in (("process", "1"), ("inprocess", "2")):
        env = {**os.environ, "ONAP_HPA_ISOLATION": isolation, "PYTHONHASHSEED": seed, "ONAP_HPA_DRIVERS": "sriov-nic"}
        command = [sys.executable, "-m", "onap_hpa_host.cli", "discover", str(path)]
        outputs.append(subprocess.run(command, check=True, capture_output=True, env=env).stdout)
    assert outputs[0] == outputs[1]
    # Written chunk by chunk as the flavors come, it is still the one compact document.
    assert outputs[0] == orjson.dumps(json.loads(outputs[0])) + b"\n"
    output = json.loads(outputs[0])
    bad = sum(1 for index in range(len(requests)) if index % 700 == 5)
    broken = sum(1 for index in range(len(requests)) if index % 500 == 3 and index % 700 != 5)
    assert len(output["flavors"]) == len(requests) - bad
    assert [f["kind"] for f in output["faults"]].count("bad-input") == broken
    assert len(output["delete_urls"]) == len(requests) - bad - broken
