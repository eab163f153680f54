"""Shared fixtures: requests built as the host builds them, from the bundled Nova flavor and VIM info."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_gpu import plugin

from onap_hpa import DiscoveryRequest
from onap_hpa_host import Host

#: A Nova flavor and the MultiCloud VIM info exactly as the plugin holds them, credentials included
#: (the SDK must drop them); kept here so that a fork of this package tests outside the monorepo.
PLUGIN_DATA: dict[str, Any] = {
    "flavor": {
        "id": "b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11",
        "name": "onap.gpu.medium",
        "vcpus": 4,
        "ram": 8192,
        "disk": 40,
        "swap": "",
        "OS-FLV-EXT-DATA:ephemeral": 0,
        "OS-FLV-DISABLED:disabled": False,
        "os-flavor-access:is_public": True,
        "links": [
            {"rel": "self", "href": "http://nova.example:8774/v2.1/flavors/b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11"}
        ],
    },
    "extra_specs": {"capabilities:cpu_info:model": "Haswell"},
    "vim": {
        "vimId": "CloudOwner_RegionOne",
        "cloud_owner": "CloudOwner",
        "cloud_region_id": "RegionOne",
        "type": "openstack",
        "version": "pike",
        "name": "RegionOne",
        "url": "http://keystone.example:5000/v3",
        "userName": "onap-admin",
        "password": "s3cr3t-do-not-leak",
        "tenant": "onap",
        "domain": "Default",
        "cacert": "",
        "insecure": "True",
        "cloud_extra_info": '{"ovsDpdk": {"version": "v1", "arch": "Intel64", '
        '"libname": "dataProcessingAccelerationLibrary", "libversion": "v17.02"}}',
    },
}
DATA = Path(__file__).parent / "data"


def cases() -> list[Any]:
    """Every tests/data/*.json case, one pytest param each, id'd by its file name."""
    return [pytest.param(json.loads(path.read_text()), id=path.stem) for path in sorted(DATA.glob("*.json"))]


@pytest.fixture(scope="session")
def plugin_data() -> dict[str, Any]:
    """The bundled request: a Nova flavor and the MultiCloud VIM info (credentials included)."""
    return copy.deepcopy(PLUGIN_DATA)


@pytest.fixture
def build(plugin_data: dict[str, Any]) -> Callable[[Mapping[str, str]], DiscoveryRequest]:
    """Build a request for the bundled flavor and region with the given extra_specs."""

    def _build(extra_specs: Mapping[str, str]) -> DiscoveryRequest:
        data = copy.deepcopy(plugin_data)
        return DiscoveryRequest.build(data["flavor"], dict(extra_specs), data["vim"])

    return _build


@pytest.fixture
def host() -> Host:
    """A host with only this driver, registered the way an installed driver is."""
    return Host(installed=False, plugins=[plugin])
