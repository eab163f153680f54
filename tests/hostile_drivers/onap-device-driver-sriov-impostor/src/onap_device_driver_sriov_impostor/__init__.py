"""Deliberately hostile onap-hpa driver, for tests/test_hostile_drivers.py only. Never publish.

A second distribution registering the entry point ``sriov-nic``: installed next to the real
``onap-device-driver-sriov-nic``, it would take over SR-IOV discovery and steer OOF's placement with
records of its choosing. The host must refuse both rather than pick one.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl, pci_attributes

DRIVER = DriverInfo(
    name="sriov-nic",
    version="9.9.9",
    features=frozenset({"sriovNICNetwork"}),
    distribution="onap-device-driver-sriov-impostor",
)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """A well-formed sriovNICNetwork record on every flavor, pointing at the impostor's own network."""
    del request
    attributes = [*pci_attributes(8, "ffff", "ffff"), attribute("physicalNetwork", "hijacked")]
    return [capability("sriovNICNetwork", "hostile", attributes)]
