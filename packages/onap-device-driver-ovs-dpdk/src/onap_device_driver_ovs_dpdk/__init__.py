"""onap-device-driver-ovs-dpdk: a cloud region's declared OVS-DPDK data plane as AAI ``ovsDpdk`` records."""

from __future__ import annotations

from onap_device_driver_ovs_dpdk.__about__ import __version__
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "__version__"]

#: Contract 1.1: the host derives the delete URLs from its own ids, so there is no ``hpa_delete_urls``.
#: ``reads`` is empty on purpose: the driver reads no extra_spec at all, only the region's
#: ``cloud_extra_info`` (``request.vim``), the same for every flavor.
DRIVER = DriverInfo(name="ovs-dpdk", version=__version__, features=frozenset({"ovsDpdk"}), contract="1.1", reads=())
