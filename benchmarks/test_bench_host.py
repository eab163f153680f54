"""Host discovery of one flavor: all installed drivers, validation and stable ids included.

The floor is the same drivers called directly (no isolation, validation or ids), measured in the same
run: host / floor is what the host's guarantees cost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import DiscoveryRequest
from onap_hpa_host import Host

REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "requests"


def load(name: str) -> DiscoveryRequest:
    data = json.loads((REQUESTS / name).read_text())
    return DiscoveryRequest.build(data["flavor"], data["extra_specs"], data["vim"])


@pytest.fixture(scope="module")
def host() -> Host:
    host = Host()
    assert any(d.status == "loaded" for d in host.drivers)
    return host


@pytest.mark.parametrize("name", ["sriov-nic.json", "all-features.json"])
def test_floor_drivers_called_directly(benchmark: Any, host: Host, name: str) -> None:
    request = load(name)
    hooks = [hook.function for hook in host._discover]  # the floor bypasses the host on purpose
    benchmark.group = name
    benchmark(lambda: [hook(request) for hook in hooks])


@pytest.mark.parametrize("name", ["sriov-nic.json", "all-features.json"])
def test_host_discover(benchmark: Any, host: Host, name: str) -> None:
    request = load(name)
    benchmark.group = name
    result = benchmark(host.discover, request)
    assert not [f for f in result.faults if f.alarming]


@pytest.mark.parametrize("name", ["all-features.json"])
def test_host_discover_and_delete_urls_from_plugin_data(benchmark: Any, host: Host, name: str) -> None:
    data = json.loads((REQUESTS / name).read_text())
    benchmark.group = name

    def run() -> None:
        request = DiscoveryRequest.build(data["flavor"], data["extra_specs"], data["vim"])
        host.discover(request)
        host.delete_urls(request)

    benchmark(run)
