"""DRIVER.reads is exactly what the driver reads: run it on every fixture with extra_specs that record every
key looked up, and check each is declared (a trailing ``*`` declares a prefix) and each declared entry is
read. The driver iterates over the extra_specs to find the vGPU type traits: there, the check is that
keys outside ``reads`` change nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest
from onap_device_driver_gpu import DRIVER, plugin

from onap_hpa import DiscoveryRequest, ExtraSpecError, PartialDiscovery
from onap_hpa_harness.reads import RecordingSpecs, declared

from .conftest import PLUGIN_DATA, cases

#: Keys near the driver's that it must not read: standard traits, granular groups, other aliases, other drivers'.
DECOYS = {
    "trait:HW_GPU_API_CUDA_V10_0": "required",
    "trait:custom_lower": "required",
    "traits:CUSTOM_X": "required",
    "resources1:VGPU": "1",
    "resources:VGPU_DISPLAY_HEAD": "2",
    "pci_passthrough:alias_extra": "gpu-t4-nvidia-10de-1eb8:1",
    "hw:cpu_policy": "dedicated",
}
CASES = cases()


def _outcome(specs: Mapping[str, str]) -> tuple[Any, ...]:
    """hpa_discover's records and errors (key, value, expected) for the bundled flavor with ``specs``."""
    request = DiscoveryRequest.build(PLUGIN_DATA["flavor"], {}, PLUGIN_DATA["vim"])
    request = replace(request, extra_specs=specs)
    try:
        return plugin.hpa_discover(request), []
    except PartialDiscovery as partial:
        return partial.records, [(e.key, e.value, e.expected) for e in partial.errors]  # type: ignore[attr-defined]
    except ExtraSpecError as error:
        return [], [(error.key, error.value, error.expected)]


def _only_declared(specs: Mapping[str, str], reads: tuple[str, ...]) -> dict[str, str]:
    return {key: value for key, value in specs.items() if declared(key, reads)}


@pytest.mark.parametrize("case", CASES)
def test_every_key_the_driver_looks_up_is_declared(case: dict[str, Any]) -> None:
    specs = RecordingSpecs({**DECOYS, **case["extra_specs"]})
    outcome = _outcome(specs)
    undeclared = sorted({key for key in specs.looked_up if not declared(key, DRIVER.reads)})
    assert undeclared == [], f"looked up but not in DRIVER.reads {DRIVER.reads}"
    if specs.iterated:  # what it took from the iteration: nothing outside reads matters
        assert _outcome(_only_declared(specs, DRIVER.reads)) == outcome


def test_every_declared_entry_is_read() -> None:
    """Each exact key is looked up on some fixture; each prefix family changes some fixture's outcome."""
    for read in DRIVER.reads:
        used = False
        for param in CASES:
            extra_specs = param.values[0]["extra_specs"]
            specs = RecordingSpecs(extra_specs)
            outcome = _outcome(specs)
            without = {key: value for key, value in extra_specs.items() if not declared(key, (read,))}
            used = any(declared(key, (read,)) for key in specs.looked_up) or _outcome(without) != outcome
            if used:
                break
        assert used, f"DRIVER.reads declares {read!r}, but no fixture shows the driver reading it"
    assert DRIVER.reads == ("pci_passthrough:alias", "resources:VGPU", "trait:CUSTOM_*")
