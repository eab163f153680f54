"""Keystone v3 and Nova replay app: one loopback server, ``/identity/v3`` and ``/compute/v2.1``.

Keystone: ``POST /identity/v3/auth/tokens`` with the password method and the region's credentials (or
the ``application_credential`` method with :attr:`NovaReplay.application_credential`) answers 201, the
token in ``X-Subject-Token`` and a catalog whose ``compute`` endpoint is this Nova (region = the
fixture's cloud region id). Wrong credentials -> 401.

Nova (every call needs a token Keystone issued in ``X-Auth-Token``, else 401):
``GET /flavors/detail`` and ``GET /flavors`` sorted by flavor id, paginated by ``limit``/``marker``
with at most ``page_size`` flavors per page and a ``flavors_links`` ``next`` link whenever a page is
full (as Nova does, so the last page may be empty); ``is_public`` as Nova reads it for an admin (absent
or true: public flavors; false: private; ``none``: all). ``GET /flavors/{id}`` and
``GET /flavors/{id}/os-extra_specs``; unknown flavor -> 404; unknown marker -> 400. Flavor ``links``
are served as recorded, so flavor self links (AAI's ``flavor-selflink``) do not depend on the port.

Version discovery as keystoneauth and novaclient do it: ``GET /identity`` (Keystone's versions, 300),
``GET /identity/v3`` and ``GET /compute/v2.1`` (one version document each, with ``self`` links; Nova's
says its ``min_version`` and ``version``, the newest microversion, ``max_microversion=``, default 2.79).
With ``X-OpenStack-Nova-API-Version`` (or ``OpenStack-API-Version: compute X``) >= 2.61 the flavor
listing carries each flavor's ``extra_specs``, as Nova does; a microversion above the maximum is 406.

Broken paginations a client must survive (``pagination=``): ``"endless"`` serves new flavors with a new
marker on every page, forever; ``"repeat"`` serves the first page again and again, each time with a
fresh marker (a cycle no repeated marker gives away).
"""

from __future__ import annotations

import secrets
import threading
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote, urlencode

from onap_hpa_harness.replay.faults import FaultSet
from onap_hpa_harness.replay.http import Request, Response

if TYPE_CHECKING:
    from onap_hpa_harness.fixtures import Region
    from onap_hpa_harness.replay.http import LoopbackServer

__all__ = ["COMPUTE_PATH", "IDENTITY_PATH", "NovaReplay"]

IDENTITY_PATH: Final = "/identity/v3"
COMPUTE_PATH: Final = "/compute/v2.1"
#: Flavors per page unless a smaller ``limit`` is asked for (Nova's ``max_limit``, small here so that every
#: fixture region is paginated and a client's pagination is exercised).
DEFAULT_PAGE_SIZE: Final = 4
#: ``NovaReplay(pagination=...)``: Nova's own, or one of the broken ones.
PAGINATIONS: Final = ("nova", "endless", "repeat")
#: The newest microversion the replay serves unless told otherwise (Nova Train's 2.79).
MAX_MICROVERSION: Final = "2.79"
#: From this microversion Nova's flavor listing carries ``extra_specs``.
EXTRA_SPECS_INLINE: Final = (2, 61)
_SUMMARY_FIELDS: Final = ("id", "name", "links")


class NovaReplay:
    """Replays one fixture region's Nova (and issues its Keystone tokens)."""

    def __init__(
        self,
        region: Region,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        pagination: str = "nova",
        max_microversion: str = MAX_MICROVERSION,
    ) -> None:
        if pagination not in PAGINATIONS:
            message = f"pagination={pagination!r}; expected one of {PAGINATIONS}"
            raise ValueError(message)
        self.region = region
        self.page_size = page_size
        self.pagination = pagination
        self.max_microversion = max_microversion
        self.pages_served = 0
        self.faults = FaultSet()
        self.server: LoopbackServer | None = None
        self._tokens: set[str] = set()
        self._lock = threading.Lock()
        self._flavors = sorted(region.flavors, key=lambda flavor: str(flavor["id"]))
        self._by_id = {str(flavor["id"]): flavor for flavor in self._flavors}

    @property
    def url(self) -> str:
        """Nova's base URL (the catalog's ``compute`` endpoint)."""
        return self._base() + COMPUTE_PATH

    @property
    def application_credential(self) -> dict[str, str]:
        """The application credential Keystone accepts besides the password (``id``, ``secret``)."""
        creds = self.region.credentials
        return {"id": f"appcred-{creds['username']}", "secret": f"{creds['password']}-appcred"}

    @property
    def keystone_url(self) -> str:
        """Keystone's v3 base URL (``OS_AUTH_URL``)."""
        return self._base() + IDENTITY_PATH

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """Every request served, in order: ``(method, path with query, status)``; 0 for a dropped one."""
        return self.server.requests if self.server is not None else []

    def _base(self) -> str:
        if self.server is None:
            message = "the Nova replay is not started; use ReplayServers.start()"
            raise RuntimeError(message)
        return self.server.url

    # -- HTTP ------------------------------------------------------------------------------------

    def error(self, request: Request, status: int, detail: str) -> Response:
        """Nova/Keystone error document."""
        del request
        names = {400: "badRequest", 401: "unauthorized", 404: "itemNotFound"}
        name = names.get(status, "computeFault")
        return Response(status, {name: {"code": status, "message": detail}})

    def respond(self, request: Request) -> Response:
        """Route to Keystone or Nova."""
        path = "/" + "/".join(request.segments)
        if path.startswith(IDENTITY_PATH):
            return self._identity(request, path[len(IDENTITY_PATH) :])
        if path == "/identity" and request.method == "GET":
            return Response(300, {"versions": {"values": [self._identity_version()]}})
        if path.startswith(COMPUTE_PATH):
            return self._nova(request, path)
        return self.error(request, 404, f"nothing at {path}")

    def _nova(self, request: Request, path: str) -> Response:
        if path == COMPUTE_PATH and request.method == "GET":  # version discovery needs no token
            return Response(200, {"version": self._compute_version()})
        if request.headers.get("X-Auth-Token") not in self._tokens:
            return self.error(request, 401, "The request you have made requires authentication.")
        microversion = _microversion(request)
        if microversion is not None and microversion > _version(self.max_microversion):
            detail = f"Version {'.'.join(map(str, microversion))} is not supported by the API."
            return self.error(request, 406, detail)
        return self._compute(request, request.segments[2:])

    def _identity_version(self) -> dict[str, Any]:
        return {
            "id": "v3.14",
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
            "links": [{"rel": "self", "href": self.keystone_url + "/"}],
            "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}],
        }

    def _compute_version(self) -> dict[str, Any]:
        return {
            "id": "v2.1",
            "status": "CURRENT",
            "version": self.max_microversion,
            "min_version": "2.1",
            "updated": "2013-07-23T11:33:21Z",
            "links": [{"rel": "self", "href": self.url + "/"}],
            "media-types": [{"base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"}],
        }

    def _identity(self, request: Request, rest: str) -> Response:
        if rest in ("", "/") and request.method == "GET":
            return Response(200, {"version": self._identity_version()})
        if rest != "/auth/tokens" or request.method != "POST":
            return self.error(request, 404, f"nothing at {IDENTITY_PATH}{rest}")
        creds = self.region.credentials
        try:
            identity = request.json()["auth"]["identity"]
            if "application_credential" in identity.get("methods", []):
                given = identity["application_credential"]
                name = creds["username"]
                valid = (given.get("id"), given.get("secret")) == tuple(self.application_credential.values())
            else:
                user = identity["password"]["user"]
                name, password = user["name"], user["password"]
                valid = (name, password) == (creds["username"], creds["password"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return self.error(request, 400, "Expecting to find auth.identity.password.user in the request body")
        if not valid:
            body = {"error": {"code": 401, "message": "The request you have made requires authentication."}}
            return Response(401, body)
        token = secrets.token_hex(16)
        with self._lock:
            self._tokens.add(token)
        return Response(201, self._token_body(name), {"X-Subject-Token": token})

    def _token_body(self, user: str) -> dict[str, Any]:
        creds = self.region.credentials
        region = self.region.cloud_region_id
        endpoints = [
            {"id": f"compute-{face}", "interface": face, "region": region, "region_id": region, "url": self.url}
            for face in ("public", "internal", "admin")
        ]
        identity = [{"id": "identity-public", "interface": "public", "region": region, "url": self.keystone_url}]
        return {
            "token": {
                "methods": ["password"],
                "expires_at": "2099-01-01T00:00:00.000000Z",
                "user": {"name": user, "domain": {"name": creds["user_domain"]}},
                "project": {"name": creds["project"], "domain": {"name": creds["project_domain"]}},
                "catalog": [
                    {"type": "compute", "name": "nova", "endpoints": endpoints},
                    {"type": "identity", "name": "keystone", "endpoints": identity},
                ],
            }
        }

    def _compute(self, request: Request, segments: list[str]) -> Response:
        if request.method != "GET" or not segments or segments[0] != "flavors":
            return self.error(request, 404, "The resource could not be found.")
        if segments in (["flavors"], ["flavors", "detail"]):
            return self._list(request, detail=len(segments) == 2)
        flavor = self._by_id.get(segments[1])
        if flavor is None:
            return self.error(request, 404, f"Flavor {segments[1]} could not be found.")
        if len(segments) == 2:
            return Response(200, {"flavor": flavor})
        if segments[2:] == ["os-extra_specs"]:
            return Response(200, {"extra_specs": self.region.extra_specs.get(segments[1], {})})
        return self.error(request, 404, "The resource could not be found.")

    def _list(self, request: Request, *, detail: bool) -> Response:
        with self._lock:
            self.pages_served += 1
            served = self.pages_served
        if self.pagination != "nova":
            return self._broken_page(served, detail=detail)
        query = request.query
        visible = _visible(self._flavors, query.get("is_public"))
        limit = self.page_size
        if "limit" in query:
            raw = query["limit"]
            if not (raw.isascii() and raw.isdigit()):
                return self.error(request, 400, f"Invalid input for field/attribute limit. Value: {raw}.")
            limit = min(int(raw), self.page_size)
        start = 0
        if "marker" in query:
            ids = [str(flavor["id"]) for flavor in visible]
            if query["marker"] not in ids:
                return self.error(request, 400, f"marker [{query['marker']}] not found")
            start = ids.index(query["marker"]) + 1
        page = visible[start : start + limit]
        items = page if detail else [{k: f[k] for k in _SUMMARY_FIELDS if k in f} for f in page]
        microversion = _microversion(request)
        if detail and microversion is not None and microversion >= EXTRA_SPECS_INLINE:
            items = [{**f, "extra_specs": self.region.extra_specs.get(str(f["id"]), {})} for f in page]
        body: dict[str, Any] = {"flavors": items}
        if page and len(page) == limit:
            params = {k: v for k, v in query.items() if k != "marker"} | {"marker": str(page[-1]["id"])}
            path = "/flavors/detail" if detail else "/flavors"
            href = f"{self.url}{path}?{urlencode(params, quote_via=quote)}"
            body["flavors_links"] = [{"rel": "next", "href": href}]
        return Response(200, body)

    def _broken_page(self, served: int, *, detail: bool) -> Response:
        """A page of a listing that never ends: new flavors (``endless``) or the first page (``repeat``)."""
        template = self._flavors[0] if self._flavors else {"id": "x", "name": "x", "vcpus": 1, "ram": 512}
        if self.pagination == "endless":
            page = [
                {**template, "id": f"endless-{served:07d}-{i}", "name": f"endless-{served}-{i}", "links": []}
                for i in range(self.page_size)
            ]
        else:
            page = self._flavors[: self.page_size]
        items = page if detail else [{k: f[k] for k in _SUMMARY_FIELDS if k in f} for f in page]
        marker = f"{self.pagination}-{served}-{secrets.token_hex(4)}"
        path = "/flavors/detail" if detail else "/flavors"
        href = f"{self.url}{path}?{urlencode({'limit': self.page_size, 'marker': marker}, quote_via=quote)}"
        return Response(200, {"flavors": items, "flavors_links": [{"rel": "next", "href": href}]})


def _version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def _microversion(request: Request) -> tuple[int, int] | None:
    """The compute microversion a request asks for (``latest`` is the maximum), or None."""
    raw = request.headers.get("X-OpenStack-Nova-API-Version")
    if raw is None:
        header = request.headers.get("OpenStack-API-Version") or ""
        service, _, value = header.strip().partition(" ")
        raw = value.strip() if service.lower() == "compute" else None
    if raw is None:
        return None
    if raw.strip() == "latest":
        return (99, 99)
    try:
        return _version(raw.strip())
    except ValueError:
        return (0, 0)


def _visible(flavors: list[dict[str, Any]], raw: str | None) -> list[dict[str, Any]]:
    if raw is not None and raw.lower() == "none":
        return flavors
    public = raw is None or raw.lower() in ("true", "1", "yes", "t", "on", "y")
    return [f for f in flavors if f.get("os-flavor-access:is_public", True) is public]
