"""onap-device-driver-compute: a Nova flavor's compute features as AAI ``hpa-capability`` records.

One distribution, four drivers (entry points in ``onap.hpa.drivers``), each with its own 1500-byte
budget per flavor: ``compute-basic`` (``basicCapabilities``, ``hugePages``, ``localStorage``),
``compute-cpu`` (``cpuPinning``, ``cpuTopology``, ``instructionSetExtensions``), ``compute-numa``
(``numa``) and ``compute-pci`` (``pciePassthrough``: the PCI aliases the GPU driver does not own).
"""

from __future__ import annotations

from typing import Final

from onap_device_driver_compute.__about__ import __version__
from onap_device_driver_compute.plugin import PARTS

__all__ = ["DRIVERS", "FEATURES", "__version__"]

#: Each driver's ``DRIVER`` (an :class:`onap_hpa.DriverInfo`), in the order the host calls them.
DRIVERS: Final = tuple(part.DRIVER for part in PARTS)

#: Every hpa-feature the distribution emits, in the order the host returns its records.
FEATURES: Final = tuple(feature.name for part in PARTS for feature in part.features)
