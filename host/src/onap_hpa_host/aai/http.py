"""HTTP plumbing shared by the AAI client, the Nova source and the VES sender.

Pooled ``requests`` sessions, one retry policy (exponential backoff with jitter) and the helpers that
keep credentials out of messages. Retries here are only for requests that are safe to repeat
(reads, Keystone tokens, VES events); AAI writes are retried by the sync, which re-reads first.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

__all__ = [
    "TRANSIENT_ERRORS",
    "TRANSIENT_STATUSES",
    "RetryPolicy",
    "describe",
    "display_url",
    "new_session",
    "scrub",
    "send",
    "split_userinfo",
]

#: Statuses that say "try again later": AAI and Nova behind a proxy answer these while restarting.
TRANSIENT_STATUSES: Final = frozenset({500, 502, 503, 504})
#: Transport failures worth retrying: refused or dropped connections, timeouts, truncated bodies.
TRANSIENT_ERRORS: Final = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)
_SHORTEST_SECRET: Final = 4  # shorter strings (AAI's default "AAI") would mangle every message


@dataclass(frozen=True, slots=True)
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
            if last:
                raise
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
    """``text`` with every configured secret replaced by ``***`` (defence in depth for messages)."""
    for secret in secrets:
        if secret and len(secret) >= _SHORTEST_SECRET:
            text = text.replace(secret, "***")
    return text


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
