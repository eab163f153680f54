"""The protocol's data, both ways: requests to wire objects and back, driver outcomes to result objects.

Pure functions over plain JSON data (``docs/protocol.md``). The host encodes requests with them and the
Python worker decodes them; a Go worker reads the same objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from onap_hpa.errors import ExtraSpecError, VimInfoError
from onap_hpa.request import DiscoveryRequest, FlavorView, VimView

__all__ = [
    "MAX_LINE",
    "MAX_TEXT",
    "PROTOCOL",
    "error_to_wire",
    "request_from_wire",
    "request_to_wire",
    "thaw",
]

#: The protocol version this module speaks (``docs/protocol.md``).
PROTOCOL: Final = "1"
#: Longest message line either side may send, newline excluded.
MAX_LINE: Final = 1 << 20
#: Longest text field (messages, keys, values) a worker sends; the host cuts longer ones.
MAX_TEXT: Final = 1000

_FLAVOR_FIELDS: Final = FlavorView.__dataclass_fields__.keys()


def thaw(value: Any) -> Any:
    """Plain JSON data from the request's read-only views (``MappingProxyType`` and tuples)."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


def request_to_wire(request: DiscoveryRequest, request_id: str) -> dict[str, Any]:
    """The request as the host sends it: flavor, extra_specs and the credential-free VIM view."""
    flavor, vim = request.flavor, request.vim
    return {
        "id": request_id,
        "flavor": {name: getattr(flavor, name) for name in _FLAVOR_FIELDS},
        "extra_specs": dict(request.extra_specs),
        "vim": {
            "cloud_owner": vim.cloud_owner,
            "cloud_region_id": vim.cloud_region_id,
            "vim_type": vim.vim_type,
            "version": vim.version,
            "name": vim.name,
            "cloud_extra_info": thaw(vim.cloud_extra_info) if vim.cloud_extra_info is not None else None,
            "cloud_extra_info_error": vim.cloud_extra_info_error,
        },
    }


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def request_from_wire(data: Mapping[str, Any]) -> DiscoveryRequest:
    """The immutable request a driver receives, from a wire request the host already checked."""
    vim = data["vim"]
    extra = vim.get("cloud_extra_info")
    return DiscoveryRequest(
        FlavorView(**{name: data["flavor"][name] for name in _FLAVOR_FIELDS}),
        MappingProxyType(dict(data["extra_specs"])),
        VimView(
            vim["cloud_owner"],
            vim["cloud_region_id"],
            vim.get("vim_type", ""),
            vim.get("version", ""),
            vim.get("name", ""),
            _freeze(extra) if isinstance(extra, dict) else None,
            vim.get("cloud_extra_info_error"),
        ),
    )


def _text(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


def error_to_wire(error: BaseException) -> dict[str, str]:
    """One ``errors`` element: ``bad-input`` for malformed input, ``raised`` for anything else."""
    if isinstance(error, ExtraSpecError):
        return {
            "kind": "bad-input",
            "key": _text(error.key),
            "value": _text(error.value),
            "expected": _text(error.expected),
            "message": _text(str(error)),
        }
    if isinstance(error, VimInfoError):
        return {
            "kind": "bad-input",
            "key": _text(error.field),
            "value": _text(error.problem),
            "expected": _text(error.expected),
            "message": _text(str(error)),
        }
    name = type(error).__name__
    return {"kind": "raised", "exception": _text(name)[:200], "message": _text(f"{name}: {error}")}
