"""Stable capability ids and the AAI URLs built from them.

An id is a UUIDv5 over (cloud-owner, cloud-region-id, flavor id, driver, hpa-feature, ordinal), the
ordinal being the record's position among the driver's records of that feature. The same flavor gives
the same ids in any process, so AAI sees updates rather than churn, and a driver can compute the
delete URLs of its records without reading AAI.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

if TYPE_CHECKING:
    from onap_hpa.request import DiscoveryRequest

__all__ = [
    "NAMESPACE",
    "capability_id",
    "capability_ids",
    "capability_url",
    "capability_urls",
    "flavor_url",
    "key_problem",
    "path_key",
]

#: UUIDv5 namespace of onap-hpa capability ids. Never change it: every id in AAI derives from it.
NAMESPACE: Final = uuid.UUID("6f1d2a8e-4c1b-5b0e-9a57-0c3d7e6b9f21")
_NAMESPACE_BYTES: Final = NAMESPACE.bytes  # UUID.bytes builds the bytes anew on every access


def _field(value: str) -> str:
    # Length-prefixed join: unambiguous whatever characters the fields hold.
    return f"{len(value)}:{value}"


_VARIANT: Final = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def _uuid5(digest: hashlib._Hash) -> str:  # type: ignore[name-defined]
    # uuid.uuid5() without the UUID object: several times faster, identical result (a test compares them).
    h = digest.hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


@lru_cache(maxsize=1024)
def flavor_hash(cloud_owner: str, cloud_region_id: str, flavor_id: str) -> hashlib._Hash:  # type: ignore[name-defined]
    """SHA-1 state after the namespace and the flavor's part of every name: each id of the flavor continues it."""
    name = _field(cloud_owner) + _field(cloud_region_id) + _field(flavor_id)
    # surrogatepass: the same bytes for every valid string, and no error for a key refused elsewhere.
    return hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8", "surrogatepass"), usedforsecurity=False)


def id_suffixes(driver: str, records: Iterable[Mapping[str, Any]]) -> tuple[bytes, ...]:
    """The rest of each record's name: driver, feature, ordinal among the driver's records of that feature."""
    return _suffixes(driver, tuple(str(record.get("hpa-feature")) for record in records))


@lru_cache(maxsize=4096)
def _suffixes(driver: str, features: tuple[str, ...]) -> tuple[bytes, ...]:
    # Drivers repeat their feature lists across flavors: encode each list once.
    seen: dict[str, int] = {}
    suffixes = []
    for feature in features:
        ordinal = seen[feature] = seen.get(feature, -1) + 1
        suffixes.append(f"{_field(driver)}{_field(feature)}{ordinal}".encode())
    return tuple(suffixes)


def ids_from(flavor: hashlib._Hash, suffixes: Iterable[bytes]) -> list[str]:  # type: ignore[name-defined]
    """The ids of a flavor's records, from :func:`flavor_hash` and :func:`id_suffixes`."""
    ids = []
    for suffix in suffixes:
        digest = flavor.copy()
        digest.update(suffix)
        ids.append(_uuid5(digest))
    return ids


def capability_id(
    cloud_owner: str, cloud_region_id: str, flavor_id: str, driver: str, feature: str, ordinal: int
) -> str:
    """The stable id of one capability record (a UUIDv5 in :data:`NAMESPACE`)."""
    digest = flavor_hash(cloud_owner, cloud_region_id, flavor_id).copy()
    digest.update(f"{_field(driver)}{_field(feature)}{ordinal}".encode())
    return _uuid5(digest)


def capability_ids(request: DiscoveryRequest, driver: str, records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The ids the host gives ``records`` (one driver's result for ``request``), in order."""
    vim = request.vim
    return ids_from(flavor_hash(vim.cloud_owner, vim.cloud_region_id, request.flavor.id), id_suffixes(driver, records))


_UNRESERVED: Final = re.compile(r"[A-Za-z0-9_.~-]*")
_DOT_SEGMENTS: Final = {"": "", ".": "%2E", "..": "%2E%2E"}


def path_key(value: str) -> str:
    """One AAI or Nova path segment for a key: it stays one segment, naming exactly that key.

    Only RFC 3986 unreserved characters stay raw (``quote()`` always keeps ``A-Z a-z 0-9 _.-~``), so
    ``/``, ``?``, ``#``, ``%``, spaces and non-ASCII are percent-encoded; the dot segments ``.`` and
    ``..`` (which HTTP stacks and servers normalise away) are ``%2E`` and ``%2E%2E``. A lone surrogate,
    which UTF-8 cannot encode, is encoded as its surrogate bytes rather than raising: such a key is
    refused earlier (:func:`key_problem`), but building its URL never fails.
    """
    if _UNRESERVED.fullmatch(value):
        # Ids are usually unreserved already, and the check is cheaper than quote().
        return _DOT_SEGMENTS.get(value, value)
    return quote(value, safe="", errors="surrogatepass")


#: Nova stores flavor ids in a 255-character column; AAI keys have no limit of their own.
MAX_KEY: Final = 255
_UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def key_problem(value: object) -> str | None:
    """Why ``value`` cannot be an AAI key (a flavor id), or None when AAI can hold it.

    Refused: a non-string or empty id, one longer than Nova's 255 characters, control characters
    (servers refuse them in a path, and they break log lines) and lone surrogates (not UTF-8 text).
    """
    if not isinstance(value, str) or not value:
        return "is empty or not a string"
    if len(value) > MAX_KEY:
        return f"is {len(value)} characters long, more than Nova's {MAX_KEY}"
    bad = _UNSAFE.search(value)
    if bad is not None:
        return f"holds the character U+{ord(bad.group()):04X} (control characters and lone surrogates are not text)"
    return None


@lru_cache(maxsize=1024)
def flavor_url(cloud_owner: str, cloud_region_id: str, flavor_id: str) -> str:
    """AAI path of a flavor, relative to the AAI base (``/aai/vNN``)."""
    return _flavors_url(cloud_owner, cloud_region_id) + path_key(flavor_id)


@lru_cache(maxsize=256)
def _flavors_url(cloud_owner: str, cloud_region_id: str) -> str:
    # One region's flavors share it: built once per region.
    region = f"/cloud-infrastructure/cloud-regions/cloud-region/{path_key(cloud_owner)}/{path_key(cloud_region_id)}"
    return f"{region}/flavors/flavor/"


def capability_url(cloud_owner: str, cloud_region_id: str, flavor_id: str, capability_id: str) -> str:
    """AAI path of one hpa-capability of a flavor, relative to the AAI base."""
    base = flavor_url(cloud_owner, cloud_region_id, flavor_id)
    return f"{base}/hpa-capabilities/hpa-capability/{path_key(capability_id)}"


def capability_urls(request: DiscoveryRequest, driver: str, records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The delete URLs of ``records`` as the host will id them: what ``hpa_delete_urls`` returns."""
    vim, flavor_id = request.vim, request.flavor.id
    return [
        capability_url(vim.cloud_owner, vim.cloud_region_id, flavor_id, cap_id)
        for cap_id in capability_ids(request, driver, records)
    ]
