"""``onap-hpa alarms`` (poll mode) and ``onap-hpa --version``, as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host.alarms import AlarmBook, read_active
from onap_hpa_host.host import Fault

from .conftest import REPO

FLAKY_MODULE = '''\
"""A driver that raises on every flavor while {marker} exists (test only)."""

from pathlib import Path

from onap_hpa import DriverInfo, hookimpl

DRIVER = DriverInfo(name="flaky", version="0.0.1", features=frozenset({{"basicCapabilities"}}))
MARKER = Path({marker!r})


@hookimpl
def hpa_discover(request):
    if MARKER.exists():
        raise RuntimeError("flaky hardware probe failed on " + request.flavor.id)
    return []
'''


def _dist_info(root: Path, name: str, version: str, entry_points: str = "") -> None:
    """A minimal installed distribution (what importlib.metadata reads) under ``root``."""
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if entry_points:
        (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


@pytest.fixture
def flaky(tmp_path: Path) -> tuple[Path, Path]:
    """A driver distribution on a PYTHONPATH directory, faulty while the returned marker file exists."""
    site = tmp_path / "site"
    (site / "onap_device_driver_flaky").mkdir(parents=True)
    marker = tmp_path / "broken"
    (site / "onap_device_driver_flaky" / "__init__.py").write_text(FLAKY_MODULE.format(marker=str(marker)))
    _dist_info(site, "onap-device-driver-flaky", "0.0.1", "[onap.hpa.drivers]\nflaky = onap_device_driver_flaky\n")
    return site, marker


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(default_region()) as running:
        yield running


def _onap_hpa(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "onap_hpa_host.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def _env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_"))}, **extra}


def test_after_a_sync_with_a_faulty_driver_alarms_lists_it_and_after_it_recovers_none(servers, flaky, tmp_path):
    site, marker = flaky
    state = tmp_path / "state" / "alarms.json"
    env = _env(
        **servers.env,
        PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        ONAP_HPA_ALARM_STATE=str(state),
        ONAP_HPA_DRIVERS="flaky,sriov-nic",
        # The stand-in driver is on PYTHONPATH, not installed: sandboxed workers (python -I) would not
        # see it, so drivers run in the sync's own process here. The alarms are the same either way.
        ONAP_HPA_ISOLATION="inprocess",
    )
    region = servers.region
    marker.touch()
    sync = _onap_hpa("sync", "--json", "--no-progress", env=env)
    assert sync.returncode == 0, sync.stderr  # a driver fault is reported and alarmed, not a failed run
    faulted = sorted({f["flavor-id"] for f in json.loads(sync.stdout)["faults"] if f["driver"] == "flaky"})
    assert faulted

    listed = _onap_hpa("alarms", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (alarm,) = json.loads(listed.stdout)
    assert (alarm["driver"], alarm["cloud_owner"], alarm["cloud_region_id"]) == (
        "flaky",
        region.cloud_owner,
        region.cloud_region_id,
    )
    assert alarm["flavors_affected"] == len(faulted)
    assert alarm["flavors"] == faulted
    assert alarm["first_flavor"] == faulted[0]
    assert alarm["first_kind"] == "raised"
    assert f"flaky hardware probe failed on {faulted[0]}" in alarm["first_reason"]
    assert alarm["since"].endswith("Z")

    table = _onap_hpa("alarms", env=env)
    assert table.returncode == 0, table.stderr
    header, row = table.stdout.splitlines()
    assert header.split()[:2] == ["DRIVER", "REGION"]
    assert row.split()[:4] == [
        "flaky",
        f"{region.cloud_owner}/{region.cloud_region_id}",
        alarm["since"],
        str(len(faulted)),
    ]

    marker.unlink()  # the driver recovers
    assert _onap_hpa("sync", "--json", "--no-progress", env=env).returncode == 0
    assert json.loads(_onap_hpa("alarms", "--json", env=env).stdout) == []
    assert _onap_hpa("alarms", env=env).stdout == "no active alarms\n"
    # --state names the file (or its directory) explicitly
    assert json.loads(_onap_hpa("alarms", "--json", "--state", str(state.parent), env=_env()).stdout) == []


class _Collected:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def send(self, event: dict[str, Any]) -> bool:
        self.events.append(event)
        return True


def test_state_files_of_several_regions_in_one_directory(tmp_path):
    for region, flavors in (("RegionOne", ["f2", "f1"]), ("RegionTwo", [])):
        book = AlarmBook(_Collected(), state_path=tmp_path / f"{region}.json")  # type: ignore[arg-type]
        faults = [Fault(flavor, "gpu", "timeout", f"took too long on {flavor}") for flavor in flavors]
        book.round("Owner", region, ["gpu", "sriov-nic"], faults)
    (alarm,) = read_active(tmp_path / "RegionOne.json")
    assert (alarm.driver, alarm.cloud_region_id, alarm.flavors, alarm.first_flavor) == (
        "gpu",
        "RegionOne",
        ("f1", "f2"),
        "f1",
    )
    assert (alarm.first_kind, alarm.first_reason) == ("timeout", "took too long on f1")
    assert read_active(tmp_path / "RegionTwo.json") == []
    assert read_active(tmp_path / "missing.json") == []  # no sync has raised anything yet

    listed = _onap_hpa("alarms", "--json", "--state", str(tmp_path), env=_env())
    assert [a["cloud_region_id"] for a in json.loads(listed.stdout)] == ["RegionOne"]


def test_without_state_or_with_a_bad_one_alarms_says_so(tmp_path):
    missing = _onap_hpa("alarms", env=_env())
    assert missing.returncode == 2
    assert "ONAP_HPA_ALARM_STATE" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    refused = _onap_hpa("alarms", "--state", str(bad), env=_env())
    assert refused.returncode == 2
    assert f"cannot read the alarm state {bad}" in refused.stderr


def test_version_lists_every_onap_hpa_distribution(tmp_path):
    import tomllib

    site = tmp_path / "site"
    _dist_info(site, "onaphpadriver", "2.0.0", "[hpa.discovery]\ndiscovery = hpa.hpa_discovery:HPA_Discovery\n")
    _dist_info(site, "acme-hpa-fpga", "3.1.4", "[onap.hpa.drivers]\nfpga = acme_fpga\n")  # found by its entry point
    run = _onap_hpa("--version", env=_env(PYTHONPATH=str(site)))
    assert run.returncode == 0, run.stderr
    first, *rows = run.stdout.splitlines()
    versions = {row.split()[0]: row.split()[1] for row in rows}
    for path in ["sdk", "host", "harness", *(str(p.parent) for p in sorted(REPO.glob("packages/*/pyproject.toml")))]:
        project = tomllib.loads((REPO / path / "pyproject.toml").read_text())["project"]
        about = next((REPO / path / "src").glob("*/__about__.py"), None)
        expected = project.get("version") or (about and about.read_text().split('"')[1])
        assert versions[project["name"]] == expected, project["name"]
    assert versions["onaphpadriver"] == "2.0.0"
    assert versions["acme-hpa-fpga"] == "3.1.4"
    assert first.startswith(f"onap-hpa {versions['onap-hpa-host']} (Python ")
