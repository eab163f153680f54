"""onap-device-driver-sriov-nic: SR-IOV NIC networks of a flavor as AAI ``sriovNICNetwork`` records."""

from __future__ import annotations

from onap_device_driver_sriov_nic.__about__ import __version__
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "__version__"]

DRIVER = DriverInfo(name="sriov-nic", version=__version__, features=frozenset({"sriovNICNetwork"}))
