"""A driver's self-description: the ``DRIVER`` object every driver module exports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from onap_hpa.hookspecs import CONTRACT_VERSION

__all__ = ["DriverInfo", "contract_supported"]

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CONTRACT = re.compile(r"^(\d+)\.(\d+)$")


@dataclass(frozen=True)
class DriverInfo:
    """What a driver tells the host about itself.

    :param name: the driver's short name, ``<name>`` in ``onap-device-driver-<name>`` and the entry
        point name (lowercase words joined by ``-``).
    :param version: the driver's release, usually its distribution version.
    :param features: every ``hpa-feature`` the driver may emit; anything else it returns is a fault.
    :param contract: the :data:`onap_hpa.CONTRACT_VERSION` the driver was written against.
    :param distribution: the distribution that ships the driver, when it is not
        ``onap-device-driver-<name>`` (a distribution registering several drivers names them
        ``<name>-<part>``).
    :param reads: the extra_spec keys the driver reads (a trailing ``*`` matches a prefix, e.g.
        ``pci_passthrough:alias*``). The driver's worker receives only those extra_specs (least
        privilege, and less to decode per flavor); ``()`` means none, ``None`` (the default, contract
        1.0 drivers) every one. The conformance gate builds its hostile flavors over them. A
        Kubernetes driver names the node facts it reads as ``node.<part>/<key>`` (``<part>``: ``labels``,
        ``annotations``, ``capacity``, ``allocatable`` or ``features``; e.g. ``node.allocatable/cpu``,
        ``node.labels/feature.node.kubernetes.io/cpu-cpuid.*``): node profiles are made of exactly those
        facts, and only drivers that read some run on a Kubernetes cloud region's profiles.
    :param feature_specs: features of the driver's own that ONAP's catalogue does not know, each
        described as a catalogue entry (``onap-hpa schema --catalogue``), so the host validates them
        as strictly as catalogued ones.

    .. versionchanged:: 1.1 ``reads`` and ``feature_specs``.
    .. versionchanged:: 1.2 ``node.<part>/<key>`` entries in ``reads``.
    """

    name: str
    version: str
    features: frozenset[str] = field(default_factory=frozenset)
    contract: str = CONTRACT_VERSION
    distribution: str = ""
    reads: Optional[tuple[str, ...]] = None
    feature_specs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            message = (
                f"driver name {self.name!r} is invalid; expected lowercase words joined by '-' "
                "(e.g. 'sriov-nic'), the <name> of onap-device-driver-<name>"
            )
            raise ValueError(message)
        object.__setattr__(self, "features", frozenset(self.features))
        if self.reads is not None:
            object.__setattr__(self, "reads", tuple(self.reads))
        if not self.distribution:
            object.__setattr__(self, "distribution", f"onap-device-driver-{self.name}")


def contract_supported(declared: str, supported: str = CONTRACT_VERSION) -> bool:
    """True when a driver written for ``declared`` runs on a host that implements ``supported``.

    Same major, and the driver's minor no newer than the host's: the contract only grows by adding.
    """
    found = _CONTRACT.match(declared) if isinstance(declared, str) else None
    host = _CONTRACT.match(supported)
    if found is None or host is None:
        return False
    return found.group(1) == host.group(1) and int(found.group(2)) <= int(host.group(2))
