"""Shared fixtures: requests built as the host builds them, and the table of cases in tests/data/."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_compute import plugin

from onap_hpa import DiscoveryRequest, Host

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
def expected() -> Callable[[Mapping[str, Any]], list[dict[str, Any]]]:
    """The records a case expects, in AAI form (see :func:`expected_records`)."""
    return expected_records


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


@pytest.fixture
def build() -> Build:
    """Build a request for the default flavor (with overrides) and region, with the given extra_specs."""

    def _build(extra_specs: Mapping[str, str], flavor: Mapping[str, Any] | None = None) -> DiscoveryRequest:
        return DiscoveryRequest.build({**FLAVOR, **(flavor or {})}, dict(extra_specs), dict(VIM))

    return _build


@pytest.fixture
def host() -> Host:
    """A host with only this driver, registered the way an installed driver is."""
    return Host(installed=False, plugins=[plugin])
