"""Hook implementations: the flavor and its compute facts -> AAI records, and their delete URLs.

Each feature is read on its own: a malformed one becomes an :class:`onap_hpa.ExtraSpecError` in a
:class:`onap_hpa.PartialDiscovery`, and the flavor's other records still reach AAI.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from onap_device_driver_compute import DRIVER, parse
from onap_device_driver_compute.numa import numa
from onap_hpa import (
    DiscoveryRequest,
    ExtraSpecError,
    PartialDiscovery,
    attribute_value,
    capability,
    capability_urls,
    hookimpl,
)

__all__ = ["DRIVER", "hpa_delete_urls", "hpa_discover"]

Record = dict[str, Any]

GENERIC: Final = "generic"
#: The architecture OOF policies name for instruction set extensions (matched case-sensitively).
INTEL64: Final = "Intel64"

# The SDK's encoder, memoised: flavors of a region repeat the same few values ("2", "dedicated").
_value: Final = lru_cache(maxsize=4096)(attribute_value)


def _attribute(key: str, value: str | int, unit: str | None = None) -> dict[str, str]:
    # onap_hpa.attribute() with the memoised encoder; a fresh dict every call (callers may mutate it).
    return {"hpa-attribute-key": key, "hpa-attribute-value": _value(value, unit)}


def _basic(request: DiscoveryRequest) -> Record:
    flavor = request.flavor
    return capability(
        "basicCapabilities",
        GENERIC,
        [_attribute("numVirtualCpu", flavor.vcpus), _attribute("virtualMemSize", flavor.ram, "MB")],
    )


def _storage(request: DiscoveryRequest) -> Record:
    flavor = request.flavor
    return capability(
        "localStorage",
        GENERIC,
        [
            _attribute("diskSize", flavor.disk, "GB"),
            _attribute("swapMemSize", flavor.swap, "MB"),
            _attribute("ephemeralDiskSize", flavor.ephemeral, "GB"),
        ],
    )


def _cpu_pinning(request: DiscoveryRequest) -> list[Record]:
    pinning = parse.cpu_pinning(request.flavor.id, request.extra_specs)
    if pinning is None:
        return []
    attributes = []
    if pinning.policy is not None:
        attributes.append(_attribute("logicalCpuPinningPolicy", pinning.policy))
    if pinning.thread_policy is not None:
        attributes.append(_attribute("logicalCpuThreadPinningPolicy", pinning.thread_policy))
    return [capability("cpuPinning", GENERIC, attributes)]


def _cpu_topology(request: DiscoveryRequest) -> list[Record]:
    topology = parse.cpu_topology(request.flavor.id, request.extra_specs)
    if topology is None:
        return []
    attributes = []
    if topology.sockets is not None:
        attributes.append(_attribute("numCpuSockets", topology.sockets))
    if topology.cores is not None:
        attributes.append(_attribute("numCpuCores", topology.cores))
    if topology.threads is not None:
        attributes.append(_attribute("numCpuThreads", topology.threads))
    return [capability("cpuTopology", GENERIC, attributes)]


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


_READERS: Final = (_cpu_pinning, _cpu_topology, _huge_pages, _numa)


def discover(request: DiscoveryRequest) -> tuple[list[Record], list[ExtraSpecError]]:
    """Every record this driver finds in the flavor, in the original's order, and the errors of the rest."""
    records = [_basic(request)]
    errors: list[ExtraSpecError] = []
    for reader in _READERS:
        try:
            records.extend(reader(request))
        except ExtraSpecError as error:
            errors.append(error)
    records.append(_storage(request))
    try:
        records.extend(_instruction_sets(request))
    except ExtraSpecError as error:
        errors.append(error)
    try:
        devices, alias_errors = parse.pci_passthrough(request.flavor.id, request.extra_specs)
    except ExtraSpecError as error:
        errors.append(error)
    else:
        errors.extend(alias_errors)
        records.extend(
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
        )
    return records, errors


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[Record]:
    """The flavor's compute records; :class:`PartialDiscovery` with the good ones when a feature is malformed."""
    records, errors = discover(request)
    if errors:
        raise PartialDiscovery(records, errors)
    return records


@hookimpl
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:
    """The AAI URLs of exactly the records ``hpa_discover`` creates, malformed features left out."""
    records, _ = discover(request)
    return capability_urls(request, DRIVER.name, records)
