"""onap-device-driver-compute: a Nova flavor's compute features as AAI ``hpa-capability`` records.

``basicCapabilities`` and ``localStorage`` from the flavor itself; ``cpuPinning``, ``cpuTopology``,
``hugePages``, ``numa``, ``instructionSetExtensions`` and ``pciePassthrough`` (the PCI aliases the GPU
driver does not own) from its extra_specs.
"""

from __future__ import annotations

from onap_device_driver_compute.__about__ import __version__
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "FEATURES", "__version__"]

#: Every hpa-feature this driver emits, in the order its records come.
FEATURES = (
    "basicCapabilities",
    "cpuPinning",
    "cpuTopology",
    "hugePages",
    "numa",
    "localStorage",
    "instructionSetExtensions",
    "pciePassthrough",
)

DRIVER = DriverInfo(name="compute", version=__version__, features=frozenset(FEATURES))
