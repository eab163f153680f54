"""Every exception onap-hpa raises, under one root (:class:`OnapHpaError`).

Each carries structured fields as well as a message that says what went wrong, where, what was
expected and what to do, so a fault record and a log line can both be built from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "DriverContractError",
    "DriverLoadError",
    "ExtraSpecError",
    "OnapHpaError",
    "PartialDiscovery",
    "RequestError",
    "VimInfoError",
]


class OnapHpaError(Exception):
    """Root of every error raised by onap-hpa."""


def _shorten(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class ExtraSpecError(OnapHpaError, ValueError):
    """A flavor's extra_spec is present but malformed.

    Drivers raise it (and only it, or :class:`PartialDiscovery`) for bad input. The host records a
    ``bad-input`` fault for the flavor and the driver's other records are not lost when the driver
    reports them through :class:`PartialDiscovery`.
    """

    def __init__(self, flavor_id: str, key: str, value: object, expected: str) -> None:
        self.flavor_id = flavor_id
        self.key = key
        self.value = value
        self.expected = expected
        message = (
            f"flavor {flavor_id!r}: extra_spec {key!r} = {_shorten(value)} is malformed; "
            f"expected {expected}. Fix the flavor's extra_specs in Nova; the feature is skipped "
            "until then."
        )
        super().__init__(message)


class VimInfoError(OnapHpaError, ValueError):
    """The VIM's ``cloud_extra_info`` lacks or garbles what a driver needs."""

    def __init__(self, flavor_id: str, field: str, problem: str, expected: str) -> None:
        self.flavor_id = flavor_id
        self.field = field
        self.problem = problem
        self.expected = expected
        message = (
            f"flavor {flavor_id!r}: VIM {field} {problem}; expected {expected}. "
            "Fix the cloud region's cloud-extra-info in AAI."
        )
        super().__init__(message)


class PartialDiscovery(OnapHpaError):  # noqa: N818 - a result carrying records, raised to end the hook
    """A driver found some features and rejected others.

    Raise it from ``hpa_discover`` with the records that are good and the :class:`ExtraSpecError`
    of each feature that is not: the host keeps the records and records one fault per error.
    """

    def __init__(self, records: Sequence[dict[str, Any]], errors: Sequence[OnapHpaError]) -> None:
        self.records = list(records)
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


class RequestError(OnapHpaError, ValueError):
    """A discovery request (flavor, extra_specs or VIM info) is not shaped as Nova/MultiCloud send it."""

    def __init__(self, flavor_id: str, field: str, value: object, expected: str) -> None:
        self.flavor_id = flavor_id
        self.field = field
        self.value = value
        self.expected = expected
        message = (
            f"flavor {flavor_id!r}: request field {field!r} = {_shorten(value)} is invalid; "
            f"expected {expected}. Pass the flavor and extra_specs as Nova returns them."
        )
        super().__init__(message)


class DriverLoadError(OnapHpaError):
    """A driver's entry point could not be imported or does not describe itself."""

    def __init__(self, driver: str, reason: str) -> None:
        self.driver = driver
        self.reason = reason
        super().__init__(f"driver {driver!r} cannot be loaded: {reason}")


class DriverContractError(DriverLoadError):
    """A driver implements a contract version this SDK does not support."""

    def __init__(self, driver: str, found: str, required: str, distribution: str | None = None) -> None:
        self.found = found
        self.required = required
        fix = (
            f"install a release of {distribution} built for contract {required}"
            if distribution
            else f"rebuild the driver against contract {required}"
        )
        reason = f"it implements contract {found}, this SDK supports {required}; {fix}"
        super().__init__(driver, reason)


# -- region sync: AAI, Nova/Keystone, configuration. Messages name the request (method and path,
# never a query string, header or body) and never carry a credential.
