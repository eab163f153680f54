"""Errors of the plugin side: AAI, Nova and sync configuration (drivers never see these)."""

from __future__ import annotations

from collections.abc import Sequence

from onap_hpa.errors import OnapHpaError

__all__ = [
    "AaiConflictError",
    "AaiError",
    "AaiUnavailableError",
    "CertificateError",
    "NoDriversError",
    "NovaError",
    "SyncConfigError",
    "UnknownDriverError",
]


class AaiError(OnapHpaError):
    """AAI refused a request (a 4xx other than 404 and 412), or answered with something unusable."""

    def __init__(self, method: str, path: str, status: int | None, detail: str, fix: str = "") -> None:
        self.method = method
        self.path = path
        self.status = status
        self.detail = detail
        where = f"AAI {method} {path}"
        got = f"HTTP {status}: {detail}" if status is not None else detail
        message = f"{where} failed ({got})" + (f"; {fix}" if fix else "")
        super().__init__(message)


class AaiConflictError(AaiError):
    """A resource-version race (412), or a PUT refused as an implied delete (403): re-read and retry."""

    def __init__(self, method: str, path: str, status: int, detail: str) -> None:
        super().__init__(method, path, status, detail, "the record changed since it was read; re-read and retry")


class AaiUnavailableError(AaiError):
    """AAI did not answer usefully: 5xx, timeout or dropped connection, after every retry."""

    def __init__(self, method: str, path: str, status: int | None, detail: str) -> None:
        super().__init__(method, path, status, detail, "AAI is unavailable; the next sync converges")


class CertificateError(AaiError):
    """TLS verification of AAI's certificate failed: a configuration problem, never retried as an outage."""

    def __init__(self, method: str, path: str, detail: str, setting: str) -> None:
        fix = f"the certificate is not trusted: check {setting} (a PEM bundle of the CA that signed AAI's certificate)"
        super().__init__(method, path, None, detail, fix)


class NovaError(OnapHpaError):
    """Keystone or Nova refused a request or could not be reached."""

    def __init__(self, what: str, detail: str, fix: str) -> None:
        self.what = what
        self.detail = detail
        self.fix = fix
        super().__init__(f"{what} failed ({detail}); {fix}")


class SyncConfigError(OnapHpaError, ValueError):
    """The sync is missing a setting or has a malformed one."""

    def __init__(self, setting: str, problem: str, expected: str) -> None:
        self.setting = setting
        self.problem = problem
        self.expected = expected
        super().__init__(f"{setting} {problem}; expected {expected}")


class UnknownDriverError(SyncConfigError):
    """``ONAP_HPA_DRIVERS`` / ``ONAP_HPA_DISABLE`` name a driver that is not installed (a typo, a removed wheel)."""

    def __init__(self, unknown: dict[str, list[str]], setting: str, problem: str, expected: str) -> None:
        self.unknown = unknown  #: variable -> names matching no installed driver
        super().__init__(setting, problem, expected)


class NoDriversError(SyncConfigError):
    """No HPA driver is loaded: a sync would strip every capability, so it writes nothing."""

    def __init__(self, found: str, faults: Sequence[object] = ()) -> None:
        self.faults = tuple(faults)  #: the load faults of the drivers that failed (none when all are blocked)
        super().__init__(
            "no HPA driver is loaded",
            f"({found}); nothing was written",
            "at least one loaded driver (see onap-hpa drivers, ONAP_HPA_DRIVERS and ONAP_HPA_DISABLE)",
        )
