"""The budget each driver has for a flavor's AAI records: :data:`onap_hpa.MAX_BYTES` of compact JSON, ids included.

The host drops a driver's whole result for a flavor, as an alarming ``oversize`` fault, when
:func:`onap_hpa.result_size` of it (the SDK's measure, the one the host applies) exceeds
:data:`onap_hpa.MAX_BYTES`. A flavor that asks for more than fits (many NUMA nodes, many PCI aliases) is
the flavor's problem, not the driver's: each driver measures its records with that same function and
faults the feature that does not fit as bad input, keeping its other records. No size constants here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from onap_hpa import MAX_BYTES, ExtraSpecError, result_size

if TYPE_CHECKING:
    from onap_device_driver_compute.records import Feature, Record

__all__ = ["fit"]


def fit(
    driver: str,
    features: Iterable[Feature],
    flavor_id: str,
    specs: Mapping[str, str],
    records: list[Record],
) -> tuple[list[Record], list[ExtraSpecError]]:
    """``records`` within :data:`onap_hpa.MAX_BYTES`: while over, the largest feature read from extra_specs goes.

    Each feature dropped gives one :class:`ExtraSpecError` naming its key with the longest value (the
    one that made it large). Records from the flavor's own fields always stay: when they alone are over
    (sizes Nova's 32-bit fields cannot hold), no extra_spec is to blame and the host's ``oversize``
    fault stands.
    """
    errors: list[ExtraSpecError] = []
    candidates = [feature for feature in features if feature.keys]
    names = {feature.name for feature in candidates}
    if result_size([record for record in records if record["hpa-feature"] not in names]) > MAX_BYTES:
        return records, errors
    size = result_size(records)
    while size > MAX_BYTES:
        sizes = {}
        for feature in candidates:
            own = [record for record in records if record["hpa-feature"] == feature.name]
            if own:
                sizes[feature] = result_size(own)
        worst = max(sizes, key=sizes.__getitem__)
        candidates.remove(worst)
        key = max((key for key in worst.keys if key in specs), key=lambda key: len(specs[key]))
        expected = (
            f"no more {worst.name} than fits the {MAX_BYTES}-byte budget each driver has for a flavor's AAI "
            f"records; the flavor asks for more: driver {driver!r} would send {size} bytes, {sizes[worst]} of them "
            f"for {worst.name}"
        )
        errors.append(ExtraSpecError(flavor_id, key, specs[key], expected))
        records = [record for record in records if record["hpa-feature"] != worst.name]
        size = result_size(records)
    return records, errors
