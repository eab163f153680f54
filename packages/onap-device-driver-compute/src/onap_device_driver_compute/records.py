"""The compute features one by one: a request in, that feature's AAI records out, or its ExtraSpecError.

Each :class:`Feature` reads one hpa-feature with the pure readers of :mod:`.parse` and :mod:`.numa`
and builds its records with the SDK's encoding; :mod:`.plugin` groups them into drivers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from onap_device_driver_compute import parse
from onap_device_driver_compute.numa import NODES, numa
from onap_hpa import DiscoveryRequest, PartialDiscovery, attribute_value, capability

__all__ = [
    "BASIC_CAPABILITIES",
    "CPU_PINNING",
    "CPU_TOPOLOGY",
    "GENERIC",
    "HUGE_PAGES",
    "INSTRUCTION_SETS",
    "INTEL64",
    "LOCAL_STORAGE",
    "NUMA",
    "PCIE_PASSTHROUGH",
    "Feature",
    "Record",
]

Record = dict[str, Any]

GENERIC: Final = "generic"
#: The architecture OOF policies name for instruction set extensions (matched case-sensitively).
INTEL64: Final = "Intel64"

# The SDK's encoder, memoised: flavors of a region repeat the same few values ("2", "dedicated").
_value: Final = lru_cache(maxsize=4096)(attribute_value)


@dataclass(frozen=True)
class Feature:
    """One hpa-feature: its name, its reader and the extra_specs whose values size its records.

    ``read(request)`` returns the feature's records (``[]`` when the flavor does not ask for it) and
    raises :class:`onap_hpa.ExtraSpecError` when a value is malformed, or :class:`onap_hpa.PartialDiscovery`
    when some of its records are good and others not. ``keys`` is empty for a feature read from the
    flavor's own fields, which Nova bounds.
    """

    name: str
    read: Callable[[DiscoveryRequest], list[Record]]
    keys: tuple[str, ...] = ()


def _attribute(key: str, value: str | int, unit: str | None = None) -> dict[str, str]:
    # onap_hpa.attribute() with the memoised encoder; a fresh dict every call (callers may mutate it).
    return {"hpa-attribute-key": key, "hpa-attribute-value": _value(value, unit)}


def _basic(request: DiscoveryRequest) -> list[Record]:
    flavor = request.flavor
    attributes = [_attribute("numVirtualCpu", flavor.vcpus), _attribute("virtualMemSize", flavor.ram, "MB")]
    return [capability("basicCapabilities", GENERIC, attributes)]


def _storage(request: DiscoveryRequest) -> list[Record]:
    flavor = request.flavor
    attributes = [
        _attribute("diskSize", flavor.disk, "GB"),
        _attribute("swapMemSize", flavor.swap, "MB"),
        _attribute("ephemeralDiskSize", flavor.ephemeral, "GB"),
    ]
    return [capability("localStorage", GENERIC, attributes)]


def _present(pairs: tuple[tuple[str, str | int | None], ...]) -> list[dict[str, str]]:
    # Only the keys the flavor sets, as the original did (see the README on what that means for OOF).
    return [_attribute(key, value) for key, value in pairs if value is not None]


def _cpu_pinning(request: DiscoveryRequest) -> list[Record]:
    pinning = parse.cpu_pinning(request.flavor.id, request.extra_specs)
    if pinning is None:
        return []
    pairs = (("logicalCpuPinningPolicy", pinning.policy), ("logicalCpuThreadPinningPolicy", pinning.thread_policy))
    return [capability("cpuPinning", GENERIC, _present(pairs))]


def _cpu_topology(request: DiscoveryRequest) -> list[Record]:
    topology = parse.cpu_topology(request.flavor.id, request.extra_specs)
    if topology is None:
        return []
    pairs = (
        ("numCpuSockets", topology.sockets),
        ("numCpuCores", topology.cores),
        ("numCpuThreads", topology.threads),
    )
    return [capability("cpuTopology", GENERIC, _present(pairs))]


def _huge_pages(request: DiscoveryRequest) -> list[Record]:
    size = parse.page_size(request.flavor.id, request.extra_specs)
    if size is None:
        return []
    return [capability("hugePages", GENERIC, [_attribute("memoryPageSize", size.value, size.unit)])]


def _numa(request: DiscoveryRequest) -> list[Record]:
    topology = numa(request.flavor, request.extra_specs)
    if topology is None:
        return []
    attributes = [_attribute("numaNodes", topology.nodes)]
    for node, cell in enumerate(topology.cells):
        attributes.append(_attribute(f"numaCpu-{node}", cell.cpus))
        attributes.append(_attribute(f"numaMem-{node}", cell.mem, "MB"))
    return [capability("numa", GENERIC, attributes)]


def _instruction_sets(request: DiscoveryRequest) -> list[Record]:
    value = parse.instruction_sets(request.flavor.id, request.extra_specs)
    if value is None:
        return []
    return [capability("instructionSetExtensions", INTEL64, [_attribute("instructionSetExtensions", value)])]


def _pci_passthrough(request: DiscoveryRequest) -> list[Record]:
    devices, errors = parse.pci_passthrough(request.flavor.id, request.extra_specs)
    records = [
        capability(
            "pciePassthrough",
            device.vendor_name,
            [
                _attribute("pciCount", device.count),
                _attribute("pciVendorId", device.vendor_id),
                _attribute("pciDeviceId", device.device_id),
            ],
        )
        for device in devices
    ]
    if errors:
        raise PartialDiscovery(records, errors)  # the value's well-formed aliases are kept
    return records


BASIC_CAPABILITIES: Final = Feature("basicCapabilities", _basic)
LOCAL_STORAGE: Final = Feature("localStorage", _storage)
CPU_PINNING: Final = Feature("cpuPinning", _cpu_pinning, (parse.CPU_POLICY, parse.CPU_THREAD_POLICY))
CPU_TOPOLOGY: Final = Feature("cpuTopology", _cpu_topology, (parse.CPU_SOCKETS, parse.CPU_CORES, parse.CPU_THREADS))
HUGE_PAGES: Final = Feature("hugePages", _huge_pages, (parse.PAGE_SIZE,))
# The node count decides how many per-node attributes there are: a budget fault names it.
NUMA: Final = Feature("numa", _numa, (NODES,))
INSTRUCTION_SETS: Final = Feature("instructionSetExtensions", _instruction_sets, (parse.INSTRUCTION_SETS,))
PCIE_PASSTHROUGH: Final = Feature("pciePassthrough", _pci_passthrough, (parse.PCI_ALIAS,))
