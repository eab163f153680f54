"""onap-device-driver-example-accel: a flavor's example-accel accelerator devices as AAI ``exampleAccel`` records."""

from __future__ import annotations

from typing import Final

from onap_device_driver_example_accel.__about__ import __version__
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "FEATURE", "__version__"]

#: The hpa-feature of every record this driver emits. OOF policies name it exactly (case-sensitive).
FEATURE: Final = "exampleAccel"

#: What the host checks before calling the hooks: the name equals the entry point name, the contract
#: is one the installed SDK implements, and no record may carry a feature missing from ``features``.
DRIVER: Final = DriverInfo(name="example-accel", version=__version__, features=frozenset({FEATURE}))
