"""Shared fixtures: requests built as the host builds them, the table of cases in tests/data/, and which
of the distribution's drivers each case's records and errors belong to."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_compute import parse, plugin

from onap_hpa import DiscoveryRequest
from onap_hpa_host import Host

DATA = Path(__file__).parent / "data"

#: The Nova flavor every case starts from (a case's "flavor" overrides some fields).
FLAVOR: dict[str, Any] = {
    "id": "0b6ee1c4-3c2d-4bd5-9d0e-6a1f7c3e2a10",
    "name": "onap.compute.medium",
    "vcpus": 4,
    "ram": 4096,
    "disk": 40,
    "swap": "",
    "OS-FLV-EXT-DATA:ephemeral": 0,
    "OS-FLV-DISABLED:disabled": False,
    "os-flavor-access:is_public": True,
}
#: The VIM info as a MultiCloud plugin holds it, credentials included (the host drops them).
VIM: dict[str, Any] = {
    "vimId": "CloudOwner_RegionOne",
    "cloud_owner": "CloudOwner",
    "cloud_region_id": "RegionOne",
    "type": "openstack",
    "version": "pike",
    "userName": "onap-admin",
    "password": "s3cr3t-do-not-leak",
    "cloud_extra_info": "",
}

Build = Callable[..., DiscoveryRequest]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking ``case`` runs once per tests/data/*.json file, id'd by the file name."""
    if "case" in metafunc.fixturenames:
        paths = sorted(DATA.glob("*.json"))
        metafunc.parametrize(
            "case", [json.loads(path.read_text("utf-8")) for path in paths], ids=[p.stem for p in paths]
        )


def _compact(value: dict[str, str]) -> str:
    return json.dumps(value, separators=(",", ":"))


@pytest.fixture
def expected() -> Callable[[Mapping[str, Any]], dict[str, list[dict[str, Any]]]]:
    """A case's records by driver name (see :func:`expected_by_driver`)."""
    return expected_by_driver


def expected_records(case: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A case's records, written compactly as [feature, architecture, [[key, value(, unit)], ...]], in AAI form."""
    return [
        {
            "hpa-feature": feature,
            "architecture": architecture,
            "hpa-version": "v1",
            "hpa-feature-attributes": [
                {
                    "hpa-attribute-key": key,
                    "hpa-attribute-value": _compact(dict(zip(("value", "unit"), rest, strict=False))),
                }
                for key, *rest in attributes
            ],
        }
        for feature, architecture, attributes in case["records"]
    ]


#: The features of each driver, as the README's table promises them (not read from the code under test).
DRIVER_FEATURES: dict[str, frozenset[str]] = {
    "compute-basic": frozenset({"basicCapabilities", "localStorage", "hugePages"}),
    "compute-cpu": frozenset({"cpuPinning", "cpuTopology", "instructionSetExtensions"}),
    "compute-numa": frozenset({"numa"}),
    "compute-pci": frozenset({"pciePassthrough"}),
}


def expected_by_driver(case: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A case's records split by driver, each driver's in the case's (the original monolith's) order."""
    records = expected_records(case)
    return {
        name: [record for record in records if record["hpa-feature"] in features]
        for name, features in DRIVER_FEATURES.items()
    }


_CPU_KEYS = {
    parse.CPU_POLICY,
    parse.CPU_THREAD_POLICY,
    parse.CPU_SOCKETS,
    parse.CPU_CORES,
    parse.CPU_THREADS,
    parse.INSTRUCTION_SETS,
}


def _driver_of_key(key: str) -> str:
    # The driver that reads an extra_spec key, so the one whose error names it.
    if key in _CPU_KEYS:
        return "compute-cpu"
    if key == parse.PAGE_SIZE:
        return "compute-basic"
    if key == parse.PCI_ALIAS:
        return "compute-pci"
    assert key.startswith("hw:numa_"), key
    return "compute-numa"


def errors_by_driver(case: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """A case's expected errors split by the driver that reads their key, in the case's order."""
    return {
        name: [error for error in case["errors"] if _driver_of_key(error["key"]) == name] for name in DRIVER_FEATURES
    }


@pytest.fixture
def expected_errors() -> Callable[[Mapping[str, Any]], dict[str, list[dict[str, str]]]]:
    """A case's expected errors by driver name (see :func:`errors_by_driver`)."""
    return errors_by_driver


@pytest.fixture
def driver_features() -> dict[str, frozenset[str]]:
    """Each driver's features, as the README promises them."""
    return dict(DRIVER_FEATURES)


@pytest.fixture
def build() -> Build:
    """Build a request for the default flavor (with overrides) and region, with the given extra_specs."""

    def _build(extra_specs: Mapping[str, str], flavor: Mapping[str, Any] | None = None) -> DiscoveryRequest:
        return DiscoveryRequest.build({**FLAVOR, **(flavor or {})}, dict(extra_specs), dict(VIM))

    return _build


@pytest.fixture
def host() -> Host:
    """A host with only this distribution's four drivers, registered the way installed drivers are."""
    return Host(installed=False, plugins=list(plugin.PARTS))
