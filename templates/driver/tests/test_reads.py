"""DRIVER.reads is exactly what the driver reads: run it on every case of tests/data with extra_specs that
record every key looked up, and check each is declared and each declared key is read. Add the keys your
parser reads to DRIVER.reads (``prefix*`` for a family of keys) and this test keeps the two in step."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_example_accel import DRIVER, plugin

from onap_hpa import DiscoveryRequest, ExtraSpecError

HERE = Path(__file__).parent
CASES = sorted((HERE / "data").glob("*.json"))
REQUEST = json.loads((HERE / "request.json").read_text(encoding="utf-8"))
#: Keys other drivers read: this one must not look at them.
OTHERS = {"hw:cpu_policy": "dedicated", "pci_passthrough:alias": "accel-crypto-acme-1d0f-0a5b:1"}


class RecordingSpecs(Mapping[str, str]):
    """extra_specs that remember every key looked up (``[]``, ``get``, ``in``) and whether they were iterated."""

    def __init__(self, specs: Mapping[str, str]) -> None:
        self._specs = dict(specs)
        self.looked_up: list[str] = []
        self.iterated = False

    def __getitem__(self, key: str) -> str:
        self.looked_up.append(key)
        return self._specs[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.looked_up.append(key)
        return self._specs.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.looked_up.append(str(key))
        return key in self._specs

    def __iter__(self) -> Iterator[str]:
        self.iterated = True
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def keys(self) -> Any:
        self.iterated = True
        return self._specs.keys()

    def items(self) -> Any:
        self.iterated = True
        return self._specs.items()

    def values(self) -> Any:
        self.iterated = True
        return self._specs.values()


def declared(key: str, reads: tuple[str, ...]) -> bool:
    """``key`` is one of ``reads``, or starts with a ``prefix*`` of it."""
    return any(key.startswith(read[:-1]) if read.endswith("*") else key == read for read in reads)


def _run(extra_specs: Mapping[str, str]) -> RecordingSpecs:
    specs = RecordingSpecs({**OTHERS, **extra_specs})
    request = replace(DiscoveryRequest.build(REQUEST["flavor"], {}, REQUEST["vim"]), extra_specs=specs)
    with contextlib.suppress(ExtraSpecError):  # a malformed case: what it looked up still counts
        plugin.hpa_discover(request)
    return specs


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_every_key_the_driver_looks_up_is_declared(path: Path) -> None:
    specs = _run(json.loads(path.read_text(encoding="utf-8"))["extra_specs"])
    assert not specs.iterated, "the driver iterates over the extra_specs: declare what it takes from them"
    undeclared = sorted({key for key in specs.looked_up if not declared(key, DRIVER.reads)})
    assert undeclared == [], f"looked up but not in DRIVER.reads {DRIVER.reads}"


def test_every_declared_key_is_read() -> None:
    looked_up = set()
    for path in CASES:
        looked_up.update(_run(json.loads(path.read_text(encoding="utf-8"))["extra_specs"]).looked_up)
    unused = [read for read in DRIVER.reads if not any(declared(key, (read,)) for key in looked_up)]
    assert unused == [], "declared in DRIVER.reads, but no case shows the driver reading them"
