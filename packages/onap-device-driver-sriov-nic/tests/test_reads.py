"""DRIVER.reads is exactly what the driver reads: run it on every fixture with extra_specs that record
every key looked up, and check each is declared (a trailing ``*`` declares a prefix) and each declared
entry is read."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_sriov_nic import DRIVER, plugin
from onap_device_driver_sriov_nic.parse import KEY

from onap_hpa import DiscoveryRequest, ExtraSpecError

CASES = sorted((Path(__file__).parent / "data").glob("*.json"))
FLAVOR = {"id": "onap.sriov", "name": "onap.sriov", "vcpus": 2, "ram": 2048, "disk": 20}
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}
#: Keys no SR-IOV flavor needs, next to the one it does: a driver that looked at them would be caught.
OTHERS = {"capabilities:cpu_info:model": "Haswell", "aggregate_instance_extra_specs:x": "1"}


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


def _run(value: str) -> RecordingSpecs:
    specs = RecordingSpecs({KEY: value, **OTHERS})
    request = replace(DiscoveryRequest.build(FLAVOR, {}, VIM), extra_specs=specs)
    with contextlib.suppress(ExtraSpecError):  # a malformed fixture: what it looked up still counts
        plugin.hpa_discover(request)
    return specs


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_every_key_the_driver_looks_up_is_declared(path: Path) -> None:
    specs = _run(json.loads(path.read_text())["value"])
    assert not specs.iterated, "the driver iterates over the extra_specs: reads must declare what it takes from them"
    undeclared = sorted({key for key in specs.looked_up if not declared(key, DRIVER.reads)})
    assert undeclared == [], f"looked up but not in DRIVER.reads {DRIVER.reads}"


def test_every_declared_key_is_read() -> None:
    looked_up = {key for path in CASES for key in _run(json.loads(path.read_text())["value"]).looked_up}
    assert DRIVER.reads == (KEY,)
    assert all(any(declared(key, (read,)) for key in looked_up) for read in DRIVER.reads)
