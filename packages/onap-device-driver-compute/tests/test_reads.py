"""Each driver's DRIVER.reads is exactly what it reads: run it on every fixture with extra_specs that record
every key looked up, and check each is declared (a trailing ``*`` declares a prefix) and each declared entry
is read by some fixture."""

from __future__ import annotations

import json
from typing import Any

from onap_device_driver_compute import plugin

from onap_hpa_harness.reads import assert_declared_entries_read, assert_looks_up_only_declared

from .conftest import DATA, Build

#: Keys near the drivers' that none of them may read: other namespaces, other spellings, other drivers'.
DECOYS = {
    "hw:cpu_policy_x": "dedicated",
    "hw:numa_nodes.0": "2",
    "hw_numa_cpus.0": "0",
    "hw:cpu_realtime": "yes",
    "resources:VGPU": "1",
    "aggregate_instance_extra_specs:sriov_nic": "sriov-nic-intel-8086-15b3-physnet-1:1",
}


def test_every_key_each_driver_looks_up_is_declared(case: dict[str, Any], build: Build) -> None:
    request = build(case["extra_specs"], case.get("flavor"))
    for part in plugin.PARTS:
        assert_looks_up_only_declared(part, request, DECOYS)


def test_every_declared_entry_is_read(build: Build) -> None:
    cases = [json.loads(path.read_text("utf-8")) for path in sorted(DATA.glob("*.json"))]
    requests = [build(case["extra_specs"], case.get("flavor")) for case in cases]
    for part in plugin.PARTS:
        assert_declared_entries_read(part, requests, DECOYS)


def test_reads_are_what_the_readme_says() -> None:
    assert {part.DRIVER.name: part.DRIVER.reads for part in plugin.PARTS} == {
        "compute-basic": ("hw:mem_page_size",),
        "compute-cpu": (
            "hw:cpu_policy",
            "hw:cpu_thread_policy",
            "hw:cpu_sockets",
            "hw:cpu_cores",
            "hw:cpu_threads",
            "hw:capabilities:cpu_info:features",
        ),
        "compute-numa": ("hw:numa_nodes", "hw:numa_cpus.*", "hw:numa_mem.*"),
        "compute-pci": ("pci_passthrough:alias",),
    }
