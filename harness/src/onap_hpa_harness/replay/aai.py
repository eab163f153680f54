"""The AAI replay app: HTTP in front of :class:`AaiStore`, with AAI's headers, auth and error bodies.

Every request needs HTTP basic auth (missing or wrong -> 403, AAI's answer, not 401) and then the
``X-FromAppId`` and ``X-TransactionId`` headers (missing -> 400). Paths are ``/aai/vNN/...`` with
NN from 12 to 32 (the API versions with the HPA types). Errors have AAI's body:
``{"requestError": {"serviceException"|"policyException": {"messageId", "text", "variables"}}}``
with variables ``[method, path, detail, "ERR.x.y.zzzz"]``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, Any, Final

from onap_hpa_harness.replay.aai_store import AaiError, AaiStore
from onap_hpa_harness.replay.faults import FaultSet
from onap_hpa_harness.replay.http import Request, Response

if TYPE_CHECKING:
    from collections.abc import Mapping

    from onap_hpa_harness.replay.http import LoopbackServer

__all__ = ["AAI_VERSIONS", "AaiReplay", "error_body"]

#: AAI API versions accepted in the path (``/aai/v12`` .. ``/aai/v32``).
AAI_VERSIONS: Final = range(12, 33)
_VERSION = re.compile(r"v(\d+)")

_MESSAGES: Final = {
    "serviceException": {
        404: ("SVC3001", "Resource not found for %1 using id %2 (msg=%3) (ec=%4)"),
        None: ("SVC3000", "Invalid input performing %1 on %2 (msg=%3) (ec=%4)"),
    },
    "policyException": {None: ("POL3300", "Permission denied for %1 on %2 (msg=%3) (ec=%4)")},
}
_SERVER_ERROR: Final = ("SVC3002", "Error writing output performing %1 on %2 (msg=%3) (ec=%4)")


def error_body(kind: str, status: int, method: str, path: str, detail: str, code: str) -> dict[str, Any]:
    """AAI's error document for one refused request."""
    table = _MESSAGES[kind]
    message_id, text = _SERVER_ERROR if status >= 500 else table.get(status, table[None])
    variables = [method, path, detail, code]
    return {"requestError": {kind: {"messageId": message_id, "text": text, "variables": variables}}}


class AaiReplay:
    """In-memory AAI served over HTTP; ``servers.aai`` in :class:`~onap_hpa_harness.replay.ReplayServers`."""

    def __init__(self, state: Mapping[str, Any] | None = None, *, user: str = "AAI", password: str = "AAI") -> None:  # noqa: S107 - ONAP default
        self.store = AaiStore(state)
        self.faults = FaultSet()
        self.user = user
        self.password = password
        self.server: LoopbackServer | None = None

    # -- what tests and the sync's tests read --------------------------------------------------

    def flavors(self, cloud_owner: str, cloud_region_id: str) -> list[dict[str, Any]]:
        """Current flavors of a region in ``depth=all`` form, with resource-versions."""
        return self.store.flavors(cloud_owner, cloud_region_id)

    def dump(self) -> dict[str, Any]:
        """Whole state, resource-versions removed and members sorted: compare with ``Region.aai_expected``."""
        return self.store.dump()

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """Every request served, in order: ``(method, path with query, status)``; 0 for a dropped one."""
        return self.server.requests if self.server is not None else []

    # -- HTTP ------------------------------------------------------------------------------------

    def error(self, request: Request, status: int, detail: str) -> Response:
        """An AAI error document (used for injected faults too)."""
        path = "/" + "/".join(request.segments[2:])
        return Response(status, error_body("serviceException", status, request.method, path, detail, "ERR.5.4.4000"))

    def respond(self, request: Request) -> Response:
        """Auth, headers, version, then the store."""
        path = "/" + "/".join(request.segments[2:])
        try:
            self._check_auth(request)
            self._check_headers(request)
            segments = self._segments(request)
            if request.method == "GET":
                return Response(200, self.store.get(segments, _depth(request.query.get("depth"))))
            if request.method == "PUT":
                try:
                    body = request.json()
                except ValueError as error:
                    raise AaiError(400, f"body is not JSON: {error}", "ERR.5.4.4007") from None
                return Response(self.store.put(segments, body))
            if request.method == "DELETE":
                self.store.delete(segments, request.query.get("resource-version"))
                return Response(204)
            raise AaiError(405, f"method {request.method} is not supported on {path}", "ERR.5.4.3009")
        except AaiError as error:
            body = error_body(error.kind, error.status, request.method, path, error.detail, error.code)
            return Response(error.status, body)

    def _check_auth(self, request: Request) -> None:
        header = request.headers.get("Authorization", "")
        scheme, _, encoded = header.partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user = password = ""
        if scheme.lower() != "basic" or (user, password) != (self.user, self.password):
            detail = "missing or wrong HTTP basic credentials"
            raise AaiError(403, detail, "ERR.5.1.3300", policy=True)

    @staticmethod
    def _check_headers(request: Request) -> None:
        for header, code in (("X-FromAppId", "ERR.5.4.4009"), ("X-TransactionId", "ERR.5.4.4010")):
            if not (request.headers.get(header) or "").strip():
                raise AaiError(400, f"Invalid {header} header: missing or empty", code)

    @staticmethod
    def _segments(request: Request) -> list[str]:
        segments = request.segments
        match = _VERSION.fullmatch(segments[1]) if len(segments) > 1 and segments[0] == "aai" else None
        if match is None or int(match.group(1)) not in AAI_VERSIONS:
            versions = f"v{AAI_VERSIONS.start}..v{AAI_VERSIONS.stop - 1}"
            detail = f"Node Not Found: {request.target} is not under /aai/vNN ({versions})"
            raise AaiError(404, detail, "ERR.5.4.6114")
        if len(segments) < 3:
            raise AaiError(404, f"Node Not Found: nothing at {request.target}", "ERR.5.4.6114")
        return segments[2:]


def _depth(raw: str | None) -> float:
    if raw is None or raw == "":
        return 0
    if raw == "all":
        return float("inf")
    if raw.isascii() and raw.isdigit():
        return int(raw)
    raise AaiError(400, f"depth={raw!r} is invalid; expected an integer or 'all'", "ERR.5.4.4007")
