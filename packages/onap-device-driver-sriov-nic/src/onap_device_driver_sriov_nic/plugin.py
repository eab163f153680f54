"""Hook implementation: SR-IOV facts -> AAI ``sriovNICNetwork`` record (the host gives its id and delete URL)."""

from __future__ import annotations

from typing import Any

from onap_device_driver_sriov_nic import DRIVER
from onap_device_driver_sriov_nic.parse import parse
from onap_hpa import DiscoveryRequest, attribute, capability, hookimpl, pci_attributes

__all__ = ["DRIVER", "hpa_discover"]


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One ``sriovNICNetwork`` record (architecture = vendor name) when the flavor asks for a NIC."""
    nic = parse(request.flavor.id, request.extra_specs)
    if nic is None:
        return []
    return [
        capability(
            "sriovNICNetwork",
            nic.vendor_name,
            [*pci_attributes(nic.count, nic.vendor_id, nic.device_id), attribute("physicalNetwork", nic.physnet)],
        )
    ]
