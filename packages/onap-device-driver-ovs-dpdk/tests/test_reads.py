"""DRIVER.reads is exactly what the driver reads, which is no extra_spec at all: run it on every fixture with
extra_specs that record every key looked up, and check none is (the driver reads the region's
cloud_extra_info only)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from onap_device_driver_ovs_dpdk import DRIVER, plugin

from onap_hpa import VimInfoError
from onap_hpa_harness.reads import record_reads

from .conftest import Build, cases

#: extra_specs a flavor of a DPDK region may well have: none of them is the driver's business.
SPECS = {"hw:mem_page_size": "large", "hw:cpu_policy": "dedicated", "ovs:dpdk": "true", "pci_passthrough:alias": "a:1"}


@pytest.mark.parametrize("case", cases())
def test_no_extra_spec_is_read(case: dict[str, Any], build: Build) -> None:
    request = replace(build(case["vim"], case.get("vim_without", ())), extra_specs=SPECS)
    # a garbled cloud_extra_info: still nothing may be read
    specs = record_reads(plugin, request, tolerate=(VimInfoError,))
    assert (specs.looked_up, specs.iterated) == ([], False)
    assert DRIVER.reads == ()
