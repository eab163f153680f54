from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from onap_hpa import DiscoveryRequest
from onap_hpa_host import Host

AAI_FLAVOR = json.loads((Path(__file__).parent / "data" / "aai-flavor.schema.json").read_text())


def test_the_record_maps_nova_fields_with_aais_types(request_: DiscoveryRequest) -> None:
    record = Host(installed=False).discover(request_).record
    assert record == {
        "flavor-id": "b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11",
        "flavor-name": "onap.sriov.medium",
        "flavor-vcpus": 4,
        "flavor-ram": 8192,
        "flavor-disk": 40,
        "flavor-ephemeral": 0,
        "flavor-swap": "",
        "flavor-is-public": True,
        "flavor-disabled": False,
        "flavor-selflink": "http://nova.regionone.example:8774/v2.1/flavors/b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11",
        "hpa-capabilities": {"hpa-capability": []},
    }


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"swap": 2048, "OS-FLV-EXT-DATA:ephemeral": 10, "links": []},
        {"ram": "4096", "vcpus": "2", "os-flavor-access:is_public": False, "OS-FLV-DISABLED:disabled": True},
    ],
)
def test_the_record_is_valid_against_aais_flavor_schema(plugin_data: dict[str, Any], changes: dict[str, Any]) -> None:
    plugin_data["flavor"].update(changes)
    result = Host(installed=True).discover_data(plugin_data["flavor"], plugin_data["extra_specs"], plugin_data["vim"])
    jsonschema.validate(result.record, AAI_FLAVOR)
    assert isinstance(result.record["flavor-swap"], str)
    assert result.record["flavor-selflink"]
