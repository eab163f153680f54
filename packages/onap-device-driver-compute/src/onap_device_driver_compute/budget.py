"""The budget each driver has for a flavor's AAI records: with their ids, at most 1500 bytes of compact JSON.

The host drops a driver's whole result for a flavor, as an alarming ``oversize`` fault, when its
compact JSON with ids exceeds :data:`onap_hpa_host.validation.MAX_BYTES`. A flavor that asks for more
than fits (many NUMA nodes, many PCI aliases) is the flavor's problem, not the driver's: each
driver measures what the host would measure and faults the feature that does not fit as bad input,
keeping its other records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from onap_hpa import ExtraSpecError
from onap_hpa_host.validation import MAX_BYTES, compact_size

if TYPE_CHECKING:
    from onap_device_driver_compute.records import Feature, Record

__all__ = ["ID_BYTES", "fit", "size_with_ids"]

#: What the host adds to each record: ``"hpa-capability-id":"<36-character uuid>",``.
ID_BYTES: Final = len('"hpa-capability-id":"",') + 36


def size_with_ids(records: list[Record]) -> int:
    """Bytes of compact JSON the host will measure for ``records`` once it has given each its id."""
    return compact_size(records) + ID_BYTES * len(records)


def fit(
    driver: str,
    features: Iterable[Feature],
    flavor_id: str,
    specs: Mapping[str, str],
    records: list[Record],
) -> tuple[list[Record], list[ExtraSpecError]]:
    """``records`` within :data:`MAX_BYTES`: while over, the largest feature read from extra_specs goes.

    Each feature dropped gives one :class:`ExtraSpecError` naming its key with the longest value (the
    one that made it large). Records from the flavor's own fields always stay: when they alone are over
    (sizes Nova's 32-bit fields cannot hold), no extra_spec is to blame and the host's ``oversize``
    fault stands.
    """
    errors: list[ExtraSpecError] = []
    candidates = [feature for feature in features if feature.keys]
    names = {feature.name for feature in candidates}
    if size_with_ids([record for record in records if record["hpa-feature"] not in names]) > MAX_BYTES:
        return records, errors
    size = size_with_ids(records)
    while size > MAX_BYTES:
        sizes = {}
        for feature in candidates:
            own = [record for record in records if record["hpa-feature"] == feature.name]
            if own:
                sizes[feature] = size_with_ids(own)
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
        size = size_with_ids(records)
    return records, errors
