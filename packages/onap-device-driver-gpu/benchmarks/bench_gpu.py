"""Cost of the GPU driver per flavor (``hpa_discover`` called directly, as the host calls it).

Figures, not pass/fail: run with ``pytest packages/onap-device-driver-gpu/benchmarks/bench_gpu.py
-o python_files=bench_*.py --benchmark-only``. The floor is a hookimpl that returns ``[]`` for the same
request, measured in the same run: the driver's own cost is its time minus the floor.
"""

from __future__ import annotations

from typing import Any

import pytest
from onap_device_driver_gpu import plugin

from onap_hpa import DiscoveryRequest

FLAVOR = {"id": "b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11", "name": "onap.gpu", "vcpus": 8, "ram": 16384}
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}
COMPUTE = {"hw:cpu_policy": "dedicated", "hw:mem_page_size": "large", "hw:numa_nodes": "1"}
SPECS = {
    "no-gpu": COMPUTE,
    "one-gpu-alias": {**COMPUTE, "pci_passthrough:alias": "gpu-tesla-nvidia-10de-1db4:1"},
    "gpu-nic-aliases-and-vgpu": {
        **COMPUTE,
        "pci_passthrough:alias": "gpu-tesla-nvidia-10de-1db4:1,sriov-vf-intel-8086-154c:2,gpu-mi50-amd-1002-66a1:1",
        "resources:VGPU": "2",
        "trait:CUSTOM_NVIDIA_11": "required",
    },
}


def floor(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A driver that finds nothing."""
    return []


@pytest.mark.parametrize("case", SPECS)
@pytest.mark.parametrize("hook", [floor, plugin.hpa_discover], ids=["floor", "gpu"])
def test_hpa_discover(benchmark: Any, case: str, hook: Any) -> None:
    request = DiscoveryRequest.build(FLAVOR, SPECS[case], VIM)
    benchmark.group = case
    benchmark(hook, request)
