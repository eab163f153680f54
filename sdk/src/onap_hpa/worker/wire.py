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
    "PROTOCOLS",
    "error_to_wire",
    "flavor_to_wire",
    "node_from_wire",
    "node_to_wire",
    "request_from_wire",
    "request_to_wire",
    "thaw",
    "vim_from_wire",
    "vim_to_wire",
]

#: The protocol versions this module speaks, newest first (``docs/protocol.md``). In version 2 a batch may
#: carry the VIM view its requests share rather than one copy per request.
PROTOCOLS: Final = ("2", "1")
#: The newest of them.
PROTOCOL: Final = PROTOCOLS[0]
#: Longest message line either side may send, newline excluded.
MAX_LINE: Final = 1 << 20
#: Longest text field (messages, keys, values) a worker sends; the host cuts longer ones.
MAX_TEXT: Final = 1000

_FLAVOR_FIELDS: Final = tuple(FlavorView.__dataclass_fields__)
_FLAVOR_KEYS: Final = frozenset(_FLAVOR_FIELDS)


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


def flavor_to_wire(flavor: FlavorView) -> dict[str, Any]:
    """The flavor as the protocol carries it: every field of the view, in order."""
    fields = vars(flavor)
    # The view's own attribute dict when it holds exactly its fields (as built): no copy, for the host
    # encodes one per flavor.
    return fields if fields.keys() == _FLAVOR_KEYS else {name: getattr(flavor, name) for name in _FLAVOR_FIELDS}


def vim_to_wire(vim: VimView) -> dict[str, Any]:
    """The credential-free VIM view as the protocol carries it."""
    return {
        "cloud_owner": vim.cloud_owner,
        "cloud_region_id": vim.cloud_region_id,
        "vim_type": vim.vim_type,
        "version": vim.version,
        "name": vim.name,
        "cloud_extra_info": thaw(vim.cloud_extra_info) if vim.cloud_extra_info is not None else None,
        "cloud_extra_info_error": vim.cloud_extra_info_error,
    }


def request_to_wire(request: DiscoveryRequest, request_id: str) -> dict[str, Any]:
    """The request as the host sends it: flavor, extra_specs, the credential-free VIM view, the node part."""
    flavor = request.flavor
    wire = {
        "id": request_id,
        "flavor": dict(flavor_to_wire(flavor)),
        "extra_specs": dict(request.extra_specs),
        "vim": vim_to_wire(request.vim),
    }
    if request.node is not None:
        wire["node"] = node_to_wire(request.node)
    return wire


def _freeze(value: Any) -> Any:
    if type(value) is dict:
        return MappingProxyType(
            {key: _freeze(item) if type(item) in (dict, list) else item for key, item in value.items()}
        )
    if type(value) is list:
        return tuple(_freeze(item) if type(item) in (dict, list) else item for item in value)
    return value


_new = object.__new__


def _made(cls: type[Any], fields: dict[str, Any]) -> Any:
    """An instance of one of the request's frozen dataclasses from fields the host already checked.

    Fills the instance's ``__dict__`` in one step instead of ``__init__``'s ``object.__setattr__`` per
    field: a worker builds one request per flavor, and this is most of what it costs.
    """
    view = _new(cls)
    view.__dict__.update(fields)
    return view


def request_from_wire(data: Mapping[str, Any]) -> DiscoveryRequest:
    """The immutable request a driver receives, from a wire request the host already checked.

    Everything is built from ``data`` and shares nothing with any other request: whatever a driver does
    to the request it was handed (``object.__setattr__``, writing behind a read-only mapping) reaches no
    later request. ``data`` must be fresh from the decoder and not used again (its ``extra_specs`` dict
    becomes the request's, behind a read-only view).
    """
    flavor = data["flavor"]
    node = data.get("node")
    if type(flavor) is dict and flavor.keys() == _FLAVOR_KEYS:
        flavor_fields = flavor
    else:
        flavor_fields = {name: flavor[name] for name in _FLAVOR_FIELDS}
    specs = data["extra_specs"]
    return _made(
        DiscoveryRequest,
        {
            "flavor": _made(FlavorView, flavor_fields),
            "extra_specs": MappingProxyType(specs if type(specs) is dict else dict(specs)),
            "vim": vim_from_wire(data["vim"]),
            "node": node_from_wire(node) if node is not None else None,
        },
    )


def vim_from_wire(vim: Mapping[str, Any]) -> VimView:
    """A fresh VIM view, its ``cloud_extra_info`` frozen anew, from a wire VIM view the host checked."""
    extra = vim.get("cloud_extra_info")
    return _made(  # type: ignore[no-any-return]
        VimView,
        {
            "cloud_owner": vim["cloud_owner"],
            "cloud_region_id": vim["cloud_region_id"],
            "vim_type": vim.get("vim_type", ""),
            "version": vim.get("version", ""),
            "name": vim.get("name", ""),
            "cloud_extra_info": _freeze(extra) if type(extra) is dict else None,
            "cloud_extra_info_error": vim.get("cloud_extra_info_error"),
        },
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
