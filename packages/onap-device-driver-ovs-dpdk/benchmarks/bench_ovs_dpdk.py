"""Cost of the OVS-DPDK driver per flavor (``hpa_discover`` called directly, as the host calls it).

Figures, not pass/fail: run with ``pytest packages/onap-device-driver-ovs-dpdk/benchmarks/bench_ovs_dpdk.py
-o python_files=bench_*.py --benchmark-only``. The floor is a hookimpl that returns ``[]`` for the same
request, measured in the same run. cloud_extra_info is parsed once per region by the SDK, not here.
"""

from __future__ import annotations

from typing import Any

import pytest
from onap_device_driver_ovs_dpdk import plugin

from onap_hpa import DiscoveryRequest

FLAVOR = {"id": "b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11", "name": "onap.dpdk", "vcpus": 8, "ram": 16384}
DECLARED = (
    '{"ovsDpdk": {"version": "v1", "arch": "Intel64", "libname": "dataProcessingAccelerationLibrary", '
    '"libversion": "v17.02"}}'
)
INFO = {"declared": DECLARED, "undeclared": '{"other": 1}', "absent": None}


def floor(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A driver that finds nothing."""
    return []


@pytest.mark.parametrize("case", INFO)
@pytest.mark.parametrize("hook", [floor, plugin.hpa_discover], ids=["floor", "ovs-dpdk"])
def test_hpa_discover(benchmark: Any, case: str, hook: Any) -> None:
    vim = {
        "cloud_owner": "CloudOwner",
        "cloud_region_id": "RegionOne",
        "type": "openstack",
        "cloud_extra_info": INFO[case],
    }
    request = DiscoveryRequest.build(FLAVOR, {"hw:cpu_policy": "dedicated"}, vim)
    benchmark.group = case
    benchmark(hook, request)
