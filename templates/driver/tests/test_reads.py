"""DRIVER.reads is exactly what the driver reads: run it on every case of tests/data with extra_specs that
record every key looked up, and check each is declared and each declared key is read. Add the keys your
parser reads to DRIVER.reads (``prefix*`` for a family of keys) and this test keeps the two in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from onap_device_driver_example_accel import plugin

from onap_hpa import DiscoveryRequest
from onap_hpa_harness.reads import assert_declared_entries_read, assert_looks_up_only_declared

HERE = Path(__file__).parent
CASES = sorted((HERE / "data").glob("*.json"))
REQUEST = json.loads((HERE / "request.json").read_text(encoding="utf-8"))
#: Keys other drivers read: this one must not look at them.
OTHERS = {"hw:cpu_policy": "dedicated", "pci_passthrough:alias": "accel-crypto-acme-1d0f-0a5b:1"}


def _request(path: Path) -> DiscoveryRequest:
    extra_specs = json.loads(path.read_text(encoding="utf-8"))["extra_specs"]
    return DiscoveryRequest.build(REQUEST["flavor"], extra_specs, REQUEST["vim"])


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_every_key_the_driver_looks_up_is_declared(path: Path) -> None:
    assert_looks_up_only_declared(plugin, _request(path), OTHERS)


def test_every_declared_key_is_read() -> None:
    assert_declared_entries_read(plugin, [_request(path) for path in CASES], OTHERS)
