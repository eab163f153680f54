"""Checks that a driver's ``DRIVER.reads`` is exactly what it reads, for a driver's own tests.

Run its ``hpa_discover`` with extra_specs that record every key looked up (:class:`RecordingSpecs`,
:func:`record_reads`), then check each looked-up key is declared (a trailing ``*`` declares a prefix) and
each declared entry is looked up on some request (:func:`assert_reads_declared` does both; the checks
raise :class:`AssertionError`, as a failed ``assert`` would)::

    from onap_hpa_harness.reads import assert_reads_declared

    def test_reads() -> None:
        assert_reads_declared(plugin, [DiscoveryRequest.build(flavor, specs, vim) for specs in CASES])

``driver`` is anything with ``DRIVER`` and ``hpa_discover``: a hook module, or one part of a
distribution that ships several drivers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any, Protocol

from onap_hpa import DiscoveryRequest, DriverInfo, ExtraSpecError, PartialDiscovery

__all__ = [
    "RecordingSpecs",
    "assert_declared_entries_read",
    "assert_looks_up_only_declared",
    "assert_reads_declared",
    "declared",
    "record_reads",
]


class Driver(Protocol):
    """What the checks run: a driver's ``DRIVER`` and its ``hpa_discover`` hook."""

    @property
    def DRIVER(self) -> DriverInfo: ...  # noqa: N802 - the hook module's attribute

    def hpa_discover(self, request: DiscoveryRequest) -> Any: ...


class RecordingSpecs(Mapping[str, str]):
    """extra_specs that remember every key looked up (``[]``, ``get``, ``in``) and whether they were iterated."""

    def __init__(self, specs: Mapping[str, str]) -> None:
        self._specs = dict(specs)
        self.looked_up: list[str] = []
        self.iterated = False

    def __getitem__(self, key: str) -> str:
        self.looked_up.append(key)
        return self._specs[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.looked_up.append(key)
        return self._specs.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.looked_up.append(str(key))
        return key in self._specs

    def __iter__(self) -> Iterator[str]:
        self.iterated = True
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def keys(self) -> Any:
        self.iterated = True
        return self._specs.keys()

    def items(self) -> Any:
        self.iterated = True
        return self._specs.items()

    def values(self) -> Any:
        self.iterated = True
        return self._specs.values()


def declared(key: str, reads: Iterable[str]) -> bool:
    """``key`` is one of ``reads``, or starts with a ``prefix*`` of it."""
    return any(key.startswith(read[:-1]) if read.endswith("*") else key == read for read in reads)


def record_reads(
    driver: Driver,
    request: DiscoveryRequest,
    others: Mapping[str, str] | None = None,
    *,
    tolerate: tuple[type[BaseException], ...] = (ExtraSpecError, PartialDiscovery),
) -> RecordingSpecs:
    """Run ``driver.hpa_discover`` on ``request`` with its extra_specs (over ``others``, keys the driver must
    not read) recording; the errors in ``tolerate`` end the run quietly: a malformed request's look-ups
    still count."""
    specs = RecordingSpecs({**(others or {}), **request.extra_specs})
    with contextlib.suppress(*tolerate):
        driver.hpa_discover(replace(request, extra_specs=specs))
    return specs


def assert_looks_up_only_declared(
    driver: Driver, request: DiscoveryRequest, others: Mapping[str, str] | None = None
) -> None:
    """On ``request``, ``driver`` never iterates over the extra_specs and looks up only keys it declares
    (an :class:`AssertionError` says which not)."""
    name, reads = driver.DRIVER.name, driver.DRIVER.reads
    specs = record_reads(driver, request, others)
    if specs.iterated:
        raise AssertionError(f"{name} iterates over the extra_specs: its DRIVER.reads must declare what it takes")
    undeclared = sorted({key for key in specs.looked_up if not declared(key, reads)})
    if undeclared:
        raise AssertionError(f"{name} looked up {undeclared}; its DRIVER.reads is {reads}")


def assert_declared_entries_read(
    driver: Driver, requests: Iterable[DiscoveryRequest], others: Mapping[str, str] | None = None
) -> None:
    """Each entry of ``driver``'s ``DRIVER.reads`` is looked up on some of ``requests``."""
    looked_up = {key for request in requests for key in record_reads(driver, request, others).looked_up}
    unused = [read for read in driver.DRIVER.reads if not any(declared(key, (read,)) for key in looked_up)]
    if unused:
        raise AssertionError(f"{driver.DRIVER.name} declares {unused}, but no request shows it reading them")


def assert_reads_declared(
    driver: Driver, requests: Iterable[DiscoveryRequest], others: Mapping[str, str] | None = None
) -> None:
    """``driver``'s ``DRIVER.reads`` is exactly what it reads on ``requests``: both checks above."""
    requests = list(requests)
    for request in requests:
        assert_looks_up_only_declared(driver, request, others)
    assert_declared_entries_read(driver, requests, others)
