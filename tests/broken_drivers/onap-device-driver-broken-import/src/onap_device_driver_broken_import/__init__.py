"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: its module raises at import.
"""

from __future__ import annotations

message = "this driver cannot be imported"
raise ImportError(message)
