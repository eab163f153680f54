"""Pure parsing of ``example_accel:devices``: extra_specs in, accelerator requests or an error out.

The value lists the accelerator devices a flavor asks for, in the syntax of Nova's
``pci_passthrough:alias``: ``<device>:<count>[,<device>:<count>...]``, each ``<device>`` named by
MultiCloud's PCI convention ``<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>``. For example
``accel-crypto-acme-1d0f-0a5b:2,accel-zip-acme-1d0f-0a5c:1`` asks for two Acme 1d0f:0a5b devices
and one 1d0f:0a5c device.

No I/O, no logging, no globals: the SDK's readers apply Nova's rules, and anything malformed raises
:class:`onap_hpa.ExtraSpecError` naming the flavor, the key, the value and the format expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from onap_hpa import ExtraSpecError
from onap_hpa.extra_specs import PciDevice, parse_pci_device, parse_pci_requests

__all__ = ["EXPECTED", "KEY", "MAX_DEVICES", "ExampleAccel", "parse"]

#: The extra_spec this driver reads. Nova does not check it: this module defines what is valid.
KEY: Final = "example_accel:devices"
EXPECTED: Final = "<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>:<count>[,...]"
#: Each device becomes one record of about 400 bytes; the host drops a driver's whole result for a
#: flavor past 1500 bytes, so more devices than this are refused here, with a message that says so.
MAX_DEVICES: Final = 3


@dataclass(frozen=True)
class ExampleAccel:
    """``count`` functions of one accelerator device, named as MultiCloud names PCI devices."""

    pci: PciDevice
    count: int


def parse(flavor_id: str, extra_specs: Mapping[str, str]) -> tuple[ExampleAccel, ...]:
    """The devices ``example_accel:devices`` asks for, in the order written; ``()`` without the key."""
    value = extra_specs.get(KEY)
    if value is None:
        return ()
    try:
        requests = parse_pci_requests(flavor_id, KEY, value)
        devices = [(parse_pci_device(flavor_id, KEY, value, name), count) for name, count in requests]
    except ExtraSpecError as error:
        # The SDK says what is wrong with the part it read; the message also shows the whole format.
        raise ExtraSpecError(flavor_id, KEY, value, f"{EXPECTED}: {error.expected}") from None
    if len(devices) > MAX_DEVICES:
        raise ExtraSpecError(flavor_id, KEY, value, f"{EXPECTED} naming at most {MAX_DEVICES} devices")
    return tuple(ExampleAccel(pci, count) for pci, count in devices)
