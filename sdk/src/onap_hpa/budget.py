"""The byte budget each driver has per flavor, measured exactly as the host measures it.

The host drops a driver's whole result for one flavor, with an alarming ``oversize`` fault, when the
compact UTF-8 JSON of its records, once the host has given each its ``hpa-capability-id`` (a 36-character
UUID), is longer than :data:`MAX_BYTES`. A driver whose output grows with what a flavor asks for (one
record per device, one attribute per NUMA node) can measure with :func:`result_size` before it returns
and fault the feature that does not fit as bad input, keeping its other records::

    if result_size(records) > MAX_BYTES:
        ...  # drop the feature that made it large, raise PartialDiscovery with an ExtraSpecError

This module is the one definition of that measure: the host takes :data:`MAX_BYTES` from here, and a
test checks :func:`result_size` against the host's own count byte for byte. Drivers keep no constants
of their own (per-record overheads, id lengths).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, Final

__all__ = ["MAX_BYTES", "result_size"]

#: Most bytes of compact JSON one driver's records for one flavor may take, ids included (the
#: original spec's rule).
MAX_BYTES: Final = 1500

_ID_KEY: Final = "hpa-capability-id"
#: Stands in for the id the host gives: every host id is a UUID of this length (ASCII, never escaped).
_SAMPLE_ID: Final = "00000000-0000-5000-8000-000000000000"
#: ``"hpa-capability-id":"<uuid>"`` as the host writes it in a record (ASCII: as many bytes as characters).
_ID_MEMBER: Final = len(f'"{_ID_KEY}":"{_SAMPLE_ID}"')
#: What the host writes with the json module (Python 3.9, no orjson): compact, UTF-8, the same escapes.
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _json_bytes(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


@cache
def _dumps() -> Callable[[Any], bytes]:
    # Chosen on first use, so that importing the SDK does not import orjson.
    try:
        # The host serialises with orjson where it is installed: the same bytes for JSON data, ~10x faster.
        from orjson import dumps
    except ImportError:  # Python 3.9 images, or no orjson: the json module gives the same bytes
        return _json_bytes
    return dumps


def _with_id(record: Mapping[str, Any]) -> dict[str, Any]:
    # As the host does it: the id first, or in place of an id the driver set (which never survives).
    if _ID_KEY in record:
        return {**record, _ID_KEY: _SAMPLE_ID}
    return {_ID_KEY: _SAMPLE_ID, **record}


def result_size(records: Iterable[Mapping[str, Any]]) -> int:
    """Bytes of compact UTF-8 JSON the host counts for ``records`` once it has given each its id.

    Compare with :data:`MAX_BYTES`: the host accepts a driver's result for a flavor when
    ``result_size(records) <= MAX_BYTES``. ``records`` are what ``hpa_discover`` would return
    (:func:`onap_hpa.capability` records, without ``hpa-capability-id``).

    :raises TypeError: or :class:`ValueError`: ``records`` hold something JSON cannot (the host would
        refuse them as ``invalid-output`` anyway).
    """
    found = records if type(records) is list else list(records)
    ids = 0
    for record in found:
        if type(record) is not dict or _ID_KEY in record:
            return len(_dumps()([_with_id(record) for record in found]))
        # The usual record: the host's id goes first, with a comma after it when the record has other members.
        ids += _ID_MEMBER + 1 if record else _ID_MEMBER
    return len(_dumps()(found)) + ids
