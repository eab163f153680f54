"""Kubernetes resource quantities ("4", "3920m", "16Gi", "1e3", "0.5"), exactly: the Go host's ``kube.ParseQuantity``.

A quantity is read as an exact rational number of base units (cores, bytes, devices) and floored to whole
units where a node profile needs a count; both hosts accept and refuse the same strings and give the same
digits, so a profile's facts (and its id) do not depend on the language that computed them.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

__all__ = ["QuantityError", "floor", "parse_quantity"]

#: Go's pattern, anchored at both ends (``fullmatch``: Python's ``$`` would also match before a final newline).
_QUANTITY: Final = re.compile(
    r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?"
)
#: Longest quantity read (Go refuses longer ones outside its fast paths, which never see more than 20 characters).
MAX_LENGTH: Final = 64
#: Largest decimal exponent (``1e30``) either way.
MAX_EXPONENT: Final = 30
_SUFFIXES: Final = {
    "": Fraction(1),
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 10**3),
    "k": Fraction(10**3),
    "M": Fraction(10**6),
    "G": Fraction(10**9),
    "T": Fraction(10**12),
    "P": Fraction(10**15),
    "E": Fraction(10**18),
    "Ki": Fraction(1 << 10),
    "Mi": Fraction(1 << 20),
    "Gi": Fraction(1 << 30),
    "Ti": Fraction(1 << 40),
    "Pi": Fraction(1 << 50),
    "Ei": Fraction(1 << 60),
}


class QuantityError(ValueError):
    """Not a Kubernetes quantity (or an exponent past 30)."""


def parse_quantity(text: str) -> Fraction:
    """``text`` as an exact number of base units; :class:`QuantityError` when it is not a quantity."""
    match = _QUANTITY.fullmatch(text) if isinstance(text, str) and len(text) <= MAX_LENGTH else None
    if match is None:
        raise QuantityError(f"{text!r} is not a Kubernetes quantity")
    number, suffix = match.group(1), match.group(2) or ""
    sign = -1 if number.startswith("-") else 1
    whole, _, decimals = number.lstrip("+-").partition(".")
    value = Fraction(int(whole or "0") * 10 ** len(decimals) + int(decimals or "0"), 10 ** len(decimals)) * sign
    scale = _SUFFIXES.get(suffix)
    if scale is not None:
        return value * scale
    exponent = int(suffix[1:])
    if abs(exponent) > MAX_EXPONENT:
        raise QuantityError(f"{text!r} has an exponent out of range")
    return value * Fraction(10) ** exponent


def floor(quantity: Fraction, unit: int = 1) -> str:
    """The largest whole number <= ``quantity / unit``, in decimal digits ("0" for anything below 1)."""
    value = quantity / unit
    if value <= 0:
        return "0"
    return str(value.numerator // value.denominator)
