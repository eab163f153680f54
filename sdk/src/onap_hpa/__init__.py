"""onap-hpa SDK: the driver API, and nothing else.

Everything a driver imports is here and stays stable: :data:`hookimpl`, :class:`DriverInfo`, the
record builders (:func:`capability`, :func:`attribute`), the byte budget (:data:`MAX_BYTES`,
:func:`result_size`), the extra_spec readers in
:mod:`onap_hpa.extra_specs`, the request model and the errors. The Python protocol worker that runs a
driver out of process is :mod:`onap_hpa.worker`. What a plugin embeds (the host, its sandboxed
workers, validation, the AAI sync, the ``onap-hpa`` command) is the separate distribution
``onap-hpa-host`` (import ``onap_hpa_host``); it depends on this one, never the reverse.
"""

from __future__ import annotations

from onap_hpa.budget import MAX_BYTES, result_size
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
from onap_hpa.ids import capability_id, capability_ids, capability_url, capability_urls, flavor_url
from onap_hpa.request import DiscoveryRequest, FlavorView, NodeView, VimView

__all__ = [
    "CONTRACT_VERSION",
    "ENTRY_POINT_GROUP",
    "HPA_VERSION",
    "MAX_BYTES",
    "UNITS",
    "DiscoveryRequest",
    "DriverContractError",
    "DriverInfo",
    "DriverLoadError",
    "ExtraSpecError",
    "FlavorView",
    "NodeView",
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
    "result_size",
]
