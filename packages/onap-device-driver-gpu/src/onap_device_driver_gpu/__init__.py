"""onap-device-driver-gpu: a flavor's GPUs as AAI ``pciePassthrough`` and ``virtualGpu`` records."""

from __future__ import annotations

from onap_device_driver_gpu.__about__ import __version__
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "__version__"]

DRIVER = DriverInfo(name="gpu", version=__version__, features=frozenset({"pciePassthrough", "virtualGpu"}))
