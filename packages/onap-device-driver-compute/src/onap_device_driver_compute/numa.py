"""Pure reading of a flavor's guest NUMA topology, with the checks Nova makes before it boots one.

``hw:numa_nodes`` in its plain spelling (Nova's boot code requires ``str(int(v)) == v``), at most the
flavor's vCPUs. Nova then reads ``hw:numa_cpus.0``, ``.1``... and ``hw:numa_mem.0``... up to the first
missing index (at most 128); when either list is given, both must have exactly one entry per node,
the CPU sets must cover vCPUs ``0..vcpus-1`` exactly once and the memory must add up to the flavor's
RAM. Without them, vCPUs and RAM must split evenly across the nodes.

CPU sets are handled as intervals, never expanded: ``0-4000000000`` costs the same as ``0-1``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from onap_hpa import ExtraSpecError
from onap_hpa.extra_specs import MAX_VALUE, parse_count

if TYPE_CHECKING:
    from onap_hpa import FlavorView

__all__ = ["NODES", "NODES_MAX", "Numa", "NumaNode", "numa"]

NODES: Final = "hw:numa_nodes"
#: Nova reads per-node keys for at most this many nodes (``ImageMetaProps.NUMA_NODES_MAX``).
NODES_MAX: Final = 128
_CPU_KEYS: Final = tuple(f"hw:numa_cpus.{i}" for i in range(NODES_MAX))
_MEM_KEYS: Final = tuple(f"hw:numa_mem.{i}" for i in range(NODES_MAX))
_PLAIN: Final = re.compile(r"[1-9][0-9]*")
# Nova's API pattern for hw:numa_cpus.N: no whitespace, no empty item, \d being any decimal digit.
_CPU_SPEC: Final = re.compile(r"\^?\d+(?:-\d+)?(?:,\^?\d+(?:-\d+)?)*")
_CPU_EXPECTED: Final = "a comma list of N, A-B, ^N or ^A-B (no spaces, A <= B)"

Interval = tuple[int, int]
# The checks below are cached across flavors, so they name none; numa() re-raises with the flavor's id.
_FID: Final = ""


@dataclass(frozen=True)
class NumaNode:
    """One guest NUMA node: its CPU list (canonical spelling) and memory in MB."""

    cpus: str
    mem: int


@dataclass(frozen=True)
class Numa:
    """The guest NUMA topology: node count and, when the flavor pins them, each node's CPUs and memory."""

    nodes: int
    cells: tuple[NumaNode, ...]


def numa(flavor: FlavorView, specs: Mapping[str, str]) -> Numa | None:
    """The flavor's NUMA topology, None without ``hw:numa_nodes``, :class:`ExtraSpecError` if Nova rejects it."""
    value = specs.get(NODES)
    if value is None:
        return None
    cpu_specs = _consecutive(specs, _CPU_KEYS)
    mem_specs = _consecutive(specs, _MEM_KEYS)
    result = _topology(value, flavor.vcpus, flavor.ram, cpu_specs, mem_specs)
    if isinstance(result, Numa):
        return result
    raise ExtraSpecError(flavor.id, *result)


@lru_cache(maxsize=256)
def _topology(
    value: str, vcpus: int, ram: int, cpu_specs: tuple[str, ...], mem_specs: tuple[str, ...]
) -> Numa | tuple[str, str, str]:
    # Pure, and keyed by everything it reads: a region's flavors repeat the same few topologies.
    # Returns the topology, or the (key, value, expected) of the first problem.
    try:
        return _read(value, vcpus, ram, cpu_specs, mem_specs)
    except ExtraSpecError as error:
        return error.key, str(error.value), error.expected


def _read(value: str, vcpus: int, ram: int, cpu_specs: tuple[str, ...], mem_specs: tuple[str, ...]) -> Numa:
    if len(value) > MAX_VALUE or not _PLAIN.fullmatch(value):
        raise ExtraSpecError(_FID, NODES, value, "a plain integer >= 1 such as 2 (no sign, spaces or leading zeros)")
    nodes = int(value)
    if nodes > vcpus:
        raise ExtraSpecError(_FID, NODES, value, f"at most the flavor's {vcpus} vCPUs (each node needs one)")
    if not cpu_specs and not mem_specs:
        if vcpus % nodes or ram % nodes:
            expected = (
                f"a node count dividing the flavor's {vcpus} vCPUs and {ram} MB evenly, "
                "or hw:numa_cpus.N and hw:numa_mem.N for every node"
            )
            raise ExtraSpecError(_FID, NODES, value, expected)
        return Numa(nodes, ())
    if len(cpu_specs) != nodes or len(mem_specs) != nodes:
        expected = (
            f"hw:numa_cpus.N and hw:numa_mem.N for every node 0..{nodes - 1} and no other "
            f"(found {len(cpu_specs)} CPU and {len(mem_specs)} memory entries)"
        )
        raise ExtraSpecError(_FID, NODES, value, expected)
    cells = []
    placed: list[tuple[Interval, int]] = []
    for node in range(nodes):
        key, spec = _CPU_KEYS[node], cpu_specs[node]
        text, intervals = _cpu_set(key, spec)
        if not intervals:
            raise ExtraSpecError(_FID, key, spec, f"{_CPU_EXPECTED} naming at least one CPU")
        placed.extend((interval, node) for interval in intervals)
        mem_key, mem = _MEM_KEYS[node], mem_specs[node]
        if len(mem) > MAX_VALUE:
            raise ExtraSpecError(_FID, mem_key, mem, f"an integer >= 1 (MB) of at most {MAX_VALUE} characters")
        cells.append(NumaNode(text, parse_count(_FID, mem_key, mem)))
    _check_cover(value, vcpus, cpu_specs, placed)
    total = sum(cell.mem for cell in cells)
    if total != ram:
        expected = f"hw:numa_mem.0..{nodes - 1} adding up to the flavor's {ram} MB (they add up to {total} MB)"
        raise ExtraSpecError(_FID, NODES, value, expected)
    return Numa(nodes, tuple(cells))


def _consecutive(specs: Mapping[str, str], keys: tuple[str, ...]) -> tuple[str, ...]:
    values = []
    for key in keys:
        value = specs.get(key)
        if value is None:
            break
        values.append(value)
    return tuple(values)


def _cpu_set(key: str, spec: str) -> tuple[str, list[Interval]]:
    """Canonical spelling and the sorted, disjoint CPU intervals of one ``hw:numa_cpus.N`` value."""
    if len(spec) > MAX_VALUE or not _CPU_SPEC.fullmatch(spec):
        raise ExtraSpecError(_FID, key, spec, f"{_CPU_EXPECTED}, at most {MAX_VALUE} characters")
    include: list[Interval] = []
    exclude: list[Interval] = []
    items = []
    for item in spec.split(","):
        caret = item[0] == "^"
        low_text, dash, high_text = item[caret:].partition("-")
        low = int(low_text)
        high = int(high_text) if dash else low
        if low > high:
            raise ExtraSpecError(_FID, key, spec, f"{_CPU_EXPECTED}; {item!r} is reversed")
        (exclude if caret else include).append((low, high))
        items.append(f"{'^' if caret else ''}{low}-{high}" if dash else f"{'^' if caret else ''}{low}")
    return ",".join(items), _subtract(_merge(include), _merge(exclude))


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for low, high in sorted(intervals):
        if merged and low <= merged[-1][1] + 1:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _subtract(include: list[Interval], exclude: list[Interval]) -> list[Interval]:
    result: list[Interval] = []
    for start, high in include:
        low = start
        for cut_low, cut_high in exclude:
            if cut_high < low or cut_low > high:
                continue
            if cut_low > low:
                result.append((low, cut_low - 1))
            low = cut_high + 1
            if low > high:
                break
        if low <= high:
            result.append((low, high))
    return result


def _check_cover(value: str, vcpus: int, specs: tuple[str, ...], placed: list[tuple[Interval, int]]) -> None:
    """Every vCPU 0..vcpus-1 on exactly one node, as Nova's manual NUMA topology requires."""
    placed.sort()
    covered = 0
    previous_high = -1
    for (low, high), node in placed:
        if high >= vcpus:
            cpu = max(low, vcpus)
            expected = f"CPUs below the flavor's {vcpus} vCPUs ({cpu} is not one)"
            raise ExtraSpecError(_FID, _CPU_KEYS[node], specs[node], expected)
        if low <= previous_high:
            expected = f"each CPU on one node only ({low} is on another node too)"
            raise ExtraSpecError(_FID, _CPU_KEYS[node], specs[node], expected)
        previous_high = high
        covered += high - low + 1
    if covered != vcpus:
        expected = f"hw:numa_cpus.N together naming every vCPU 0-{vcpus - 1} (they name {covered})"
        raise ExtraSpecError(_FID, NODES, value, expected)
