"""Pure readers for extra_spec values, agreeing with Nova's own validators (HPA-REFERENCE §3).

Each takes the flavor id and key only to name them in the :class:`ExtraSpecError` it raises, and
returns the canonical form: a value Nova accepts is read, a value Nova rejects is an error.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from onap_hpa.errors import ExtraSpecError

__all__ = [
    "GPU_VENDOR_IDS",
    "MAX_VALUE",
    "PciDevice",
    "is_gpu_device",
    "parse_count",
    "parse_enum",
    "parse_pci_device",
    "parse_pci_requests",
]

_ALIASES: Final = re.compile(r"[^:]+:\d+(?:\s*,\s*[^:]+:\d+)*")
_HEX4: Final = re.compile(r"[0-9A-Fa-f]{4}")
# A vendor name becomes an AAI architecture: same pattern as the schema's.
_VENDOR: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]{0,63}")
#: Nova caps extra_spec values at 255 characters (older flavors were never checked).
MAX_VALUE: Final = 255


def parse_count(flavor_id: str, key: str, value: str, *, minimum: int = 1) -> int:
    """A count as Nova reads it: Python's ``int()`` (whitespace, ``+``, leading zeros and any Unicode
    decimal digits allowed), at least ``minimum``, no maximum."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < minimum:
        raise ExtraSpecError(flavor_id, key, value, f"an integer >= {minimum}")
    return number


def parse_enum(flavor_id: str, key: str, value: str, allowed: Collection[str]) -> str:
    """One of ``allowed``, exactly (Nova's enums are case-sensitive and allow no whitespace)."""
    if value not in allowed:
        raise ExtraSpecError(flavor_id, key, value, "one of " + ", ".join(sorted(allowed)))
    return value


@dataclass(frozen=True)
class PciDevice:
    """A MultiCloud-convention device name ``<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>[-<rest>]``."""

    type: str
    subtype: str
    vendor_name: str
    vendor_id: str
    device_id: str
    rest: str = ""


def parse_pci_device(flavor_id: str, key: str, value: str, name: str, *, rest: bool = False) -> PciDevice:
    """Split a device name; ``rest=True`` requires a sixth field that may hold dashes (a physnet)."""
    fields = name.split("-", 5 if rest else 4)
    shape = "<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>" + ("-<physnet>" if rest else "")
    if len(fields) != (6 if rest else 5) or not all(fields):
        raise ExtraSpecError(flavor_id, key, value, f"a name shaped {shape}")
    if not _VENDOR.fullmatch(fields[2]):
        raise ExtraSpecError(
            flavor_id,
            key,
            value,
            f"a vendor name of letters, digits, '_' or '.', starting with a letter or digit, in {shape}",
        )
    if not (_HEX4.fullmatch(fields[3]) and _HEX4.fullmatch(fields[4])):
        raise ExtraSpecError(flavor_id, key, value, f"4-hex-digit vendor and device ids in {shape}")
    return PciDevice(*fields)


def parse_pci_requests(flavor_id: str, key: str, value: str) -> list[tuple[str, int]]:
    """``alias:count[,alias:count...]`` as Nova reads ``pci_passthrough:alias``.

    Nova's API pattern ``[^:]+:\\d+(?:\\s*,\\s*[^:]+:\\d+)*`` (whitespace only around commas), then its
    boot-time split on ``,`` and ``:`` with the name stripped; a count must be at least 1.
    """
    expected = "alias:count[,alias:count...] with counts >= 1 and no spaces inside an item"
    if len(value) > MAX_VALUE or not _ALIASES.fullmatch(value):
        raise ExtraSpecError(flavor_id, key, value, expected)
    requests = []
    for item in value.split(","):
        parts = item.split(":")
        if len(parts) != 2 or not parts[0].strip() or int(parts[1]) < 1:
            raise ExtraSpecError(flavor_id, key, value, expected)
        requests.append((parts[0].strip(), int(parts[1])))
    return requests


#: PCI vendor ids whose devices are GPUs whatever the alias says (NVIDIA, AMD/ATI).
GPU_VENDOR_IDS: Final = frozenset({"10de", "1002"})


def is_gpu_device(device: PciDevice) -> bool:
    """True when a PCI alias names a GPU: the GPU driver owns it, the compute driver skips it.

    One rule, here, so that with both drivers installed no alias yields two records: an NVIDIA
    (``10de``) or AMD (``1002``) vendor id, or an alias whose ``<type>`` is ``gpu`` (how Intel GPUs,
    vendor ``8086`` like Intel NICs, are told apart).
    """
    return device.vendor_id.lower() in GPU_VENDOR_IDS or device.type.lower() == "gpu"
