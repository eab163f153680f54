"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: emits sriovNICNetwork but declares basicCapabilities only.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl, pci_attributes

DRIVER = DriverInfo(name="broken-undeclared", version="0.0.1", features=frozenset({"basicCapabilities"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Its declared feature, and one DRIVER.features does not declare."""
    flavor = request.flavor
    basic = [attribute("numVirtualCpu", max(flavor.vcpus, 1)), attribute("virtualMemSize", max(flavor.ram, 1), "MB")]
    nic = [*pci_attributes(1, "8086", "154c"), attribute("physicalNetwork", "physnet1")]
    return [capability("basicCapabilities", "generic", basic), capability("sriovNICNetwork", "intel", nic)]
