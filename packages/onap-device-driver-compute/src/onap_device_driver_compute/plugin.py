"""The distribution's four drivers and their hook implementations.

The host caps each driver's result for one flavor at 1500 bytes of compact JSON; eight compute records
of a rich flavor take about twice that. So the compute features are split over four drivers, one entry
point each (``compute-basic``, ``compute-cpu``, ``compute-numa``, ``compute-pci``), each with its own
budget. A driver runs only its own features' readers; a malformed feature becomes an
:class:`onap_hpa.ExtraSpecError` in a :class:`onap_hpa.PartialDiscovery`, and so does a feature that
would take the driver past its budget (:mod:`.budget`). The driver's other records still reach AAI.
"""

from __future__ import annotations

from typing import Final

from onap_device_driver_compute import budget, records
from onap_device_driver_compute.__about__ import __version__
from onap_device_driver_compute.records import Feature, Record
from onap_hpa import DiscoveryRequest, DriverInfo, ExtraSpecError, PartialDiscovery, capability_urls, hookimpl
from onap_hpa_host.validation import MAX_BYTES

#: The one distribution that ships the four drivers.
DISTRIBUTION: Final = "onap-device-driver-compute"

__all__ = ["PARTS", "Part", "basic", "cpu", "discover", "numa", "pci"]


class Part:
    """One driver of the distribution: its ``DRIVER`` and the features it reads, in record order."""

    def __init__(self, name: str, features: tuple[Feature, ...]) -> None:
        self.DRIVER: Final = DriverInfo(
            name, __version__, frozenset(feature.name for feature in features), distribution=DISTRIBUTION
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
        if found and budget.size_with_ids(found) > MAX_BYTES:
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

    @hookimpl
    def hpa_delete_urls(self, request: DiscoveryRequest) -> list[str]:
        """The AAI URLs of exactly the records ``hpa_discover`` keeps."""
        found, _ = self.discover(request)
        return capability_urls(request, self.DRIVER.name, found)


# Within a driver, records keep the original monolith's relative order.
basic: Final = Part("compute-basic", (records.BASIC_CAPABILITIES, records.HUGE_PAGES, records.LOCAL_STORAGE))
cpu: Final = Part("compute-cpu", (records.CPU_PINNING, records.CPU_TOPOLOGY, records.INSTRUCTION_SETS))
numa: Final = Part("compute-numa", (records.NUMA,))
pci: Final = Part("compute-pci", (records.PCIE_PASSTHROUGH,))

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
