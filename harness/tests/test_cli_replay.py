"""``onap-hpa replay`` as a user runs it: one JSON line, serving, a clean exit on SIGTERM and Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
import requests

from .conftest import FIXTURES


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_replay_prints_one_json_line_serves_and_exits_cleanly(signum: signal.Signals) -> None:
    region = FIXTURES / "regions" / "windriver-titanium"
    command = [sys.executable, "-m", "onap_hpa_host.cli", "replay", str(region)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
            assert set(line) == {"nova", "aai", "keystone", "env"}
            assert line["aai"].startswith("http://127.0.0.1:")
            assert line["env"]["ONAP_HPA_AAI_URL"] == line["aai"]
            assert line["env"]["OS_AUTH_URL"] == line["keystone"]
            headers = {"X-FromAppId": "t", "X-TransactionId": "1"}
            url = line["aai"] + "/cloud-infrastructure/cloud-regions/cloud-region/CloudOwner/RegionOne"
            assert requests.get(url, headers=headers, auth=("AAI", "AAI"), timeout=10).status_code == 200
            assert requests.get(line["nova"] + "/flavors/detail", timeout=10).status_code == 401
            process.send_signal(signum)
            assert process.wait(timeout=10) == 0
            assert process.stdout.read() == ""
        finally:
            process.kill()


def test_replay_of_a_directory_that_is_no_region_exits_2(tmp_path: object) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "onap_hpa_host.cli", "replay", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "region.json" in run.stderr
