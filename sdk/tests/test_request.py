from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from onap_hpa import DiscoveryRequest, RequestError, VimView
from onap_hpa.request import DEFAULT_SELFLINK, FlavorView, is_secret_key

SECRETS = ("s3cr3t-do-not-leak", "onap-admin")


def test_request_is_immutable(request_: DiscoveryRequest) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        request_.flavor = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        request_.extra_specs["hw:cpu_policy"] = "dedicated"  # type: ignore[index]
    with pytest.raises(TypeError):
        request_.vim.cloud_extra_info["ovsDpdk"] = {}  # type: ignore[index]


def test_request_does_not_alias_the_plugins_dicts(plugin_data: dict[str, Any]) -> None:
    request = DiscoveryRequest.build(plugin_data["flavor"], plugin_data["extra_specs"], plugin_data["vim"])
    plugin_data["extra_specs"]["hw:cpu_policy"] = "dedicated"
    assert "hw:cpu_policy" not in request.extra_specs


def test_vim_view_holds_no_credentials(request_: DiscoveryRequest) -> None:
    vim = request_.vim
    assert (vim.cloud_owner, vim.cloud_region_id, vim.vim_type, vim.version) == (
        "CloudOwner",
        "RegionOne",
        "openstack",
        "pike",
    )
    assert vim.cloud_extra_info is not None
    assert vim.cloud_extra_info["ovsDpdk"]["libversion"] == "v17.02"
    text = repr(request_)
    for secret in SECRETS:
        assert secret not in text
    assert {f.name for f in dataclasses.fields(VimView)}.isdisjoint({"password", "userName", "url", "tenant"})


def test_secret_looking_keys_inside_cloud_extra_info_are_removed() -> None:
    extra = {
        "ovsDpdk": {"libname": "dpdk", "libversion": "17.2"},
        "aai": {"password": "p", "apiToken": "t"},
        "x": [{"secret": 1}],
    }
    vim = VimView.from_viminfo({"cloud_owner": "o", "cloud_region_id": "r", "cloud_extra_info": json.dumps(extra)})
    assert vim.cloud_extra_info == {"ovsDpdk": {"libname": "dpdk", "libversion": "17.2"}, "aai": {}, "x": ({},)}


@pytest.mark.parametrize("key", ["password", "userName", "os_token", "api_key", "Secret", "credentials", "auth_url"])
def test_secret_key_detection(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["ovsDpdk", "libname", "libversion", "arch", "version"])
def test_plain_keys_are_kept(key: str) -> None:
    assert not is_secret_key(key)


@pytest.mark.parametrize(
    ("extra", "parsed", "error"),
    [
        (None, None, None),
        ("", None, None),
        ({"ovsDpdk": {"libversion": "1"}}, {"ovsDpdk": {"libversion": "1"}}, None),
        ("{not json", None, "is not valid JSON"),
        ("[1, 2]", None, "is a JSON list, not an object"),
    ],
)
def test_cloud_extra_info_as_string_object_empty_or_garbled(extra: object, parsed: object, error: str | None) -> None:
    vim = VimView.from_viminfo({"cloud_owner": "o", "cloud_region_id": "r", "cloud_extra_info": extra})
    assert vim.cloud_extra_info == parsed
    assert (vim.cloud_extra_info_error or "").startswith(error or "")
    assert (vim.cloud_extra_info_error is None) == (error is None)


def test_vim_id_gives_owner_and_region_when_the_fields_are_missing() -> None:
    vim = VimView.from_viminfo({"vimId": "windriver-hudson-dc_RegionOne", "type": "windriver"})
    assert (vim.cloud_owner, vim.cloud_region_id, vim.vim_type) == ("windriver-hudson-dc", "RegionOne", "windriver")


def test_nova_flavor_fields_are_normalised(plugin_data: dict[str, Any]) -> None:
    flavor = FlavorView.from_nova(plugin_data["flavor"])
    assert (flavor.vcpus, flavor.ram, flavor.disk, flavor.ephemeral, flavor.swap, flavor.swap_raw) == (
        4,
        8192,
        40,
        0,
        0,
        "",
    )
    assert flavor.selflink.endswith("/v2.1/flavors/b2b6e6d5-9a3c-4c1e-8f4e-2f6e0d1c7a11")
    bare = FlavorView.from_nova({"id": "f", "name": "n", "vcpus": "2", "ram": 512, "swap": 1024})
    assert (bare.vcpus, bare.swap, bare.swap_raw, bare.selflink) == (2, 1024, "1024", DEFAULT_SELFLINK)


@pytest.mark.parametrize(
    ("flavor", "match"),
    [
        ({"name": "n", "vcpus": 1, "ram": 1}, r"flavor\.id.*non-empty string"),
        ({"id": "f", "vcpus": 1, "ram": 1}, r"flavor 'f'.*flavor\.name"),
        ({"id": "f", "name": "n", "vcpus": -1, "ram": 1}, r"flavor 'f'.*flavor\.vcpus.*-1.*from 1 to 2147483647"),
        ({"id": "f", "name": "n", "vcpus": 2**31, "ram": 1}, r"flavor\.vcpus.*2147483648.*as Nova stores it"),
        ({"id": "f", "name": "n", "vcpus": 1, "ram": "2G"}, r"flavor\.ram.*'2G'"),
        ({"id": "f", "name": "n", "vcpus": True, "ram": 1}, r"flavor\.vcpus"),
        ({"id": "f", "name": "n", "vcpus": 1, "ram": 1, "OS-FLV-DISABLED:disabled": "no"}, r"disabled.*true or false"),
    ],
)
def test_malformed_flavors_name_the_field(flavor: dict[str, Any], match: str) -> None:
    with pytest.raises(RequestError, match=match):
        DiscoveryRequest.build(flavor, {}, {"cloud_owner": "o", "cloud_region_id": "r"})


def test_non_string_extra_spec_values_are_a_request_error() -> None:
    flavor = {"id": "f", "name": "n", "vcpus": 1, "ram": 1}
    with pytest.raises(
        RequestError, match=r"flavor 'f'.*extra_specs\['hw:numa_nodes'\]\" = 2 is invalid; expected a string value"
    ):
        DiscoveryRequest.build(flavor, {"hw:numa_nodes": 2}, {"cloud_owner": "o", "cloud_region_id": "r"})


def test_vim_errors_never_echo_the_vim_info() -> None:
    flavor = {"id": "f", "name": "n", "vcpus": 1, "ram": 1}
    with pytest.raises(RequestError, match=r"flavor 'f'.*vim\.cloud_owner") as error:
        DiscoveryRequest.build(flavor, {}, {"password": "s3cr3t-do-not-leak"})
    assert "s3cr3t" not in str(error.value)
