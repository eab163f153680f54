"""Shared fixtures: requests built as the host builds them, from the bundled Nova flavor and VIM info."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from onap_device_driver_ovs_dpdk import plugin

from onap_hpa import DiscoveryRequest, Host

REPO = Path(__file__).resolve().parents[3]
REQUEST = REPO / "fixtures" / "requests" / "sriov-nic.json"
DATA = Path(__file__).parent / "data"

Build = Callable[..., DiscoveryRequest]


def cases() -> list[Any]:
    """Every tests/data/*.json case, one pytest param each, id'd by its file name."""
    return [pytest.param(json.loads(path.read_text()), id=path.stem) for path in sorted(DATA.glob("*.json"))]


@pytest.fixture(scope="session")
def plugin_data() -> dict[str, Any]:
    """The bundled request: a Nova flavor and the MultiCloud VIM info (credentials included)."""
    return json.loads(REQUEST.read_text())


@pytest.fixture
def build(plugin_data: dict[str, Any]) -> Build:
    """Build a request for the bundled flavor with VIM info members replaced (``vim``) or removed (``without``)."""

    def _build(vim: Mapping[str, Any], without: Iterable[str] = ()) -> DiscoveryRequest:
        data = copy.deepcopy(plugin_data)
        viminfo = {**data["vim"], **vim}
        for member in without:
            del viminfo[member]
        return DiscoveryRequest.build(data["flavor"], data["extra_specs"], viminfo)

    return _build


@pytest.fixture
def host() -> Host:
    """A host with only this driver, registered the way an installed driver is."""
    return Host(installed=False, plugins=[plugin])
