"""Each driver's DRIVER.reads is exactly what it reads: run it on every fixture with extra_specs that record
every key looked up, and check each is declared (a trailing ``*`` declares a prefix) and each declared entry
is read by some fixture."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from onap_device_driver_compute import plugin

from onap_hpa import DiscoveryRequest, ExtraSpecError, PartialDiscovery

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


class RecordingSpecs(Mapping[str, str]):
    """extra_specs that remember every key looked up (``[]``, ``get``, ``in``) and whether they were iterated."""

    def __init__(self, specs: Mapping[str, str]) -> None:
        self._specs = dict(specs)
        self.looked_up: list[str] = []
        self.iterated = False

    def __getitem__(self, key: str) -> str:
        self.looked_up.append(key)
        return self._specs[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.looked_up.append(key)
        return self._specs.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.looked_up.append(str(key))
        return key in self._specs

    def __iter__(self) -> Iterator[str]:
        self.iterated = True
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def keys(self) -> Any:
        self.iterated = True
        return self._specs.keys()

    def items(self) -> Any:
        self.iterated = True
        return self._specs.items()

    def values(self) -> Any:
        self.iterated = True
        return self._specs.values()


def declared(key: str, reads: tuple[str, ...]) -> bool:
    """``key`` is one of ``reads``, or starts with a ``prefix*`` of it."""
    return any(key.startswith(read[:-1]) if read.endswith("*") else key == read for read in reads)


def _looked_up(part: plugin.Part, request: DiscoveryRequest) -> RecordingSpecs:
    specs = RecordingSpecs({**DECOYS, **request.extra_specs})
    with contextlib.suppress(PartialDiscovery, ExtraSpecError):  # a malformed fixture: its look-ups still count
        part.hpa_discover(replace(request, extra_specs=specs))
    return specs


def test_every_key_each_driver_looks_up_is_declared(case: dict[str, Any], build: Build) -> None:
    request = build(case["extra_specs"], case.get("flavor"))
    for part in plugin.PARTS:
        specs = _looked_up(part, request)
        assert not specs.iterated, f"{part.DRIVER.name} iterates over the extra_specs"
        undeclared = sorted({key for key in specs.looked_up if not declared(key, part.DRIVER.reads)})
        assert undeclared == [], f"{part.DRIVER.name} looked them up; its DRIVER.reads is {part.DRIVER.reads}"


def test_every_declared_entry_is_read(build: Build) -> None:
    cases = [json.loads(path.read_text("utf-8")) for path in sorted(DATA.glob("*.json"))]
    requests = [build(case["extra_specs"], case.get("flavor")) for case in cases]
    for part in plugin.PARTS:
        looked_up = {key for request in requests for key in _looked_up(part, request).looked_up}
        unused = [read for read in part.DRIVER.reads if not any(declared(key, (read,)) for key in looked_up)]
        assert unused == [], f"{part.DRIVER.name} declares {unused}, but no fixture shows it reading them"


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
