"""Builders for AAI ``hpa-capability`` records and their ``hpa-feature-attributes``.

``hpa-attribute-value`` is a JSON object serialised to a string, ``{"value":"2","unit":"MB"}``,
with ``value`` always a string (OOF calls string methods on it) and ``unit`` one of the units OOF
converts. The string is produced by the json module's encoder, so quotes, backslashes and control
characters in a value stay valid JSON (the original monolith used string formatting and broke).
"""

from __future__ import annotations

from collections.abc import Iterable
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, Final

__all__ = ["HPA_VERSION", "UNITS", "attribute", "attribute_value", "capability", "pci_attributes"]

#: The hpa-version every record of the original monolith carries, and OOF matches exactly.
HPA_VERSION: Final = "v1"
#: The units OOF normalises to bytes (x1024 steps). Any other unit would be compared raw.
UNITS: Final = frozenset({"KB", "MB", "GB"})


def attribute_value(value: str | int, unit: str | None = None) -> str:
    """Serialise one attribute value: ``attribute_value(2048, "MB") == '{"value":"2048","unit":"MB"}'``."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        message = f"attribute value {value!r} must be a string or an integer"
        raise TypeError(message)
    text = encode_basestring_ascii(str(value))
    if unit is None:
        return f'{{"value":{text}}}'
    if unit not in UNITS:
        message = f"unit {unit!r} is not one OOF converts; expected one of {sorted(UNITS)}"
        raise ValueError(message)
    return f'{{"value":{text},"unit":"{unit}"}}'


def attribute(key: str, value: str | int, unit: str | None = None) -> dict[str, str]:
    """One ``hpa-feature-attributes`` element: ``{"hpa-attribute-key": key, "hpa-attribute-value": ...}``."""
    return {"hpa-attribute-key": key, "hpa-attribute-value": attribute_value(value, unit)}


def pci_attributes(count: int, vendor_id: str, device_id: str) -> list[dict[str, str]]:
    """``pciCount``, ``pciVendorId``, ``pciDeviceId``: the attributes every PCI-device feature carries."""
    return [attribute("pciCount", count), attribute("pciVendorId", vendor_id), attribute("pciDeviceId", device_id)]


def capability(
    feature: str,
    architecture: str,
    attributes: Iterable[dict[str, str]],
    *,
    version: str = HPA_VERSION,
) -> dict[str, Any]:
    """One ``hpa-capability`` record without its id (the host assigns a stable one)."""
    return {
        "hpa-feature": feature,
        "architecture": architecture,
        "hpa-version": version,
        "hpa-feature-attributes": list(attributes),
    }
