"""Every secret the host holds, so no text leaves it carrying one.

Driver workers cannot read the host's secrets (their environment is an allowlist, their requests carry
no credentials, the sandbox keeps them out of the host's ``/proc`` entries); this is the second line:
whatever a worker, an exception or a server sends back is scrubbed before it is logged, alarmed,
printed or returned. Secrets are the values of the host's environment variables whose names look
like credentials, plus whatever the plugin side registers (VIM and AAI passwords it was handed).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from onap_hpa.request import is_secret_key

__all__ = ["remember", "remember_viminfo", "scrub"]

#: Environment variable names whose values are credentials (a URL or a CA path is not: messages
#: keep naming those, the operator needs them).
_SECRET_ENV = re.compile(r"PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE", re.IGNORECASE)

_lock = threading.Lock()
_known: set[str] = set()
_ordered: tuple[str, ...] = ()
_seen_env = False


def remember(values: Iterable[object]) -> None:
    """Register secret values (any length) to scrub from every text from now on."""
    global _ordered  # noqa: PLW0603 - a process-wide registry, read without the lock
    added = {value for value in values if isinstance(value, str) and value.strip()}
    with _lock:
        if added - _known:
            _known.update(added)
            # Longest first, so a secret containing another is replaced whole.
            _ordered = tuple(sorted(_known, key=len, reverse=True))


def remember_viminfo(viminfo: object) -> None:
    """Register the credential fields of a MultiCloud VIM info dict (``password``, tokens, ...)."""
    if isinstance(viminfo, Mapping):
        remember(value for key, value in viminfo.items() if isinstance(key, str) and is_secret_key(key))


def _from_environment() -> None:
    global _seen_env  # noqa: PLW0603 - once per process
    if not _seen_env:
        _seen_env = True
        remember(value for name, value in os.environ.items() if _SECRET_ENV.search(name))


def scrub(text: Any) -> str:
    """``text`` with every known secret replaced by ``***``."""
    _from_environment()
    result = text if isinstance(text, str) else str(text)
    for secret in _ordered:
        if secret in result:
            result = result.replace(secret, "***")
    return result
