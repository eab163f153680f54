"""The Python protocol worker, as a real process on pipes: version negotiation and protocol 2's shared VIM view.

The driver is a small one written here: each record says which VIM owner and extra_info it was handed,
so what the worker built from each request is visible in its answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from onap_hpa.worker.wire import PROTOCOLS

DRIVER = textwrap.dedent(
    """
    import json
    from onap_hpa import DriverInfo, hookimpl

    DRIVER = DriverInfo(name="echo-vim", version="1", features=frozenset({"cpuPinning"}), reads=())

    def plain(value):
        return {key: plain(item) for key, item in value.items()} if hasattr(value, "items") else value

    @hookimpl
    def hpa_discover(request):
        seen = {"owner": request.vim.cloud_owner, "extra": plain(request.vim.cloud_extra_info)}
        return [{"hpa-feature": "cpuPinning", "architecture": "generic", "hpa-version": "v1",
                 "hpa-feature-attributes": [{"hpa-attribute-key": "logicalCpuPinningPolicy",
                                             "hpa-attribute-value": json.dumps(seen)}]}]
    """
)
FLAVOR = {
    "id": "f1",
    "name": "onap.f1",
    "vcpus": 2,
    "ram": 2048,
    "disk": 10,
    "ephemeral": 0,
    "swap": 0,
    "swap_raw": "",
    "is_public": True,
    "disabled": False,
    "selflink": "http://0.0.0.0",
}


def _vim(owner: str, extra: Any = None) -> dict[str, Any]:
    return {
        "cloud_owner": owner,
        "cloud_region_id": "RegionOne",
        "vim_type": "openstack",
        "version": "pike",
        "name": "",
        "cloud_extra_info": extra,
        "cloud_extra_info_error": None,
    }


def _request(request_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": request_id, "flavor": {**FLAVOR, "id": request_id}, "extra_specs": {}, **extra}


def _worker(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    """The Python worker serving the echo driver, given ``text`` on its stdin."""
    (tmp_path / "echo_vim.py").write_text(DRIVER)
    return subprocess.run(
        [sys.executable, "-m", "onap_hpa.worker", "echo-vim", "echo_vim"],
        input=text,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )


def _talk(tmp_path: Path, *messages: dict[str, Any]) -> list[dict[str, Any]]:
    done = _worker(tmp_path, "".join(json.dumps(message) + "\n" for message in messages))
    return [json.loads(line) for line in done.stdout.splitlines()]


def _seen(result: dict[str, Any]) -> dict[str, Any]:
    (record,) = result["records"]
    return json.loads(record["hpa-feature-attributes"][0]["hpa-attribute-value"])


def test_the_worker_chooses_the_newest_version_both_sides_speak(tmp_path: Path) -> None:
    assert PROTOCOLS[0] == "2"
    assert _talk(tmp_path, {"type": "hello", "protocols": ["2", "1"]})[0]["protocol"] == "2"
    assert _talk(tmp_path, {"type": "hello", "protocols": ["1"]})[0]["protocol"] == "1"
    assert _talk(tmp_path, {"type": "hello", "protocols": ["9", "1"]})[0]["protocol"] == "1"
    (fatal,) = _talk(tmp_path, {"type": "hello", "protocols": ["9"]})
    assert fatal["type"] == "fatal"
    assert fatal["kind"] == "unsupported-protocol"


def test_protocol_2_requests_without_a_vim_view_get_their_batchs_and_the_others_keep_their_own(
    tmp_path: Path,
) -> None:
    shared = _vim("Shared", {"ovsDpdk": {"version": "v1"}})
    batch = {
        "type": "batch",
        "vim": shared,
        "requests": [_request("1"), _request("2", vim=_vim("Own")), _request("3")],
    }
    hello, *results = _talk(tmp_path, {"type": "hello", "protocols": ["2", "1"]}, batch)
    assert hello["protocol"] == "2"
    assert [result["id"] for result in results] == ["1", "2", "3"]
    assert [_seen(result) for result in results] == [
        {"owner": "Shared", "extra": {"ovsDpdk": {"version": "v1"}}},
        {"owner": "Own", "extra": None},
        {"owner": "Shared", "extra": {"ovsDpdk": {"version": "v1"}}},
    ]


@pytest.mark.parametrize("offered", [["1"], ["2", "1"]])
def test_whole_requests_are_answered_in_either_version(tmp_path: Path, offered: list[str]) -> None:
    batch = {"type": "batch", "requests": [_request("1", vim=_vim("Own"))]}
    _, result = _talk(tmp_path, {"type": "hello", "protocols": offered}, batch)
    assert _seen(result) == {"owner": "Own", "extra": None}


def test_a_line_that_is_not_json_is_a_fatal_protocol_error_not_a_traceback(tmp_path: Path) -> None:
    done = _worker(tmp_path, '{"type":"hello","protocols":["2"]}\n\n')
    hello, fatal = (json.loads(line) for line in done.stdout.splitlines())
    assert hello["type"] == "hello"
    assert fatal["kind"] == "protocol-error"
    assert "not JSON" in fatal["message"]
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
