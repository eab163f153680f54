"""onap-device-driver-example-accel: a flavor's example-accel accelerator devices as AAI ``exampleAccel`` records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from onap_device_driver_example_accel.__about__ import __version__
from onap_device_driver_example_accel.parse import EXPECTED, KEY
from onap_hpa import DriverInfo

__all__ = ["DRIVER", "FEATURE", "FEATURE_SPEC", "__version__"]

#: The hpa-feature of every record this driver emits. OOF policies name it exactly (case-sensitive).
FEATURE: Final = "exampleAccel"

#: The feature is not in ONAP's catalogue (``onap-hpa schema --catalogue``), so the driver declares it as a
#: catalogue entry (``onap-hpa schema --catalogue-schema``): the host then checks every record as strictly
#: as a catalogued one (version, architecture, exactly these keys, what each value holds) and refuses the
#: driver's records for a flavor as ``invalid-output`` when one is off, instead of writing a record no OOF
#: policy will ever match. Keep it in step with what :mod:`.plugin` emits.
FEATURE_SPEC: Final[Mapping[str, Any]] = {
    "hpa-feature": FEATURE,
    "hpa-version": "v1",
    "architecture": {
        "rule": "vendor",
        "pattern": "^[A-Za-z0-9][A-Za-z0-9_.]{0,63}$",
        "description": "the <vendorname> of the device, as written in the extra_spec",
    },
    "cardinality": "many",
    "description": "Accelerator devices a flavor asks for, one record per device.",
    "emitted-when": f"{KEY} present: {EXPECTED}",
    "attributes": [
        {"key": "pciCount", "required": True, "type": "integer", "minimum": 1, "description": "<count>"},
        {
            "key": "pciVendorId",
            "required": True,
            "type": "string",
            "pattern": "^[0-9A-Fa-f]{4}$",
            "format": "4 hex digits as written",
            "description": "<vendorid>",
        },
        {
            "key": "pciDeviceId",
            "required": True,
            "type": "string",
            "pattern": "^[0-9A-Fa-f]{4}$",
            "format": "4 hex digits as written",
            "description": "<deviceid>",
        },
    ],
}

#: What the host checks before calling the hooks: the name equals the entry point name, the contract
#: is one the installed SDK implements, and no record may carry a feature missing from ``features``.
#: Contract 1.1: ``reads`` lists the extra_spec keys :mod:`.parse` reads (the conformance gate builds its
#: hostile flavors over them; end a key with ``*`` for a family of keys sharing a prefix), and
#: ``feature_specs`` declares the feature above. The host gives each record its id and derives its
#: AAI delete URL from that id: there is no ``hpa_delete_urls`` to write.
DRIVER: Final = DriverInfo(
    name="example-accel",
    version=__version__,
    features=frozenset({FEATURE}),
    contract="1.1",
    reads=(KEY,),
    feature_specs={FEATURE: FEATURE_SPEC},
)
