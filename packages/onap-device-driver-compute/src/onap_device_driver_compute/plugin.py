"""The distribution's four drivers and their hook implementations.

The host caps each driver's result for one flavor at 1500 bytes of compact JSON; eight compute records
of a rich flavor take about twice that. So the compute features are split over four drivers, one entry
point each (``compute-basic``, ``compute-cpu``, ``compute-numa``, ``compute-pci``), each with its own
budget. A driver runs only its own features' readers; a malformed feature becomes an
:class:`onap_hpa.ExtraSpecError` in a :class:`onap_hpa.PartialDiscovery`, and so does a feature that
would take the driver past its budget (:mod:`.budget`, on the SDK's :func:`onap_hpa.result_size`). The
driver's other records still reach AAI. Contract 1.1: the host gives the ids and derives the delete
URLs; each ``DRIVER.reads`` declares exactly the extra_specs its features' readers look up.
"""

from __future__ import annotations

from typing import Final

from onap_device_driver_compute import budget, parse, records
from onap_device_driver_compute.__about__ import __version__
from onap_device_driver_compute.numa import NODES
from onap_device_driver_compute.records import Feature, Record
from onap_hpa import MAX_BYTES, DiscoveryRequest, DriverInfo, ExtraSpecError, PartialDiscovery, hookimpl, result_size

#: The one distribution that ships the four drivers.
DISTRIBUTION: Final = "onap-device-driver-compute"

__all__ = ["PARTS", "Part", "basic", "cpu", "discover", "numa", "pci"]


class Part:
    """One driver of the distribution: its ``DRIVER`` and the features it reads, in record order.

    ``reads``: the extra_spec keys its features' readers look up (``prefix*`` for a family), for ``DRIVER``.
    """

    def __init__(self, name: str, features: tuple[Feature, ...], reads: tuple[str, ...]) -> None:
        self.DRIVER: Final = DriverInfo(
            name,
            __version__,
            frozenset(feature.name for feature in features),
            contract="1.1",
            distribution=DISTRIBUTION,
            reads=reads,
        )
        self.features: Final = features

    def __repr__(self) -> str:
        return f"<onap-device-driver-compute driver {self.DRIVER.name!r}>"

    def discover(self, request: DiscoveryRequest) -> tuple[list[Record], list[ExtraSpecError]]:
        """This driver's records for the flavor, within its budget, and the errors of the features left out."""
        found: list[Record] = []
        errors: list[ExtraSpecError] = []
        for feature in self.features:
            try:
                found.extend(feature.read(request))
            except PartialDiscovery as partial:
                found.extend(partial.records)
                errors.extend(partial.errors)  # type: ignore[arg-type] # readers put only ExtraSpecErrors in
            except ExtraSpecError as error:
                errors.append(error)
        if found and result_size(found) > MAX_BYTES:
            found, over = budget.fit(self.DRIVER.name, self.features, request.flavor.id, request.extra_specs, found)
            errors.extend(over)
        return found, errors

    @hookimpl
    def hpa_discover(self, request: DiscoveryRequest) -> list[Record]:
        """The driver's records; :class:`PartialDiscovery` with the good ones when a feature is left out."""
        found, errors = self.discover(request)
        if errors:
            raise PartialDiscovery(found, errors)
        return found


# Within a driver, records keep the original monolith's relative order.
basic: Final = Part(
    "compute-basic",
    (records.BASIC_CAPABILITIES, records.HUGE_PAGES, records.LOCAL_STORAGE),
    reads=(parse.PAGE_SIZE,),  # basicCapabilities and localStorage come from the flavor's own fields
)
cpu: Final = Part(
    "compute-cpu",
    (records.CPU_PINNING, records.CPU_TOPOLOGY, records.INSTRUCTION_SETS),
    reads=(
        parse.CPU_POLICY,
        parse.CPU_THREAD_POLICY,
        parse.CPU_SOCKETS,
        parse.CPU_CORES,
        parse.CPU_THREADS,
        parse.INSTRUCTION_SETS,
    ),
)
# Nova's per-node keys hw:numa_cpus.N / hw:numa_mem.N, read from N = 0 up to the first missing one.
numa: Final = Part("compute-numa", (records.NUMA,), reads=(NODES, "hw:numa_cpus.*", "hw:numa_mem.*"))
pci: Final = Part("compute-pci", (records.PCIE_PASSTHROUGH,), reads=(parse.PCI_ALIAS,))

#: The four drivers, in the order the host calls them (by name).
PARTS: Final = (basic, cpu, numa, pci)


def discover(request: DiscoveryRequest) -> tuple[list[Record], list[ExtraSpecError]]:
    """Every driver's records and errors for the flavor, in driver order: what the host gets from this distribution."""
    found: list[Record] = []
    errors: list[ExtraSpecError] = []
    for part in PARTS:
        part_records, part_errors = part.discover(request)
        found.extend(part_records)
        errors.extend(part_errors)
    return found, errors
