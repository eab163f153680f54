"""Pure parsing of the OVS-DPDK data plane a cloud region declares in its ``cloud_extra_info``.

The region declares it as ``{"ovsDpdk": {"libname": "<attribute key>", "libversion": "<version>"}}``
(the original registration code's format; other members such as ``version`` and ``arch`` are
ignored). Nothing is claimed for a region that declares nothing: the VIM type alone never implies
a DPDK data plane.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from onap_hpa import VimInfoError, VimView

__all__ = ["DEFAULT_LIBNAME", "FIELD", "MAX_VERSION", "OvsDpdk", "parse"]

FIELD: Final = "cloud_extra_info"
DEFAULT_LIBNAME: Final = "dataProcessingAccelerationLibrary"
#: Longest libversion read; with the longest libname the record stays far below the 1500-byte cap.
MAX_VERSION: Final = 64
_LIBNAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")  # an AAI hpa-attribute-key, as the host checks
_EXAMPLE: Final = '{"ovsDpdk": {"libname": "dataProcessingAccelerationLibrary", "libversion": "v17.02"}}'


@dataclass(frozen=True)
class OvsDpdk:
    """The declared DPDK library: ``libname`` becomes the attribute key, ``libversion`` its value."""

    libname: str
    libversion: str


def _show(value: object) -> str:
    """The value in JSON's terms (the operator wrote JSON), shortened: "'x' (a string)", "a JSON object"."""
    if isinstance(value, Mapping):
        return "a JSON object"
    if isinstance(value, (list, tuple)):
        return "a JSON array"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    text = repr(value)
    text = text if len(text) <= 60 else f"{text[:57]}..."
    return f"{text} ({'a string' if isinstance(value, str) else 'a number'})"


def parse(flavor_id: str, vim: VimView) -> OvsDpdk | None:
    """The region's declared OVS-DPDK library, None when it declares none, :class:`VimInfoError` if garbled."""
    if vim.cloud_extra_info_error is not None:
        raise VimInfoError(flavor_id, FIELD, vim.cloud_extra_info_error, f"a JSON object such as {_EXAMPLE}")
    info = vim.cloud_extra_info
    dpdk = None if info is None else info.get("ovsDpdk")
    if dpdk is None:
        return None
    if not isinstance(dpdk, Mapping):
        expected = f"an object such as {_EXAMPLE}, or no ovsDpdk member when the region has no OVS-DPDK"
        raise VimInfoError(flavor_id, f"{FIELD}.ovsDpdk", f"is {_show(dpdk)}", expected)
    libname = dpdk.get("libname")
    if libname is None:
        libname = DEFAULT_LIBNAME
    elif not isinstance(libname, str) or not _LIBNAME.fullmatch(libname):
        expected = (
            "a library name of letters, digits, '_', '.' or '-' starting with a letter or digit, at most "
            f"128 characters (it becomes the hpa-attribute-key; leave it out for {DEFAULT_LIBNAME})"
        )
        raise VimInfoError(flavor_id, f"{FIELD}.ovsDpdk.libname", f"is {_show(libname)}", expected)
    return OvsDpdk(libname, _version(flavor_id, dpdk.get("libversion")))


def _version(flavor_id: str, version: object) -> str:
    field = f"{FIELD}.ovsDpdk.libversion"
    expected = f'the DPDK library version as a string of 1 to {MAX_VERSION} characters, e.g. "v17.02"'
    if version is None:
        raise VimInfoError(flavor_id, field, "is missing", expected)
    if isinstance(version, str) and 0 < len(version) <= MAX_VERSION:
        return version
    # A JSON number is read as written by Python (17.02 -> "17.02"); trailing zeros are lost, so strings are better.
    if isinstance(version, (int, float)) and not isinstance(version, bool) and math.isfinite(version):
        text = str(version)
        if len(text) <= MAX_VERSION:
            return text
    raise VimInfoError(flavor_id, field, f"is {_show(version)}", expected)
