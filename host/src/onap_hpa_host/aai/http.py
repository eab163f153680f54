"""HTTP plumbing shared by the AAI client, the Nova source and the VES sender.

Pooled ``requests`` sessions, one retry policy (exponential backoff with jitter) and the helpers that
keep credentials out of messages. Retries here are only for requests that are safe to repeat
(reads, Keystone tokens, VES events); AAI writes are retried by the sync, which re-reads first.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

__all__ = [
    "TRANSIENT_ERRORS",
    "TRANSIENT_STATUSES",
    "RetryPolicy",
    "describe",
    "display_url",
    "exact_request",
    "new_session",
    "scrub",
    "send",
    "split_userinfo",
]

#: Secrets shorter than this are scrubbed where they stand alone (see :func:`scrub`).
_WHOLE_WORD_BELOW: Final = 4
#: Statuses that say "try again later": AAI and Nova behind a proxy answer these while restarting.
TRANSIENT_STATUSES: Final = frozenset({500, 502, 503, 504})
#: Transport failures worth retrying: refused or dropped connections, timeouts, truncated bodies.
TRANSIENT_ERRORS: Final = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a request that is safe to repeat is retried."""

    attempts: int = 4  #: tries in all, the first included
    backoff: float = 0.1  #: seconds before the second try; doubles each time
    cap: float = 5.0  #: longest pause

    def pause(self, attempt: int) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based), with jitter against herds."""
        base = min(self.cap, self.backoff * 2 ** (attempt - 1))
        return base * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not cryptography


def new_session(verify: bool | str, pool: int) -> requests.Session:
    """A session whose connection pool holds ``pool`` connections per host (one per worker)."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=max(pool, 1), max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.verify = verify
    return session


def send(
    call: Callable[[], requests.Response],
    policy: RetryPolicy,
    *,
    on_retry: Callable[[str], None] | None = None,
) -> requests.Response:
    """Run ``call`` until it returns a non-transient response or the tries run out.

    The last transient response is returned; the last transport error is raised.
    """
    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            response = call()
        except TRANSIENT_ERRORS as error:
            if last or isinstance(error, requests.exceptions.SSLError):
                raise  # a certificate that fails verification fails again: not an outage to wait out
            reason = describe(error)
        else:
            if response.status_code not in TRANSIENT_STATUSES or last:
                return response
            reason = f"HTTP {response.status_code}"
            response.close()
        if on_retry is not None:
            on_retry(reason)
        time.sleep(policy.pause(attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def describe(error: BaseException, limit: int = 300) -> str:
    """A one-line reason for a transport error (it names host and path, never headers or bodies)."""
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every configured secret, whatever its length, replaced by ``***``.

    Apply it to text that comes from outside (server bodies, transport errors) before it is put into
    a message of our own words. A secret of 4 characters or more is replaced wherever it appears; a
    shorter one (AAI's default password is ``AAI``) wherever it stands on its own, not inside a longer
    word, so that ``p`` does not turn every ``password`` into ``***assword``. Longest secrets first, so
    that one secret inside another is not left half shown.
    """
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        if len(secret) >= _WHOLE_WORD_BELOW:
            text = text.replace(secret, "***")
        else:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", "***", text)
    return text


def is_certificate_error(error: BaseException) -> bool:
    """True for a TLS failure (certificate not trusted, wrong host name, handshake refused)."""
    return isinstance(error, requests.exceptions.SSLError)


def exact_request(
    session: requests.Session,
    method: str,
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    auth: Any = None,
    timeout: float | None = None,
    verify: bool | str = True,
) -> requests.Response:
    """Send ``url`` byte for byte as given (already percent-encoded), with ``params`` as its query.

    ``requests`` re-quotes a URL and un-escapes unreserved characters in it (``%2E`` becomes ``.``,
    which is then a dot segment servers remove): our paths are built segment by segment
    (:func:`onap_hpa.ids.path_key`), so the prepared URL is replaced by the exact one. ``verify`` is
    passed on every request: a CA bundle set on the session alone loses to ``REQUESTS_CA_BUNDLE`` /
    ``CURL_CA_BUNDLE`` in the environment, and an explicit setting must win.
    """
    prepared = session.prepare_request(requests.Request(method, url, data=data, headers=dict(headers or {}), auth=auth))
    prepared.url = url + ("?" + urlencode(params, quote_via=quote) if params else "")
    settings = session.merge_environment_settings(prepared.url, {}, None, verify, None)
    return session.send(prepared, timeout=timeout, **settings)


def split_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without ``user:password@``, and the user and password it carried."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc)), parts.username, parts.password


def display_url(url: str) -> str:
    """``url`` fit for a log line: no user info, no query string."""
    bare, _, _ = split_userinfo(url)
    return urlunsplit(urlsplit(bare)._replace(query="", fragment=""))
