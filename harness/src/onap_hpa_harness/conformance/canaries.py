"""Canary credentials and attempt reports: what the ``secrets`` and ``isolation`` checks look for.

The gate runs a driver with the environment a real sync has: credentials in the plugin's (the gate's)
own environment and a VIM info holding a password, each a fresh random canary value. No canary may come
back from the driver in any form (:meth:`Canaries.find` also knows it base64'd, hex'd or reversed).

Denied attempts (network, writes outside the worker's directory, processes) come back as the report
lines the SDK's worker writes to stderr (:mod:`onap_hpa.worker.attempts`), parsed by :func:`attempt_in`.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets as random_secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from onap_hpa_host import secrets

__all__ = ["ATTEMPT_PREFIX", "DENIED", "Canaries", "attempt_in", "make_canaries", "planted"]

try:
    from onap_hpa.worker.attempts import PREFIX as ATTEMPT_PREFIX
except ImportError:  # an SDK whose worker does not report attempts: only denials in the driver's errors count
    ATTEMPT_PREFIX = "onap-hpa-attempt "

#: The credential variables a MultiCloud plugin's environment holds (``onap_hpa_host.env``), plus tokens.
ENV_NAMES: Final = ("OS_PASSWORD", "ONAP_HPA_AAI_PASSWORD", "ONAP_HPA_VES_PASSWORD", "OS_AUTH_TOKEN", "AAI_API_TOKEN")
#: The credential fields of a MultiCloud VIM info.
VIM_FIELDS: Final = ("password", "userName", "token")
#: What a denied call looks like in a driver's error or log line (EPERM from seccomp, EACCES from Landlock).
DENIED: Final = re.compile(r"\[Errno (1|13)\] (Operation not permitted|Permission denied)|PermissionError")


@dataclass(frozen=True)
class Canaries:
    """Canary values by where they were planted: ``environment OS_PASSWORD``, ``VIM info password``..."""

    env: dict[str, str]
    vim: dict[str, str]
    _forms: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for where, value in self.sources().items():
            raw = value.encode()
            for form in (
                value,
                value.split("-")[-1],  # the random part alone
                base64.b64encode(raw).decode(),
                base64.urlsafe_b64encode(raw).decode(),
                raw.hex(),
                value[::-1],
            ):
                self._forms[form] = where

    def sources(self) -> dict[str, str]:
        """Where each canary was planted -> its value."""
        planted = {f"environment variable {name}": value for name, value in self.env.items()}
        planted.update({f"VIM info {name}": value for name, value in self.vim.items()})
        return planted

    def find(self, text: str) -> str | None:
        """Where the canary ``text`` carries was planted (any known form of it), or None."""
        return next((where for form, where in self._forms.items() if form in text), None)

    def viminfo(self, vim: dict[str, Any]) -> dict[str, Any]:
        """``vim`` as the MultiCloud plugin holds it: with the canary credentials."""
        return {**vim, **self.vim}


def make_canaries() -> Canaries:
    """Fresh random canaries (one run's)."""

    def value(name: str) -> str:
        return f"canary-{name.lower().replace('_', '')}-{random_secrets.token_hex(8)}"

    return Canaries({name: value(name) for name in ENV_NAMES}, {name: value(name) for name in VIM_FIELDS})


@contextmanager
def planted(canaries: Canaries) -> Iterator[None]:
    """The canaries in this process's environment (and known to the host's scrubber) while the gate runs."""
    saved = {name: os.environ.get(name) for name in canaries.env}
    os.environ.update(canaries.env)
    secrets.remember(canaries.sources().values())
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def attempt_in(line: str) -> dict[str, Any] | None:
    """The attempt a worker's stderr line reports (``kind``, ``event``, ``target``, ``request``), or None."""
    at = line.find(ATTEMPT_PREFIX)
    if at < 0:
        return None
    try:
        report = json.loads(line[at + len(ATTEMPT_PREFIX) :])
    except ValueError:
        return None
    return report if isinstance(report, dict) and report.get("kind") else None
