"""The recorded regions: format, the packaged default copy, expected states, recording from a (replayed) Nova."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from onap_hpa_harness.expected import expected_document
from onap_hpa_harness.fixtures import DEFAULT_REGION, default_region, load_hostile, load_region
from onap_hpa_harness.record import FAKE_PASSWORD, keystone_token, read_nova, write_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host import Host

from .conftest import FIXTURES, REGIONS

REGENERATE = "onap-hpa fixtures regenerate fixtures/regions/* harness/src/onap_hpa_harness/regions/default"


def test_at_least_three_regions_each_with_onap_and_other_flavors() -> None:
    assert len(REGIONS) >= 3
    for path in REGIONS:
        region = load_region(path)
        names = [flavor["name"] for flavor in region.flavors]
        assert any(name.startswith("onap.") for name in names), path
        assert any(not name.startswith("onap.") for name in names), path
        assert region.viminfo["password"].startswith("fake-password"), path


def test_regions_cover_the_vim_types_and_the_tricky_ids() -> None:
    regions = [load_region(path) for path in REGIONS]
    assert {"windriver", "openstack"} <= {region.viminfo["type"] for region in regions}
    ids = [str(flavor["id"]) for region in regions for flavor in region.flavors]
    assert any(" " in flavor_id for flavor_id in ids)
    assert any("." in flavor_id for flavor_id in ids)


def test_default_region_is_an_identical_copy_of_a_fixture_region() -> None:
    source = FIXTURES / "regions" / default_region().name
    comparison = filecmp.dircmp(source, DEFAULT_REGION)
    mismatched = []

    def walk(cmp: filecmp.dircmp[str]) -> None:
        mismatched.extend(cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files)
        for sub in cmp.subdirs.values():
            walk(sub)

    walk(comparison)
    assert not mismatched, f"{DEFAULT_REGION} differs from {source}: {mismatched}; copy it again"


@pytest.mark.parametrize("path", REGIONS, ids=[path.name for path in REGIONS])
def test_expected_state_is_up_to_date_with_the_installed_drivers(path: Path) -> None:
    region = load_region(path)
    document = expected_document(region, Host())
    stale = f"{path}/aai/expected.json is stale for the drivers installed here; run: {REGENERATE}"
    assert document["drivers"] == region.expected_drivers, stale
    assert {"cloud-region": document["cloud-region"]} == region.aai_expected, stale


def test_expected_state_writes_non_onap_flavors_without_capabilities() -> None:
    region = load_region(FIXTURES / "regions" / "gpu-sriov-lab")
    assert region.aai_expected is not None
    flavors = {f["flavor-id"]: f for f in region.aai_expected["cloud-region"][0]["flavors"]["flavor"]}
    assert "hpa-capabilities" not in flavors["gpu.large"]
    assert flavors["g2"]["hpa-capabilities"]["hpa-capability"]


def test_hostile_cases_each_name_their_malformed_keys() -> None:
    cases = load_hostile(FIXTURES)
    assert len(cases) >= 10
    for case in cases:
        assert case.malformed, case.name
        assert set(case.malformed) <= set(case.extra_specs) | {"cloud_extra_info"}, case.name


def test_hostile_cases_give_typed_errors_never_driver_faults() -> None:
    host = Host()
    for case in load_hostile(FIXTURES):
        result = host.discover_data(case.flavor, case.extra_specs, case.vim)
        assert not [fault for fault in result.faults if fault.alarming], case.name
        for fault in result.faults:
            assert any(key in fault.message for key in case.malformed), (case.name, fault.message)


def test_record_from_a_nova_over_loopback_reproduces_the_region(tmp_path: Path) -> None:
    region = load_region(FIXTURES / "regions" / "openstack-pike")
    with ReplayServers.start(region) as servers:
        session = requests.Session()
        creds = region.credentials
        token, nova_url = keystone_token(
            session,
            servers.keystone_url,
            username=creds["username"],
            password=creds["password"],
            project=creds["project"],
            region=region.cloud_region_id,
        )
        assert nova_url == servers.nova_url
        flavors, extra_specs = read_nova(session, nova_url, token)
    out = tmp_path / "recorded"
    write_region(out, viminfo=region.viminfo, flavors=flavors, extra_specs=extra_specs, description="", source="t")
    recorded = load_region(out)
    assert sorted(recorded.flavors, key=lambda f: f["id"]) == sorted(region.flavors, key=lambda f: f["id"])
    assert recorded.extra_specs == {str(f["id"]): region.extra_specs.get(str(f["id"]), {}) for f in region.flavors}
    assert recorded.viminfo["password"] == FAKE_PASSWORD


def test_record_and_regenerate_commands(tmp_path: Path) -> None:
    region = load_region(FIXTURES / "regions" / "windriver-titanium")
    out = tmp_path / "wr"
    with ReplayServers.start(region) as servers:
        env = {**servers.env}
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": env["OS_USERNAME"],
                            "password": env["OS_PASSWORD"],
                            "domain": {"name": "Default"},
                        }
                    },
                }
            }
        }
        token = requests.post(servers.keystone_url + "/auth/tokens", json=body, timeout=10).headers["X-Subject-Token"]
        record = [
            sys.executable,
            "-m",
            "onap_hpa_host.cli",
            "fixtures",
            "record",
            str(out),
            "--token",
            token,
            "--nova-url",
            servers.nova_url,
            "--cloud-owner",
            "CloudOwner",
            "--cloud-region-id",
            "RegionOne",
            "--vim-type",
            "windriver",
        ]
        run = subprocess.run(record, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert f"{len(region.flavors)} flavors recorded" in run.stdout
    regen = [sys.executable, "-m", "onap_hpa_host.cli", "fixtures", "regenerate"]
    assert subprocess.run([*regen, "--check", str(out)], capture_output=True, check=False).returncode != 0
    assert subprocess.run([*regen, str(out)], capture_output=True, check=False).returncode == 0
    assert subprocess.run([*regen, "--check", str(out)], capture_output=True, check=False).returncode == 0
    expected = json.loads((out / "aai" / "expected.json").read_text())
    assert len(expected["cloud-region"][0]["flavors"]["flavor"]) == len(region.flavors)
