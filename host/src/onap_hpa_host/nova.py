"""The VIM side of the sync: a Keystone token through keystoneauth1, then Nova's flavors and extra_specs.

Keystone is spoken by keystoneauth1, OpenStack's own auth library (version discovery, every auth type
operators use: password, application credentials, tokens, OIDC...; a token renewed when it expires
or Nova answers 401). The compute endpoint comes from the token's catalog, for the configured region
and interface. Nova itself is read with plain ``requests`` on a pooled session (exact URLs, see
:func:`~onap_hpa_host.aai.http.exact_request`): reads are retried with backoff on 5xx, timeouts and
dropped connections. Passwords, secrets and tokens never appear in a log line or an error message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from onap_hpa.ids import path_key
from onap_hpa.request import is_secret_key
from onap_hpa_host.aai.http import (
    TRANSIENT_ERRORS,
    RetryPolicy,
    describe,
    exact_request,
    is_certificate_error,
    new_session,
    scrub,
    send,
)
from onap_hpa_host.errors import NovaError

__all__ = ["NovaSource", "OpenStackConfig", "identity_url"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenStackConfig:
    """Keystone credentials and where to find Nova, as the ``OS_*`` variables, clouds.yaml or AAI give them.

    ``auth_type`` is a keystoneauth1 plugin name (``password``, ``v3applicationcredential``, ``token``,
    ``v3oidcpassword``...); ``auth`` holds its options beyond the named fields (``application_credential_id``,
    ``user_id``, ``project_id``, ...). ``insecure`` switches TLS verification of the VIM off: only when an
    operator asks for it (``--insecure``, ``ssl-insecure`` in AAI), and loudly.
    """

    auth_url: str
    username: str = ""
    password: str = field(default="", repr=False)
    project_name: str = ""
    user_domain_name: str = "Default"
    project_domain_name: str = "Default"
    region_name: str | None = None  #: None: the preferred region if listed, else the only one
    cacert: str | None = None
    interface: str = "public"
    timeout: float = 30.0
    pool: int = 8
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_pages: int = 1000  #: pages of the flavor listing read at most (``ONAP_HPA_NOVA_MAX_PAGES``)
    #: ask Nova for microversion 2.61 when it has it: the listing then carries every flavor's extra_specs,
    #: one request per page instead of one more per flavor (False: always the 2.1 base API)
    inline_extra_specs: bool = True
    max_flavors: int = 100_000  #: flavors read at most (``ONAP_HPA_NOVA_MAX_FLAVORS``)
    auth_type: str = "password"
    auth: Mapping[str, Any] = field(default_factory=dict, repr=False)
    insecure: bool = False

    def auth_options(self) -> dict[str, Any]:
        """The keystoneauth1 plugin options: the named fields that are set, then ``auth`` over them."""
        named = {
            "auth_url": self.auth_url,
            "username": self.username,
            "password": self.password,
            "project_name": self.project_name,
            "user_domain_name": self.user_domain_name,
            "project_domain_name": self.project_domain_name,
        }
        if self.auth_type not in ("password", "v3password"):
            named = {"auth_url": self.auth_url}
        return {key: value for key, value in {**named, **self.auth}.items() if value not in (None, "")}

    def secrets(self) -> tuple[str, ...]:
        """Every credential in the configuration (scrubbed from messages)."""
        found = [self.password, *(str(v) for k, v in self.auth.items() if is_secret_key(str(k)))]
        return tuple(secret for secret in found if secret)


def _keystoneauth() -> Any:
    """keystoneauth1's modules (imported on first use: the sync needs them, discovery does not)."""
    from keystoneauth1 import exceptions, loading
    from keystoneauth1 import session as ks_session

    return exceptions, loading, ks_session


def _keystone_fix(error: BaseException, exceptions: Any) -> str:
    """What to check for a keystoneauth1 failure (discovery failures wrap the transport error in words)."""
    text = str(error)
    if isinstance(error, exceptions.SSLError) or "SSL exception" in text or "CERTIFICATE_VERIFY_FAILED" in text:
        return "the VIM's TLS certificate is not trusted: check OS_CACERT (or ssl-cacert in AAI, or clouds.yaml cacert)"
    if isinstance(error, exceptions.Unauthorized):
        return "check the credentials (OS_USERNAME/OS_PASSWORD, the application credential, the cloud in OS_CLOUD)"
    if isinstance(error, (exceptions.ConnectFailure, exceptions.ConnectTimeout, exceptions.DiscoveryFailure)):
        return "check that Keystone is reachable (OS_AUTH_URL)"
    return "check the Keystone settings"


def identity_url(auth_url: str) -> str:
    """The Keystone v3 base: ``auth_url`` as given when it ends in ``/v3``, else with ``/v3`` added."""
    url = auth_url.rstrip("/")
    if url.endswith("/v2.0"):
        raise NovaError("Keystone", f"OS_AUTH_URL {url} is a v2.0 endpoint", "give the Keystone v3 URL (.../v3)")
    return url if url.endswith("/v3") else f"{url}/v3"


class NovaSource:
    """Nova flavors and extra_specs of one region, authenticated lazily on first use."""

    def __init__(
        self,
        config: OpenStackConfig,
        *,
        preferred_region: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._config = config
        self._preferred = preferred_region
        self._verify: bool | str = False if config.insecure else (config.cacert or True)
        if config.insecure:
            import urllib3

            log.warning(
                "TLS verification of VIM %s is OFF (insecure): anyone on the path can pose as it", config.auth_url
            )
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # said once, here, not per request
        self._session = session or new_session(self._verify, config.pool)
        self._secrets = config.secrets()
        self._ks: tuple[Any, Any] | None = None
        self._lock = threading.Lock()
        self._token: str | None = None
        self._compute: str | None = None
        self._listing_headers: dict[str, str] | None = None

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    @property
    def compute_url(self) -> str:
        """The compute endpoint chosen from the catalog (authenticates if needed)."""
        self._authenticate()
        assert self._compute is not None  # noqa: S101 - set together with the token
        return self._compute

    def flavors(self) -> list[dict[str, Any]]:
        """Every flavor of ``GET /flavors/detail``, following Nova's pagination to the end.

        Bounded: a listing that goes on past ``max_pages`` pages or ``max_flavors`` flavors, hands out a
        marker twice, or lists one flavor id twice (a cycle, whatever the markers look like) stops with
        a :class:`NovaError`: nothing is written for a region whose listing cannot be trusted.
        """
        config = self._config
        flavors: list[dict[str, Any]] = []
        params: dict[str, str] = {}
        markers: set[str] = set()
        ids: set[str] = set()
        what = "Nova GET /flavors/detail"
        for page_number in range(1, config.max_pages + 1):
            body = self._get("/flavors/detail", params, "list flavors", self._microversion())
            page = body.get("flavors")
            if not isinstance(page, list):
                raise NovaError(what, "the body has no flavors list", "check the compute URL")
            for flavor in page:
                flavor_id = flavor.get("id") if isinstance(flavor, dict) else None
                if isinstance(flavor_id, (str, int)) and not isinstance(flavor_id, bool):
                    if str(flavor_id) in ids:
                        detail = f"flavor {str(flavor_id)!r} listed twice (page {page_number}): pagination cycles"
                        raise NovaError(what, detail, "report it to the VIM operator; nothing was written")
                    ids.add(str(flavor_id))
            flavors.extend(page)
            if len(flavors) > config.max_flavors:
                detail = f"the listing passed {config.max_flavors} flavors after {page_number} pages"
                fix = "set ONAP_HPA_NOVA_MAX_FLAVORS higher if the region really has that many; nothing was written"
                raise NovaError(what, detail, fix)
            marker = _next_marker(body.get("flavors_links"))
            if marker is None or not page:
                return flavors
            if marker in markers:
                detail = f"pagination loops at marker {marker!r}"
                raise NovaError(what, detail, "report it to the VIM operator; nothing was written")
            markers.add(marker)
            params = {**_limit(body.get("flavors_links")), "marker": marker}
        detail = f"the listing did not end after {config.max_pages} pages ({len(flavors)} flavors)"
        fix = "set ONAP_HPA_NOVA_MAX_PAGES higher if the region really pages that far; nothing was written"
        raise NovaError(what, detail, fix)

    def extra_specs(self, flavor_id: str) -> dict[str, Any]:
        """``GET /flavors/{id}/os-extra_specs`` as Nova returns it (the host checks the values)."""
        path = f"/flavors/{path_key(flavor_id)}/os-extra_specs"
        body = self._get(path, {}, f"read extra_specs of flavor {flavor_id!r}")
        specs = body.get("extra_specs")
        if not isinstance(specs, dict):
            raise NovaError(f"Nova GET {path}", "the body has no extra_specs object", "check the compute URL")
        return specs

    # -- plumbing ---------------------------------------------------------------------------

    def _microversion(self) -> dict[str, str]:
        """Headers asking for microversion 2.61 when Nova's version document says it has it, else none.

        Asked once, from the compute endpoint's own version document (``GET <compute URL>``: ``version``
        is the newest microversion). A Nova that does not say, or predates 2.61 (Queens and older), gets
        the 2.1 base API and one extra_specs request per discovered flavor.
        """
        if self._listing_headers is not None:
            return self._listing_headers
        headers: dict[str, str] = {}
        if self._config.inline_extra_specs:
            try:
                document = self._get("", {}, "read Nova's version document").get("version")
                newest = str(document.get("version", "")) if isinstance(document, dict) else ""
                major, _, minor = newest.partition(".")
                if (int(major), int(minor)) >= (2, 61):
                    headers = {"X-OpenStack-Nova-API-Version": "2.61", "OpenStack-API-Version": "compute 2.61"}
            except (NovaError, ValueError):
                log.info("Nova's version document is unusable: listing flavors with the 2.1 base API")
        self._listing_headers = headers
        return headers

    def _get(
        self, path: str, params: dict[str, str], what: str, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        for renewed in (False, True):
            token = self._authenticate()
            kwargs = self._kwargs(token)
            kwargs["headers"].update(headers or {})
            call = partial(exact_request, self._session, "GET", self.compute_url + path, params=params, **kwargs)
            response = self._send(call, f"GET {path}")
            if response.status_code == 401 and not renewed:
                self._expire(token)
                continue
            break
        if response.status_code != 200:
            raise NovaError(f"Nova GET {path}", self._status(response), f"could not {what}")
        return self._json(response, f"Nova GET {path}")

    def _authenticate(self) -> str:
        with self._lock:
            if self._token is not None:
                return self._token
            exceptions, _, _ = _keystoneauth()
            config = self._config
            what = f"Keystone ({config.auth_type}) at {config.auth_url}"
            try:
                token, catalog = self._login()
            except exceptions.ClientException as error:
                raise NovaError(what, self._clean(error), _keystone_fix(error, exceptions)) from None
            self._compute = self._endpoint(catalog)
            self._token = str(token)
            return self._token

    def _login(self) -> tuple[str, list[Any]]:
        """A token and the compute endpoints of its catalog; 5xx and lost connections are retried."""
        exceptions, _, _ = _keystoneauth()
        auth, session = self._keystone()
        policy = self._config.retry
        for attempt in range(1, policy.attempts + 1):
            try:
                token = session.get_token()
                catalog = auth.get_access(session).service_catalog.get_endpoints(
                    service_type="compute", interface=self._config.interface
                )
                return str(token), list(catalog.get("compute", []))
            except (exceptions.ConnectFailure, exceptions.ConnectTimeout, exceptions.HttpServerError) as error:
                if attempt == policy.attempts or isinstance(error, exceptions.SSLError):
                    raise
                log.info("Keystone: %s; retrying", self._clean(error))
                auth.invalidate()
                time.sleep(policy.pause(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    def _keystone(self) -> tuple[Any, Any]:
        """The auth plugin and session, made once (keystoneauth1 renews the token when it expires)."""
        if self._ks is None:
            _, loading, ks_session = _keystoneauth()
            config = self._config
            if config.auth_type in ("password", "v3password"):
                identity_url(config.auth_url)  # a v2.0 URL is an error naming the fix
            try:
                loader = loading.get_plugin_loader(config.auth_type)
            except Exception:  # noqa: BLE001 - keystoneauth1 raises its NoMatchingPlugin
                names = ", ".join(sorted(loading.get_available_plugin_names()))
                raise NovaError("Keystone", f"unknown auth type {config.auth_type!r}", f"one of {names}") from None
            try:
                auth = loader.load_from_options(**config.auth_options())
            except Exception as error:  # noqa: BLE001 - MissingRequiredOptions, TypeError for unknown options
                fix = f"give the options the {config.auth_type} auth type needs"
                raise NovaError("Keystone", self._clean(error), fix) from None
            verify: bool | str = False if config.insecure else (config.cacert or True)
            session = ks_session.Session(
                auth=auth,
                verify=verify,
                timeout=config.timeout,
                connect_retries=max(config.retry.attempts - 1, 0),
                app_name="onap-hpa",
            )
            self._ks = (auth, session)
        return self._ks

    def _clean(self, error: BaseException) -> str:
        return scrub(describe(error, limit=4096), self._secrets)[:300]

    def _expire(self, token: str) -> None:
        with self._lock:
            if self._token == token:
                log.info("Nova answered 401: renewing the Keystone token")
                self._token = None
                if self._ks is not None:
                    self._ks[0].invalidate()

    def _endpoint(self, endpoints: object) -> str:
        config = self._config
        endpoints = [e for e in (endpoints if isinstance(endpoints, list) else []) if isinstance(e, dict)]
        regions = {str(e.get("region_id") or e.get("region")): str(e.get("url", "")) for e in endpoints}
        wanted = config.region_name
        if wanted is None and self._preferred in regions:
            wanted = self._preferred
        if wanted is None and len(regions) == 1:
            wanted = next(iter(regions))
        if wanted not in regions or not regions[wanted]:
            found = ", ".join(sorted(regions)) or "none"
            detail = f"no {config.interface} compute endpoint for region {wanted!r} (catalog regions: {found})"
            raise NovaError("Keystone catalog lookup", detail, "set OS_REGION_NAME (and OS_INTERFACE) to one listed")
        return regions[wanted].rstrip("/")

    def _kwargs(self, token: str) -> dict[str, Any]:
        return {
            "headers": {"X-Auth-Token": token, "Accept": "application/json"},
            "timeout": self._config.timeout,
            "verify": self._verify,
        }

    def _send(self, call: Callable[[], requests.Response], what: str) -> requests.Response:
        def retrying(reason: str) -> None:
            log.info("%s: %s; retrying", what, scrub(reason, self._secrets))

        try:
            return send(call, self._config.retry, on_retry=retrying)
        except TRANSIENT_ERRORS as error:
            detail = scrub(describe(error, limit=4096), self._secrets)[:300]
            if is_certificate_error(error):
                setting = (
                    "OS_CACERT (--os-cacert)" if self._config.cacert else "the system trust store, or set OS_CACERT"
                )
                fix = f"the VIM's TLS certificate is not trusted: check {setting}"
                raise NovaError(what, detail, fix) from None
            fix = "check that the VIM is reachable (OS_AUTH_URL, OS_CACERT)"
            raise NovaError(what, detail, fix) from None

    def _status(self, response: requests.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            body = None
        message = ""
        if isinstance(body, dict):
            error = body.get("error") or next((v for v in body.values() if isinstance(v, dict)), {})
            if isinstance(error, dict):
                message = str(error.get("message", ""))
        return f"HTTP {response.status_code}" + (f": {scrub(message, self._secrets)[:200]}" if message else "")

    @staticmethod
    def _json(response: requests.Response, what: str) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise NovaError(what, "the body is not a JSON object", "check the URL")
        return body


def _next_link(links: object) -> str | None:
    if isinstance(links, list):
        for link in links:
            if isinstance(link, dict) and link.get("rel") == "next" and isinstance(link.get("href"), str):
                return str(link["href"])
    return None


def _next_marker(links: object) -> str | None:
    # The marker is read from Nova's next link and sent to our own endpoint: the link's host may be an
    # internal name the sync cannot reach.
    href = _next_link(links)
    if href is None:
        return None
    markers = parse_qs(urlsplit(href).query).get("marker")
    return markers[0] if markers else None


def _limit(links: object) -> dict[str, str]:
    href = _next_link(links)
    limits = parse_qs(urlsplit(href).query).get("limit") if href else None
    return {"limit": limits[0]} if limits else {}
