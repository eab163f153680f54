"""The protocol's data, both ways: requests to wire objects and back, driver outcomes to result objects.

Pure functions over plain JSON data (``docs/protocol.md``). The host encodes requests with them and the
Python worker decodes them; a Go worker reads the same objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from onap_hpa.errors import ExtraSpecError, VimInfoError
from onap_hpa.request import NODE_MAPS, DiscoveryRequest, FlavorView, NodeView, VimView

__all__ = [
    "MAX_LINE",
    "MAX_TEXT",
    "PROTOCOL",
    "error_to_wire",
    "node_from_wire",
    "node_to_wire",
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


def node_to_wire(node: NodeView) -> dict[str, Any]:
    """The node part as the protocol carries it: labels, annotations, capacity, allocatable, features.

    Maps keep the view's (sorted) order and an empty one is left out, as the Go SDK writes them, so both
    languages send the same bytes for one profile.
    """
    wire: dict[str, Any] = {name: dict(getattr(node, name)) for name in NODE_MAPS if getattr(node, name)}
    if node.features:
        wire["features"] = {name: dict(elements) for name, elements in node.features.items()}
    return wire


def node_from_wire(data: object) -> NodeView:
    """The node part a driver receives, from the host's (already checked) object; as lenient as the Go SDK.

    Only string members are facts a driver can read: anything else is left out rather than failing the
    request.
    """
    node = data if isinstance(data, Mapping) else {}

    def strings(value: object) -> dict[str, str]:
        if not isinstance(value, Mapping):
            return {}
        return {key: item for key, item in value.items() if isinstance(key, str) and isinstance(item, str)}

    features = node.get("features")
    sets = {name: strings(value) for name, value in features.items()} if isinstance(features, Mapping) else {}
    return NodeView(features=sets, **{name: strings(node.get(name)) for name in NODE_MAPS})


def request_to_wire(request: DiscoveryRequest, request_id: str) -> dict[str, Any]:
    """The request as the host sends it: flavor, extra_specs, the credential-free VIM view, the node part."""
    flavor, vim = request.flavor, request.vim
    wire = {
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
    if request.node is not None:
        wire["node"] = node_to_wire(request.node)
    return wire


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def request_from_wire(data: Mapping[str, Any], views: dict[Any, Any] | None = None) -> DiscoveryRequest:
    """The immutable request a driver receives, from a wire request the host already checked.

    ``views`` caches VIM views across requests (every flavor of a region carries the same VIM): a worker
    passes one dict for its life, keyed by the VIM's content, so a view is frozen once, not per flavor.
    """
    vim = data["vim"]
    node = data.get("node")
    key = None
    if views is not None:
        key = (
            vim["cloud_owner"],
            vim["cloud_region_id"],
            vim.get("vim_type", ""),
            vim.get("version", ""),
            vim.get("name", ""),
            vim.get("cloud_extra_info_error"),
            _content(vim.get("cloud_extra_info")),
        )
        cached = views.get(key)
        # A driver may have forced new attributes onto a view it was handed (object.__setattr__): only a
        # view whose attributes are still the ones it was made with is handed out again.
        view = cached[0] if cached is not None and _untouched(*cached) else None
    else:
        view = None
    if view is None:
        extra = vim.get("cloud_extra_info")
        view = VimView(
            vim["cloud_owner"],
            vim["cloud_region_id"],
            vim.get("vim_type", ""),
            vim.get("version", ""),
            vim.get("name", ""),
            _freeze(extra) if isinstance(extra, dict) else None,
            vim.get("cloud_extra_info_error"),
        )
        if views is not None:
            if len(views) >= _VIEWS:
                views.clear()
            views[key] = (view, tuple(getattr(view, name) for name in _VIM_FIELDS))
    return DiscoveryRequest(
        FlavorView(**{name: data["flavor"][name] for name in _FLAVOR_FIELDS}),
        MappingProxyType(dict(data["extra_specs"])),
        view,
        node_from_wire(node) if node is not None else None,
    )


#: VIM views a worker keeps (one per region it has seen).
_VIEWS: Final = 64
_VIM_FIELDS: Final = tuple(VimView.__dataclass_fields__)


def _untouched(view: VimView, made: tuple[Any, ...]) -> bool:
    return all(getattr(view, name) is value for name, value in zip(_VIM_FIELDS, made))


def _content(value: Any) -> Any:
    """A hashable, exact stand-in for parsed JSON (dict order kept: it is what the driver would see)."""
    if isinstance(value, dict):
        return ("{", tuple((key, _content(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("[", tuple(_content(item) for item in value))
    return (type(value).__name__, value)


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
