"""The hook implementation: parsed devices -> AAI ``exampleAccel`` records.

Only glue lives here. Parsing is in :mod:`.parse`; value encoding is the SDK's; ids and delete URLs are
the host's (contract 1.1).
"""

from __future__ import annotations

from typing import Any

from onap_device_driver_example_accel import DRIVER, FEATURE
from onap_device_driver_example_accel.parse import ExampleAccel, parse
from onap_hpa import DiscoveryRequest, capability, hookimpl, pci_attributes

__all__ = ["DRIVER", "hpa_discover"]


def _record(device: ExampleAccel) -> dict[str, Any]:
    # Every attribute always present: OOF raises on a policy attribute a record lacks.
    attributes = pci_attributes(device.count, device.pci.vendor_id, device.pci.device_id)
    return capability(FEATURE, device.pci.vendor_name, attributes)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One ``exampleAccel`` record per device the flavor asks for (architecture: the vendor name)."""
    return [_record(device) for device in parse(request.flavor.id, request.extra_specs)]
