"""Hook implementations: GPU facts -> AAI ``pciePassthrough`` / ``virtualGpu`` records, and their delete URLs.

Each feature is parsed on its own; a malformed one becomes an :class:`ExtraSpecError` in a
:class:`PartialDiscovery` and the other still comes through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from onap_device_driver_gpu import DRIVER
from onap_device_driver_gpu.parse import ALIAS_KEY, VGPU_KEY, parse_passthrough, parse_vgpu
from onap_hpa import (
    DiscoveryRequest,
    ExtraSpecError,
    OnapHpaError,
    PartialDiscovery,
    attribute,
    capability,
    capability_urls,
    hookimpl,
    pci_attributes,
)
from onap_hpa_host.validation import MAX_BYTES, compact_size

__all__ = ["DRIVER", "hpa_delete_urls", "hpa_discover"]

Record = dict[str, Any]
#: A feature's good records and the errors of its bad parts.
Found = tuple[list[Record], list[ExtraSpecError]]
GENERIC: Final = "generic"
# Upper bound of a record's compact JSON beyond its architecture and attribute values (id, keys,
# feature name, quoting): measured 350 bytes for both features. Cheap sums decide when to measure.
_OVERHEAD: Final = 360
_SAMPLE_ID: Final = "00000000-0000-5000-8000-000000000000"


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


def _weight(records: Sequence[Record]) -> int:
    total = 0
    for record in records:
        total += _OVERHEAD + len(record["architecture"])
        for attr in record["hpa-feature-attributes"]:
            total += len(attr["hpa-attribute-value"])
    return total


def _size(records: Sequence[Record]) -> int:
    return compact_size([{"hpa-capability-id": _SAMPLE_ID, **record} for record in records])


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
        # One record always fits (parse caps every string); a cheap bound spares most measurements.
        if len(together) > 1 and _weight(together) > MAX_BYTES and (size := _size(together)) > MAX_BYTES:
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


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """The AAI URLs of the records ``hpa_discover`` keeps (good features only)."""
    return capability_urls(request, DRIVER.name, _discover(request)[0])
