"""onap-device-driver-gpu: a flavor's GPUs as AAI ``pciePassthrough`` and ``virtualGpu`` records."""

from __future__ import annotations

from typing import Any

from onap_device_driver_gpu.__about__ import __version__
from onap_device_driver_gpu.parse import ALIAS_KEY, TRAIT_PREFIX, VGPU_KEY
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "VIRTUAL_GPU", "__version__"]

#: ``virtualGpu``, a feature ONAP's catalogue does not know, declared as a catalogue entry
#: (``onap-hpa schema --catalogue-schema``) so the host checks its records as strictly as catalogued ones.
VIRTUAL_GPU: dict[str, Any] = {
    "hpa-feature": "virtualGpu",
    "hpa-version": "v1",
    "architecture": {"rule": "fixed", "value": "generic"},
    "cardinality": "one",
    "description": "Virtual GPUs (Nova resources:VGPU) and the vGPU types the flavor requires.",
    "emitted-when": "resources:VGPU present and at least 1",
    "attributes": [
        {"key": "numVirtualGpu", "required": True, "type": "integer", "minimum": 1, "description": "resources:VGPU"},
        {
            "key": "virtualGpuType",
            "required": True,
            "type": "string",
            "pattern": "^(CUSTOM_[A-Za-z0-9_]+(,CUSTOM_[A-Za-z0-9_]+)*)?$",
            "maxLength": 255,
            "format": 'the required CUSTOM_ traits, sorted and joined by "," (empty: any vGPU type)',
            "description": "trait:CUSTOM_<NAME>=required",
        },
    ],
}

#: Contract 1.1: the host derives the delete URLs from its own ids, so there is no ``hpa_delete_urls``.
#: ``reads``: the extra_specs :mod:`.parse` reads, the custom traits (the vGPU types) as a prefix family.
DRIVER = DriverInfo(
    name="gpu",
    version=__version__,
    features=frozenset({"pciePassthrough", "virtualGpu"}),
    contract="1.1",
    reads=(ALIAS_KEY, VGPU_KEY, TRAIT_PREFIX + "*"),
    feature_specs={"virtualGpu": VIRTUAL_GPU},
)
