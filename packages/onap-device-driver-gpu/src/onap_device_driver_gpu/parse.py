"""Pure parsing of a flavor's GPU requests: extra_specs in, frozen facts or an :class:`ExtraSpecError` out.

Two independent features, each parsed on its own so that one malformed key never hides the other:

* GPU PCI passthrough: the aliases of ``pci_passthrough:alias`` (Nova's ``alias:count[,...]`` rule)
  whose MultiCloud name ``<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>`` names a GPU by
  :func:`onap_hpa.extra_specs.is_gpu_device`. The compute driver owns every other alias and reports
  every malformed value or name, so that each problem is reported once: here they are skipped.
* Virtual GPUs: ``resources:VGPU`` (a count) and the vGPU types the flavor requires as custom
  traits, ``trait:CUSTOM_<NAME>=required``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from onap_hpa import ExtraSpecError
from onap_hpa.extra_specs import MAX_VALUE, is_gpu_device, parse_pci_device, parse_pci_requests

__all__ = ["ALIAS_KEY", "TRAIT_PREFIX", "VGPU_KEY", "GpuPassthrough", "VirtualGpu", "parse_passthrough", "parse_vgpu"]

ALIAS_KEY: Final = "pci_passthrough:alias"
VGPU_KEY: Final = "resources:VGPU"
TRAIT_PREFIX: Final = "trait:CUSTOM_"
_TRAIT_KEY: Final = len("trait:")
_TRAIT_NAME: Final = re.compile(r"CUSTOM_[A-Za-z0-9_]+")  # Nova's API pattern for a trait, custom namespace
_TRAIT_VALUES: Final = ("required", "forbidden")
_ANY_FLAVOR: Final = "<cached>"  # the SDK readers' errors are caught, never shown: the flavor is named later


@dataclass(frozen=True)
class GpuPassthrough:
    """``count`` whole GPUs of ``vendor_id:device_id`` passed through, from one alias."""

    vendor_name: str
    vendor_id: str
    device_id: str
    count: int


@dataclass(frozen=True)
class VirtualGpu:
    """``count`` virtual GPUs; ``types`` are the required custom traits (vGPU types), sorted."""

    count: int
    types: tuple[str, ...]


def parse_passthrough(extra_specs: Mapping[str, str]) -> list[GpuPassthrough]:
    """The GPU aliases of ``pci_passthrough:alias``, in the order written.

    A value Nova rejects, and a name off the MultiCloud convention (including four-field names such
    as ``gpu-nvidia-10de-20b5``, which the original read with every field shifted, and vendor names
    that cannot be an AAI architecture), are skipped: the compute driver faults them, and reporting
    them here too would report them twice.
    """
    value = extra_specs.get(ALIAS_KEY)
    return [] if value is None else list(_gpu_aliases(value))


# Flavors of a region share a few alias values, and every sync re-reads them: read each value once.
@lru_cache(maxsize=1024)
def _gpu_aliases(value: str) -> tuple[GpuPassthrough, ...]:
    try:
        requests = parse_pci_requests(_ANY_FLAVOR, ALIAS_KEY, value)
    except ExtraSpecError:
        return ()
    gpus = []
    for name, count in requests:
        try:
            device = parse_pci_device(_ANY_FLAVOR, ALIAS_KEY, value, name)
        except ExtraSpecError:
            continue
        if is_gpu_device(device):
            gpus.append(GpuPassthrough(device.vendor_name, device.vendor_id, device.device_id, count))
    return tuple(gpus)


def parse_vgpu(flavor_id: str, extra_specs: Mapping[str, str]) -> VirtualGpu | None:
    """The flavor's virtual GPUs; None when it asks for none; :class:`ExtraSpecError` if malformed.

    Nova's validator reads ``resources:VGPU`` as an integer with no minimum, and its scheduler asks
    Placement for nothing when the amount is 0 (and skips a negative one with a warning): such a
    flavor boots without a vGPU, so it has no ``virtualGpu`` record and no fault. A value ``int()``
    cannot read, or longer than Nova's 255 characters, is what Nova rejects: a fault naming the key.

    Custom traits are read only with a vGPU count: ``required`` ones are the vGPU types,
    ``forbidden`` ones are not types and are skipped; standard traits are not vGPU types.
    """
    value = extra_specs.get(VGPU_KEY)
    if value is None:
        return None
    expected = f"an integer as Nova reads it with int() (at most {MAX_VALUE} characters)"
    if len(value) > MAX_VALUE:
        raise ExtraSpecError(flavor_id, VGPU_KEY, value, expected)
    try:
        count = int(value)
    except ValueError:
        raise ExtraSpecError(flavor_id, VGPU_KEY, value, expected) from None
    if count < 1:
        return None  # no vGPU requested
    types = []
    for key, setting in extra_specs.items():
        if not key.startswith(TRAIT_PREFIX):
            continue
        trait = key[_TRAIT_KEY:]
        if len(key) > MAX_VALUE or not _TRAIT_NAME.fullmatch(trait):
            expected = f"a key trait:CUSTOM_<letters, digits, _> of at most {MAX_VALUE} characters"
            raise ExtraSpecError(flavor_id, key, setting, expected)
        if setting == "required":
            types.append(trait)
        elif setting != "forbidden":
            raise ExtraSpecError(flavor_id, key, setting, " or ".join(_TRAIT_VALUES))
    if sum(map(len, types)) + len(types) > MAX_VALUE:
        expected = f"vGPU types (required custom traits) of at most {MAX_VALUE} characters together"
        raise ExtraSpecError(flavor_id, VGPU_KEY, value, expected)
    return VirtualGpu(count, tuple(sorted(types)))
