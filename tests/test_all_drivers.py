"""Every monorepo driver installed together, as in a plugin image: no duplicates, no crash, stable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onap_hpa import ENTRY_POINT_GROUP, DiscoveryRequest
from onap_hpa_host import Host
from onap_hpa_host.validation import MAX_BYTES, check_records, compact_size

from .conftest import REPO

ALL_FEATURES = REPO / "fixtures" / "requests" / "all-features.json"
# Every driver (entry point) of every monorepo distribution: one distribution may register several.
DISTRIBUTIONS = {path.parent.name for path in REPO.glob("packages/*/pyproject.toml")}
DRIVERS = sorted(
    ep.name for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.dist is not None and ep.dist.name in DISTRIBUTIONS
)
TEN = {
    "basicCapabilities", "cpuPinning", "cpuTopology", "hugePages", "numa", "localStorage",
    "instructionSetExtensions", "pciePassthrough", "sriovNICNetwork", "ovsDpdk",
}  # fmt: skip
KNOWN_KEYS = [
    "hw:cpu_policy", "hw:cpu_thread_policy", "hw:cpu_sockets", "hw:cpu_cores", "hw:cpu_threads",
    "hw:mem_page_size", "hw:numa_nodes", "hw:numa_cpus.0", "hw:numa_cpus.1", "hw:numa_mem.0", "hw:numa_mem.1",
    "hw:capabilities:cpu_info:features", "pci_passthrough:alias", "aggregate_instance_extra_specs:sriov_nic",
    "resources:VGPU", "trait:CUSTOM_NVIDIA_11", "hw:max_cpu_sockets",
]  # fmt: skip


@pytest.fixture(scope="module")
def host() -> Host:
    host = Host()
    loaded = sorted(d.name for d in host.drivers if d.status == "loaded")
    assert loaded == DRIVERS, [(d.name, d.status, d.error) for d in host.drivers]
    return host


def load() -> dict[str, Any]:
    return json.loads(ALL_FEATURES.read_text())


def test_one_flavor_with_all_ten_features_yields_one_record_each(host: Host) -> None:
    data = load()
    result = host.discover(DiscoveryRequest.build(data["flavor"], data["extra_specs"], data["vim"]))
    assert result.faults == ()
    features = [record["hpa-feature"] for record in result.record["hpa-capabilities"]["hpa-capability"]]
    assert sorted(features) == sorted(TEN)


def test_full_output_is_stable_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "onap_hpa_host.cli", "discover", str(ALL_FEATURES)]
        outputs.append(subprocess.run(command, check=True, capture_output=True, env=env).stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["flavors"][0]["hpa-capabilities"]["hpa-capability"]) == len(TEN)


hostile_values = (
    st.text(max_size=40)
    | st.text(alphabet="0123456789-,:^ +", max_size=20)
    | st.sampled_from(
        ["2", " 2", "٢", "0", "-1", "large", "2MB", "1GiB", "any", "a:1,b:2", "sriov-nic-x-8086-154c-p:1"]
    )
    | st.text(min_size=300, max_size=3000)
)
non_strings = st.none() | st.integers() | st.floats() | st.lists(st.integers(), max_size=2)
extra_specs = st.dictionaries(
    st.sampled_from(KNOWN_KEYS) | st.text(max_size=20), hostile_values | non_strings, max_size=12
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra_specs=extra_specs,
    vcpus=st.integers(0, 64),
    cloud_extra_info=st.none() | st.text(max_size=50) | st.just('{"ovsDpdk": {"libversion": 3}}'),
)
def test_hostile_extra_specs_never_escape_the_host(
    host: Host, extra_specs: dict[str, Any], vcpus: int, cloud_extra_info: str | None
) -> None:
    data = load()
    data["flavor"]["vcpus"] = vcpus
    data["vim"]["cloud_extra_info"] = cloud_extra_info
    result = host.discover_data(data["flavor"], extra_specs, data["vim"])
    assert all(fault.kind in ("bad-request", "bad-input") for fault in result.faults), result.faults
    if result.record is None:
        return
    for driver, records in result.capabilities.items():
        assert compact_size(records) <= MAX_BYTES, driver
        assert check_records(records) is None if records else True
