"""onap-device-driver-ovs-dpdk: a cloud region's declared OVS-DPDK data plane as AAI ``ovsDpdk`` records."""

from __future__ import annotations

from onap_device_driver_ovs_dpdk.__about__ import __version__
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "__version__"]

DRIVER = DriverInfo(name="ovs-dpdk", version=__version__, features=frozenset({"ovsDpdk"}))
