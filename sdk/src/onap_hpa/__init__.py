"""onap-hpa SDK: the driver contract, the builders drivers use and the host a MultiCloud plugin calls.

Driver authors need :data:`hookimpl`, :class:`DriverInfo`, the builders (:func:`capability`,
:func:`attribute`), :func:`capability_urls`, the extra_spec readers in :mod:`onap_hpa.extra_specs`
and the errors. Plugin authors need :class:`Host` and :class:`DiscoveryRequest`.
"""

from __future__ import annotations

from onap_hpa.capability import HPA_VERSION, UNITS, attribute, attribute_value, capability, pci_attributes
from onap_hpa.driver_info import DriverInfo
from onap_hpa.errors import (
    DriverContractError,
    DriverLoadError,
    ExtraSpecError,
    OnapHpaError,
    PartialDiscovery,
    RequestError,
    VimInfoError,
)
from onap_hpa.hookspecs import CONTRACT_VERSION, ENTRY_POINT_GROUP, hookimpl
from onap_hpa.host import DeleteResult, Fault, FlavorResult, Host
from onap_hpa.ids import capability_id, capability_ids, capability_url, capability_urls, flavor_url
from onap_hpa.request import DiscoveryRequest, FlavorView, VimView

__all__ = [
    "CONTRACT_VERSION",
    "ENTRY_POINT_GROUP",
    "HPA_VERSION",
    "UNITS",
    "DeleteResult",
    "DiscoveryRequest",
    "DriverContractError",
    "DriverInfo",
    "DriverLoadError",
    "ExtraSpecError",
    "Fault",
    "FlavorResult",
    "FlavorView",
    "Host",
    "OnapHpaError",
    "PartialDiscovery",
    "RequestError",
    "VimInfoError",
    "VimView",
    "attribute",
    "attribute_value",
    "capability",
    "capability_id",
    "capability_ids",
    "capability_url",
    "capability_urls",
    "flavor_url",
    "hookimpl",
    "pci_attributes",
]
