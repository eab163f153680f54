"""A small AAI REST client: the reads and writes the flavor sync needs, and nothing else.

One pooled ``requests`` session shared by the sync's workers; every call carries ``X-FromAppId``,
the run's RequestID as ``X-ONAP-RequestID`` and ``X-TransactionId`` (:mod:`onap_hpa_host.logs`),
JSON ``Accept``/``Content-Type`` and HTTP basic auth, with TLS verification on (a CA bundle may be
given, verification cannot be switched off). Reads are retried with backoff on 5xx, timeouts and
dropped connections. Writes are sent once: whether a write that failed in flight was applied is only
known by reading again, which the sync does before it retries (a blind PUT/DELETE retry would carry a
stale resource-version, or delete what another writer made).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Final

import requests

from onap_hpa.ids import flavor_url, path_key
from onap_hpa_host.aai.http import (
    TRANSIENT_ERRORS,
    TRANSIENT_STATUSES,
    RetryPolicy,
    describe,
    exact_request,
    is_certificate_error,
    new_session,
    scrub,
    send,
    split_userinfo,
)
from onap_hpa_host.errors import AaiConflictError, AaiError, AaiUnavailableError, CertificateError
from onap_hpa_host.logs import onap_headers

__all__ = ["DEFAULT_APP_ID", "DEFAULT_VERSION", "AaiClient", "AaiConfig", "region_url"]

log = logging.getLogger(__name__)

#: AAI API version when the base URL names none: ``v13`` is the first release API with HPA, the one
#: MultiCloud itself uses, and the HPA types are field-for-field the same up to v32 (HPA-REFERENCE §4),
#: so it works against every AAI release that has HPA at all.
DEFAULT_VERSION: Final = "v13"
DEFAULT_APP_ID: Final = "onap-hpa"
_VERSIONED = re.compile(r"/aai/v\d+$")
_JSON: Final = "application/json"


@dataclass(frozen=True)
class AaiConfig:
    """Where AAI is and how to talk to it. ``password`` never shows in ``repr``."""

    url: str  #: ``https://aai:8443/aai/v13``, or ``https://aai:8443`` (then ``/aai/<version>`` is added)
    user: str = ""
    password: str = field(default="", repr=False)
    version: str = DEFAULT_VERSION
    cacert: str | None = None  #: CA bundle path; None: the system's trust store
    app_id: str = DEFAULT_APP_ID
    timeout: float = 30.0
    pool: int = 8  #: pooled connections: one per sync worker
    retry: RetryPolicy = field(default_factory=RetryPolicy)


def region_url(cloud_owner: str, cloud_region_id: str) -> str:
    """AAI path of a cloud region, relative to the base (keys percent-encoded as in :mod:`onap_hpa.ids`)."""
    return f"/cloud-infrastructure/cloud-regions/cloud-region/{path_key(cloud_owner)}/{path_key(cloud_region_id)}"


class AaiClient:
    """AAI reads (retried) and writes (sent once, counted in :attr:`writes`)."""

    def __init__(self, config: AaiConfig, *, session: requests.Session | None = None) -> None:
        url, user, password = split_userinfo(config.url.rstrip("/"))
        if not _VERSIONED.search(url):
            url = f"{url}/aai/{config.version}"
        self.base = url
        self._auth = (config.user or user or "", config.password or password or "")
        self._secrets = (self._auth[1],)
        self._verify: bool | str = config.cacert or True
        #: what a TLS failure tells the operator to check
        self.cacert_setting = (
            "ONAP_HPA_AAI_CACERT (--aai-cacert)"
            if config.cacert
            else "the system trust store, or set ONAP_HPA_AAI_CACERT (--aai-cacert)"
        )
        self._session = session or new_session(self._verify, config.pool)
        self._timeout = config.timeout
        self._retry = config.retry
        self._headers = {"X-FromAppId": config.app_id, "Accept": _JSON, "Content-Type": _JSON}
        self._lock = threading.Lock()
        self._writes = 0

    def __enter__(self) -> AaiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    @property
    def writes(self) -> int:
        """PUT and DELETE requests sent so far (every one sent, whatever its outcome)."""
        return self._writes

    # -- region-level reads -----------------------------------------------------------------

    def cloud_region(self, cloud_owner: str, cloud_region_id: str) -> dict[str, Any] | None:
        """The cloud-region node (no children), or None when AAI does not have it."""
        return self.get(region_url(cloud_owner, cloud_region_id), depth="0")

    def cloud_regions(self) -> list[dict[str, Any]]:
        """Every cloud region registered in AAI (no children)."""
        path = "/cloud-infrastructure/cloud-regions"
        body = self.get(path, depth="0")
        regions = (body or {}).get("cloud-region", [])
        if not isinstance(regions, list):
            raise AaiError("GET", path, 200, "no cloud-region list")
        return [region for region in regions if isinstance(region, dict)]

    def esr_system_info(self, cloud_owner: str, cloud_region_id: str) -> list[dict[str, Any]]:
        """The region's ``esr-system-info`` records: where its VIM is and how to log in, as MultiCloud reads them."""
        path = region_url(cloud_owner, cloud_region_id) + "/esr-system-info-list"
        body = self.get(path, depth="0")
        infos = (body or {}).get("esr-system-info", [])
        if not isinstance(infos, list):
            raise AaiError("GET", path, 200, "no esr-system-info list")
        return [info for info in infos if isinstance(info, dict)]

    def flavors(self, cloud_owner: str, cloud_region_id: str) -> list[dict[str, Any]]:
        """Every flavor of the region with its capabilities and attributes (``depth=all``)."""
        body = self.get(region_url(cloud_owner, cloud_region_id) + "/flavors")
        if body is None:
            return []  # AAI answers 404 for an empty collection
        flavors = body.get("flavor", [])
        if not isinstance(flavors, list):
            raise AaiError("GET", f"{region_url(cloud_owner, cloud_region_id)}/flavors", 200, "no flavor list")
        return flavors

    def flavor(self, cloud_owner: str, cloud_region_id: str, flavor_id: str) -> dict[str, Any] | None:
        """One flavor with its capabilities (``depth=all``), or None."""
        return self.get(flavor_url(cloud_owner, cloud_region_id, flavor_id))

    # -- REST verbs -------------------------------------------------------------------------

    def get(self, path: str, *, depth: str = "all") -> dict[str, Any] | None:
        """GET ``path`` (relative to the base); None on 404. Retried on transient failures."""

        def retrying(reason: str) -> None:
            log.info("AAI GET %s: %s; retrying", path, self._clean(reason))

        try:
            response = send(lambda: self._send("GET", path, {"depth": depth}), self._retry, on_retry=retrying)
        except TRANSIENT_ERRORS as error:
            raise self._transport("GET", path, error) from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._error("GET", path, response)
        try:
            body = response.json()
        except ValueError:
            raise AaiError("GET", path, 200, "the body is not JSON") from None
        if not isinstance(body, dict):
            raise AaiError("GET", path, 200, f"the body is a JSON {type(body).__name__}, not an object")
        return body

    def put(self, path: str, body: dict[str, Any]) -> int:
        """PUT ``body`` at ``path``; returns 201 (created) or 200 (updated). Sent once."""
        response = self._write("PUT", path, None, json.dumps(body, separators=(",", ":")).encode())
        if response.status_code in (200, 201):
            return response.status_code
        raise self._error("PUT", path, response)

    def delete(self, path: str, resource_version: str) -> bool:
        """DELETE ``path`` at ``resource_version``; False when it was already gone (404). Sent once."""
        response = self._write("DELETE", path, {"resource-version": resource_version}, None)
        if response.status_code in (200, 204):
            return True
        if response.status_code == 404:
            return False
        raise self._error("DELETE", path, response)

    # -- plumbing ---------------------------------------------------------------------------

    def _write(self, method: str, path: str, params: dict[str, str] | None, data: bytes | None) -> requests.Response:
        problem = _path_problem(path)
        if problem is not None:
            # Never sent: a DELETE (or PUT) only ever targets the one resource its path names.
            raise AaiError(method, path, None, f"refused to send: {problem}", "report this as an onap-hpa bug")
        with self._lock:
            self._writes += 1
        try:
            return self._send(method, path, params, data)
        except TRANSIENT_ERRORS as error:
            raise self._transport(method, path, error) from None

    def _transport(self, method: str, path: str, error: BaseException) -> AaiError:
        detail = self._clean(describe(error, limit=4096))[:300]
        if is_certificate_error(error):
            return CertificateError(method, path, detail, self.cacert_setting)
        return AaiUnavailableError(method, path, None, detail)

    def _send(
        self, method: str, path: str, params: dict[str, str] | None, data: bytes | None = None
    ) -> requests.Response:
        headers = {**self._headers, **onap_headers()}  # the run's RequestID (see onap_hpa_host.logs)
        return exact_request(
            self._session,
            method,
            self.base + path,
            params=params,
            data=data,
            headers=headers,
            auth=self._auth,
            timeout=self._timeout,
            verify=self._verify,
        )

    def _error(self, method: str, path: str, response: requests.Response) -> AaiError:
        status = response.status_code
        detail = self._clean(_error_text(response, limit=4096))[:300]  # scrubbed whole, then cut
        if status == 412 or (status == 403 and method == "PUT"):
            # 403 on a PUT is AAI refusing an implied delete: a capability appeared since we read.
            return AaiConflictError(method, path, status, detail)
        if status in TRANSIENT_STATUSES:
            return AaiUnavailableError(method, path, status, detail)
        if status in (401, 403):
            return AaiError(method, path, status, detail, "check ONAP_HPA_AAI_USER and ONAP_HPA_AAI_PASSWORD")
        if status == 404:
            return AaiError(method, path, status, detail, "the cloud region must exist in AAI (register it first)")
        return AaiError(method, path, status, detail)

    def _clean(self, text: str) -> str:
        return scrub(text, self._secrets)


def _path_problem(path: str) -> str | None:
    """Why ``path`` (relative to the base) could name something other than one resource, or None."""
    if not path.startswith("/cloud-infrastructure/") or "?" in path or "#" in path:
        return f"{path!r} is not a resource path under /cloud-infrastructure/"
    if any(segment in ("", ".", "..") for segment in path.split("/")[1:]):
        return f"{path!r} has an empty or dot segment"
    return None


def _error_text(response: requests.Response, limit: int = 300) -> str:
    """AAI's own message (``requestError`` with ``%1`` placeholders filled), else the start of the body."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip().replace("\n", " ")
        return text[:limit] or response.reason or "no body"
    request_error = body.get("requestError") if isinstance(body, dict) else None
    if isinstance(request_error, dict):
        for exception in request_error.values():
            if isinstance(exception, dict) and isinstance(exception.get("text"), str):
                text = exception["text"]
                variables = exception.get("variables") or []
                # Highest index first, so that %1 does not eat the start of %10.
                for index, variable in reversed(list(enumerate(variables, start=1))):
                    text = text.replace(f"%{index}", str(variable))
                codes = [str(v) for v in variables if str(v).startswith("ERR.")]
                head = " ".join([str(exception.get("messageId", "")), *codes]).strip()
                return f"{head}: {text}"[:limit] if head else text[:limit]
    return json.dumps(body)[:limit]
