"""DRIVER.reads is exactly what the driver reads, which is no extra_spec at all: run it on every fixture with
extra_specs that record every key looked up, and check none is (the driver reads the region's
cloud_extra_info only)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import pytest
from onap_device_driver_ovs_dpdk import DRIVER, plugin

from onap_hpa import VimInfoError

from .conftest import Build, cases

#: extra_specs a flavor of a DPDK region may well have: none of them is the driver's business.
SPECS = {"hw:mem_page_size": "large", "hw:cpu_policy": "dedicated", "ovs:dpdk": "true", "pci_passthrough:alias": "a:1"}


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


@pytest.mark.parametrize("case", cases())
def test_no_extra_spec_is_read(case: dict[str, Any], build: Build) -> None:
    specs = RecordingSpecs(SPECS)
    request = replace(build(case["vim"], case.get("vim_without", ())), extra_specs=specs)
    with contextlib.suppress(VimInfoError):  # a garbled cloud_extra_info: still nothing may be read
        plugin.hpa_discover(request)
    assert (specs.looked_up, specs.iterated) == ([], False)
    assert DRIVER.reads == ()
