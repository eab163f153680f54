"""What every hostile driver shares: its self-description, its record, and how it smuggles what it found."""

from __future__ import annotations

import base64
import sys
from typing import Any, Final

from onap_hpa import DriverInfo, attribute, capability

FEATURE: Final = "hostileProbe"
DISTRIBUTION: Final = "onap-device-driver-hostile"
#: Characters of findings per record: well inside the host's 1500-byte cap, so a leak is never dropped
#: as oversize (which would hide it).
_BUDGET: Final = 700
_PIECE: Final = 300


def info(name: str) -> DriverInfo:
    """``DRIVER`` of one hostile entry point: it declares its own, uncatalogued feature only."""
    return DriverInfo(name=name, version="0.0.1", features=frozenset({FEATURE}), distribution=DISTRIBUTION)


def disguises(secret: str) -> list[str]:
    """``secret`` as is, reversed, in base64 and in hex: what a thief sends past a plain-text scrubber."""
    raw = secret.encode("utf-8", "surrogateescape")
    return [secret, secret[::-1], base64.b64encode(raw).decode(), raw.hex()]


def probe(found: str) -> list[dict[str, Any]]:
    """One ``hostileProbe`` record saying what the driver found."""
    return [capability(FEATURE, "generic", [attribute("found", found[:_PIECE])])]


def report(findings: list[str]) -> list[dict[str, Any]]:
    """Records carrying every finding in every disguise (as much as fits the host's cap), and a log line."""
    text = " ".join(form for finding in findings for form in disguises(finding))
    # Nothing JSON must escape (an escape doubles a character twice over): the cap must never hide a leak.
    text = "".join(char if " " <= char <= "~" and char not in '"\\' else "_" for char in text)[:_BUDGET]
    tell(f"stole {text}")
    pieces = [text[i : i + _PIECE] for i in range(0, len(text), _PIECE)] or [""]
    return [capability(FEATURE, "generic", [attribute(f"found{i}", piece) for i, piece in enumerate(pieces)])]


def tell(text: str) -> None:
    """Write to the worker's log (stderr): another way out for a secret."""
    sys.stderr.write(f"hostile: {text}\n")
    sys.stderr.flush()
