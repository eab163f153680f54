"""Hook implementation: GPU facts -> AAI ``pciePassthrough`` / ``virtualGpu`` records.

Each feature is parsed on its own; a malformed one becomes an :class:`ExtraSpecError` in a
:class:`PartialDiscovery` and the other still comes through, and so does one whose records would take
the driver past the host's byte budget (measured with :mod:`onap_hpa.budget`, as the host measures it).
The host gives the records their ids and derives their delete URLs (contract 1.1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from onap_device_driver_gpu import DRIVER
from onap_device_driver_gpu.parse import ALIAS_KEY, VGPU_KEY, parse_passthrough, parse_vgpu
from onap_hpa import (
    MAX_BYTES,
    DiscoveryRequest,
    ExtraSpecError,
    OnapHpaError,
    PartialDiscovery,
    attribute,
    capability,
    hookimpl,
    pci_attributes,
    result_size,
)

__all__ = ["DRIVER", "hpa_discover"]

Record = dict[str, Any]
#: A feature's good records and the errors of its bad parts.
Found = tuple[list[Record], list[ExtraSpecError]]
GENERIC: Final = "generic"


def _passthrough(request: DiscoveryRequest) -> Found:
    records = [
        capability("pciePassthrough", gpu.vendor_name, pci_attributes(gpu.count, gpu.vendor_id, gpu.device_id))
        for gpu in parse_passthrough(request.extra_specs)
    ]
    return records, []


def _vgpu(request: DiscoveryRequest) -> Found:
    vgpu = parse_vgpu(request.flavor.id, request.extra_specs)
    if vgpu is None:
        return [], []
    attributes = [attribute("numVirtualGpu", vgpu.count), attribute("virtualGpuType", ",".join(vgpu.types))]
    return [capability("virtualGpu", GENERIC, attributes)], []


# Checked in this order against the size cap: the single vGPU record before the passthrough list.
_FEATURES: Final[tuple[tuple[str, Callable[[DiscoveryRequest], Found]], ...]] = (
    (VGPU_KEY, _vgpu),
    (ALIAS_KEY, _passthrough),
)


def _discover(request: DiscoveryRequest) -> tuple[list[Record], list[OnapHpaError]]:
    """The records that are good and fit the host's size cap together, and an error per other feature."""
    kept: dict[str, list[Record]] = {}
    errors: list[OnapHpaError] = []
    for key, build in _FEATURES:
        try:
            records, found = build(request)
        except ExtraSpecError as error:
            errors.append(error)
            continue
        errors.extend(found)
        if not records:
            continue
        together = [record for group in kept.values() for record in group] + records
        # One record always fits (parse caps every string): only several are measured.
        size = result_size(together) if len(together) > 1 else 0
        if size > MAX_BYTES:
            expected = f"GPU requests whose AAI records fit in {MAX_BYTES} bytes of compact JSON (these need {size})"
            errors.append(ExtraSpecError(request.flavor.id, key, request.extra_specs[key], expected))
            continue
        kept[key] = records
    return kept.get(ALIAS_KEY, []) + kept.get(VGPU_KEY, []), errors


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[Record]:
    """A ``pciePassthrough`` record per GPU alias (architecture = vendor name), then a ``virtualGpu`` record."""
    records, errors = _discover(request)
    if not errors:
        return records
    if not records and len(errors) == 1:
        raise errors[0]
    raise PartialDiscovery(records, errors)
