"""Pure readers for the compute extra_specs: extra_specs in, frozen facts (or None when absent) out.

Each reader covers one hpa-feature and raises :class:`onap_hpa.ExtraSpecError` when Nova would reject
the value (HPA-REFERENCE §3), so one malformed feature never hides the others. Values come out in
canonical form (``" +02"`` -> 2). NUMA has its own module, :mod:`onap_device_driver_compute.numa`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from onap_hpa import ExtraSpecError
from onap_hpa.extra_specs import (
    MAX_VALUE,
    is_gpu_device,
    parse_count,
    parse_enum,
    parse_pci_device,
    parse_pci_requests,
)

__all__ = [
    "CPU_CORES",
    "CPU_POLICY",
    "CPU_SOCKETS",
    "CPU_THREADS",
    "CPU_THREAD_POLICY",
    "INSTRUCTION_SETS",
    "PAGE_SIZE",
    "PCI_ALIAS",
    "CpuPinning",
    "CpuTopology",
    "PageSize",
    "PciRequest",
    "cpu_pinning",
    "cpu_topology",
    "instruction_sets",
    "page_size",
    "pci_passthrough",
]

CPU_POLICY: Final = "hw:cpu_policy"
CPU_THREAD_POLICY: Final = "hw:cpu_thread_policy"
CPU_SOCKETS: Final = "hw:cpu_sockets"
CPU_CORES: Final = "hw:cpu_cores"
CPU_THREADS: Final = "hw:cpu_threads"
PAGE_SIZE: Final = "hw:mem_page_size"
INSTRUCTION_SETS: Final = "hw:capabilities:cpu_info:features"
PCI_ALIAS: Final = "pci_passthrough:alias"

_POLICIES: Final = frozenset({"shared", "dedicated", "mixed"})
_THREAD_POLICIES: Final = frozenset({"prefer", "isolate", "require"})


@dataclass(frozen=True)
class CpuPinning:
    """``hw:cpu_policy`` and ``hw:cpu_thread_policy``; None where the key is absent."""

    policy: str | None
    thread_policy: str | None


@dataclass(frozen=True)
class CpuTopology:
    """Preferred ``hw:cpu_sockets`` / ``hw:cpu_cores`` / ``hw:cpu_threads``; None where absent."""

    sockets: int | None
    cores: int | None
    threads: int | None


@dataclass(frozen=True)
class PageSize:
    """A guest memory page size as OOF compares it: ``value`` digits in ``unit`` (KB, MB or GB)."""

    value: str
    unit: str


@dataclass(frozen=True)
class PciRequest:
    """``count`` devices of one alias ``<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>``."""

    vendor_name: str
    vendor_id: str
    device_id: str
    count: int


# The readers below are memoised on the raw values (a region's flavors repeat a few of them), so the
# cached checks name no flavor (_FID); the public readers re-raise with the flavor's id.
_FID: Final = ""
Problem = tuple[str, str, str]  # (key, value, expected) of an ExtraSpecError


def _problem(error: ExtraSpecError) -> Problem:
    return error.key, str(error.value), error.expected


def cpu_pinning(flavor_id: str, specs: Mapping[str, str]) -> CpuPinning | None:
    """The CPU pinning policies, or None when neither key is present."""
    policy = specs.get(CPU_POLICY)
    thread_policy = specs.get(CPU_THREAD_POLICY)
    if policy is None and thread_policy is None:
        return None
    result = _pinning(policy, thread_policy)
    if isinstance(result, CpuPinning):
        return result
    raise ExtraSpecError(flavor_id, *result)


@lru_cache(maxsize=64)
def _pinning(policy: str | None, thread_policy: str | None) -> CpuPinning | Problem:
    try:
        if policy is not None:
            parse_enum(_FID, CPU_POLICY, policy, _POLICIES)
        if thread_policy is not None:
            parse_enum(_FID, CPU_THREAD_POLICY, thread_policy, _THREAD_POLICIES)
    except ExtraSpecError as error:
        return _problem(error)
    return CpuPinning(policy, thread_policy)


def _count(key: str, value: str | None) -> int | None:
    if value is None:
        return None
    if len(value) > MAX_VALUE:
        raise ExtraSpecError(_FID, key, value, f"an integer >= 1 of at most {MAX_VALUE} characters")
    return parse_count(_FID, key, value)


def cpu_topology(flavor_id: str, specs: Mapping[str, str]) -> CpuTopology | None:
    """The preferred CPU topology, or None when none of its keys is present."""
    sockets = specs.get(CPU_SOCKETS)
    cores = specs.get(CPU_CORES)
    threads = specs.get(CPU_THREADS)
    if sockets is None and cores is None and threads is None:
        return None
    result = _topology(sockets, cores, threads)
    if isinstance(result, CpuTopology):
        return result
    raise ExtraSpecError(flavor_id, *result)


@lru_cache(maxsize=256)
def _topology(sockets: str | None, cores: str | None, threads: str | None) -> CpuTopology | Problem:
    try:
        return CpuTopology(_count(CPU_SOCKETS, sockets), _count(CPU_CORES, cores), _count(CPU_THREADS, threads))
    except ExtraSpecError as error:
        return _problem(error)


# Nova's API pattern is \d+([kKMGT]i?)?(b|bit|B)?, but its boot code takes a bare number as KiB and
# everything else through oslo's IEC parser, which needs an upper-case K/M/G/T prefix and a byte or
# bit suffix: "2M" or "2kB" pass the API and fail at boot, so they are faulted here.
_PAGE_UNIT: Final = re.compile(r"(\d+)(?:([KMGT])i?)?(B|b|bit)")
_EXPONENT: Final = {None: 0, "K": 1, "M": 2, "G": 3, "T": 4}
_PAGE_EXPECTED: Final = (
    "small, large, any, a page size in KiB (2048) or with a byte unit (2MB, 2MiB, 1GB, 1GiB; not '2M', '2 MB' or '2mb')"
)
# "any" asks for no particular size: no record (the original emitted one without attributes).
_NAMED: Final = {"small": PageSize("4", "KB"), "large": PageSize("2", "MB"), "any": None}
_MIB: Final = 1024
_GIB: Final = 1024 * 1024


def page_size(flavor_id: str, specs: Mapping[str, str]) -> PageSize | None:
    """The guest page size; None when absent or ``any`` (which requests no particular size)."""
    value = specs.get(PAGE_SIZE)
    if value is None:
        return None
    result = _page_size(value)
    if isinstance(result, tuple):
        raise ExtraSpecError(flavor_id, *result)
    return result


@lru_cache(maxsize=256)
def _page_size(value: str) -> PageSize | Problem | None:
    try:
        return _read_page_size(value)
    except ExtraSpecError as error:
        return _problem(error)


def _read_page_size(value: str) -> PageSize | None:
    if value in _NAMED:
        return _NAMED[value]
    if len(value) > MAX_VALUE:
        raise ExtraSpecError(_FID, PAGE_SIZE, value, f"{_PAGE_EXPECTED}, at most {MAX_VALUE} characters")
    if value.isdecimal():
        kib = int(value)
        _check_page(value, kib)
        return PageSize(str(kib), "KB")  # a bare number is KiB in Nova, kept in KB as the original did
    match = _PAGE_UNIT.fullmatch(value)
    if match is None:
        raise ExtraSpecError(_FID, PAGE_SIZE, value, _PAGE_EXPECTED)
    number, prefix, suffix = match.groups()
    size = int(number) * 1024 ** _EXPONENT[prefix]
    per_kib = 1024 if suffix == "B" else 8 * 1024
    kib = size // per_kib if size % per_kib == 0 else 0
    _check_page(value, kib)
    # The largest unit OOF converts that holds the size exactly: 2MiB -> 2 MB, 2048KB -> 2 MB.
    if kib % _GIB == 0:
        return PageSize(str(kib // _GIB), "GB")
    if kib % _MIB == 0:
        return PageSize(str(kib // _MIB), "MB")
    return PageSize(str(kib), "KB")


def _check_page(value: str, kib: int) -> None:
    if kib < 4 or kib & (kib - 1):
        raise ExtraSpecError(_FID, PAGE_SIZE, value, "a page size that is a power of two of at least 4 KiB")


def instruction_sets(flavor_id: str, specs: Mapping[str, str]) -> str | None:
    """The instruction set extensions as given (a comma list such as ``avx,acpi``); None when blank."""
    value = specs.get(INSTRUCTION_SETS)
    if value is None or not value.strip():
        return None
    if len(value) > MAX_VALUE:
        raise ExtraSpecError(flavor_id, INSTRUCTION_SETS, value, f"at most {MAX_VALUE} characters (Nova's cap)")
    return value


def pci_passthrough(flavor_id: str, specs: Mapping[str, str]) -> tuple[list[PciRequest], list[ExtraSpecError]]:
    """The non-GPU PCI aliases, in order, and one error per alias that is off MultiCloud's convention.

    A value Nova rejects as a whole raises. Well-formed GPU aliases
    (:func:`onap_hpa.extra_specs.is_gpu_device`) belong to the GPU driver and are skipped; every
    malformed name is reported here, GPU or not, since the GPU driver skips those (one fault each).
    """
    value = specs.get(PCI_ALIAS)
    if value is None:
        return [], []
    try:
        found, problems = _aliases(value)
    except ExtraSpecError as error:
        raise ExtraSpecError(flavor_id, PCI_ALIAS, value, error.expected) from None
    return list(found), [ExtraSpecError(flavor_id, PCI_ALIAS, value, expected) for expected in problems]


@lru_cache(maxsize=256)
def _aliases(value: str) -> tuple[tuple[PciRequest, ...], tuple[str, ...]]:
    # Pure and keyed by the value alone (flavors repeat aliases); names no flavor, the caller does.
    found = []
    problems = []
    for name, count in parse_pci_requests("", PCI_ALIAS, value):
        try:
            device = parse_pci_device("", PCI_ALIAS, value, name)
        except ExtraSpecError as error:
            problems.append(f"alias {name!r}: {error.expected}")
            continue
        if is_gpu_device(device):
            continue
        if not device.vendor_name[0].isalnum():  # AAI's architecture must start with a letter or digit
            problems.append(f"alias {name!r}: a vendor name starting with a letter or digit")
            continue
        found.append(PciRequest(device.vendor_name, device.vendor_id, device.device_id, count))
    return tuple(found), tuple(problems)
