"""onap-device-driver-sriov-nic: SR-IOV NIC networks of a flavor as AAI ``sriovNICNetwork`` records."""

from __future__ import annotations

from onap_device_driver_sriov_nic.__about__ import __version__
from onap_device_driver_sriov_nic.parse import KEY
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "__version__"]

#: Contract 1.1: the host derives the delete URLs from its own ids, so there is no ``hpa_delete_urls``;
#: ``reads`` is the one extra_spec :mod:`.parse` looks up.
DRIVER = DriverInfo(
    name="sriov-nic",
    version=__version__,
    features=frozenset({"sriovNICNetwork"}),
    contract="1.1",
    reads=(KEY,),
)
