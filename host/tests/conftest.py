"""Shared fixtures: plugin data shaped exactly as Nova and the MultiCloud plugin hold it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from onap_hpa import DiscoveryRequest

REPO = Path(__file__).resolve().parents[2]
SRIOV_REQUEST = REPO / "fixtures" / "requests" / "sriov-nic.json"


@pytest.fixture
def plugin_data() -> dict[str, Any]:
    """The bundled SR-IOV request: Nova flavor, extra_specs and VIM info with credentials."""
    return copy.deepcopy(json.loads(SRIOV_REQUEST.read_text()))


@pytest.fixture
def request_(plugin_data: dict[str, Any]) -> DiscoveryRequest:
    """The bundled request, built as the host builds it."""
    return DiscoveryRequest.build(plugin_data["flavor"], plugin_data["extra_specs"], plugin_data["vim"])
