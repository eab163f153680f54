"""Hook implementation: the declared OVS-DPDK library -> one AAI ``ovsDpdk`` record (the host gives its id and URL)."""

from __future__ import annotations

from typing import Any, Final

from onap_device_driver_ovs_dpdk import DRIVER
from onap_device_driver_ovs_dpdk.parse import parse
from onap_hpa import DiscoveryRequest, attribute, capability, hookimpl

__all__ = ["ARCHITECTURE", "DRIVER", "hpa_discover"]

#: What both upstream variants wrote and OOF policies match exactly (``arch`` in cloud_extra_info is not read).
ARCHITECTURE: Final = "Intel64"


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One ``ovsDpdk`` record for every flavor of a region that declares OVS-DPDK, else none."""
    dpdk = parse(request.flavor.id, request.vim)
    if dpdk is None:
        return []
    return [capability("ovsDpdk", ARCHITECTURE, [attribute(dpdk.libname, dpdk.libversion)])]
