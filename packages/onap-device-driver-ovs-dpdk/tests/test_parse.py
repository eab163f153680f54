"""The pure reader: the declared library out, None when nothing is declared, VimInfoError when garbled."""

from __future__ import annotations

from typing import Any

import pytest
from onap_device_driver_ovs_dpdk.parse import DEFAULT_LIBNAME, MAX_VERSION, OvsDpdk, parse

from onap_hpa import VimInfoError, VimView


def vim(extra: object, vim_type: str = "openstack") -> VimView:
    """The view the host builds from a VIM info dict with this cloud_extra_info."""
    return VimView.from_viminfo(
        {"cloud_owner": "o", "cloud_region_id": "r", "type": vim_type, "cloud_extra_info": extra}
    )


@pytest.mark.parametrize("vim_type", ["openstack", "windriver", "starlingx", "azure", ""])
@pytest.mark.parametrize("extra", [None, "", "  ", "{}", '{"ovsDpdk": null}', {"other": 1}])
def test_nothing_declared_means_no_dpdk_whatever_the_vim_type(extra: object, vim_type: str) -> None:
    """The registration behaviour: never claim a DPDK data plane nobody declared, not even on windriver."""
    assert parse("f", vim(extra, vim_type)) is None


@pytest.mark.parametrize(
    ("ovs", "expected"),
    [
        ({"libname": "dataProcessingAccelerationLibrary", "libversion": "v12.1"}, OvsDpdk(DEFAULT_LIBNAME, "v12.1")),
        ({"libversion": "v17.02"}, OvsDpdk(DEFAULT_LIBNAME, "v17.02")),
        ({"libname": "L.1-x_y", "libversion": "18.11"}, OvsDpdk("L.1-x_y", "18.11")),
        ({"libversion": 17}, OvsDpdk(DEFAULT_LIBNAME, "17")),
        ({"libversion": 17.2}, OvsDpdk(DEFAULT_LIBNAME, "17.2")),
        ({"libversion": "v" * MAX_VERSION}, OvsDpdk(DEFAULT_LIBNAME, "v" * MAX_VERSION)),
        ({"libversion": "\u00e9t\u00e9 \U0001f600"}, OvsDpdk(DEFAULT_LIBNAME, "\u00e9t\u00e9 \U0001f600")),
        ({"libname": "x" * 128, "libversion": "1", "arch": "aarch64", "version": "v2"}, OvsDpdk("x" * 128, "1")),
    ],
)
def test_declared_library(ovs: dict[str, Any], expected: OvsDpdk) -> None:
    """libname (default dataProcessingAccelerationLibrary) and libversion as declared; other members ignored."""
    assert parse("f", vim({"ovsDpdk": ovs})) == expected


@pytest.mark.parametrize(
    ("ovs", "match"),
    [
        ({"libname": "", "libversion": "1"}, r"libname is '' \(a string\); expected a library name of letters"),
        ({"libname": "-x", "libversion": "1"}, r"libname is '-x' \(a string\); expected a library name of letters"),
        ({"libname": "x" * 129, "libversion": "1"}, r"libname is 'xxx.*\.\.\. \(a string\); expected .* at most 128"),
        ({"libname": ["a"], "libversion": "1"}, r"libname is a JSON array; expected a library name"),
        ({"libname": 5, "libversion": "1"}, r"libname is 5 \(a number\); expected a library name"),
        ({"libversion": None}, r"libversion is missing; expected the DPDK library version as a string of 1 to 64"),
        ({"libversion": "v" * (MAX_VERSION + 1)}, r"libversion is 'vvv.*\.\.\. \(a string\); expected the DPDK"),
        ({"libversion": float("inf")}, r"libversion is inf \(a number\)"),
        ({"libversion": 10**70}, r"libversion is 1000.*\.\.\. \(a number\)"),
        ({"libversion": {"v": 1}}, r"libversion is a JSON object; expected the DPDK library version"),
        ({"libversion": False}, r"libversion is false \(a boolean\)"),
    ],
)
def test_garbled_declaration(ovs: dict[str, Any], match: str) -> None:
    """A declaration that cannot become a valid record names the flavor, the field, the problem and the fix."""
    with pytest.raises(VimInfoError, match=r"^flavor 'f7': VIM cloud_extra_info\.ovsDpdk\." + match) as info:
        parse("f7", vim({"ovsDpdk": ovs}))
    assert str(info.value).endswith("Fix the cloud region's cloud-extra-info in AAI.")


def test_unparseable_cloud_extra_info_is_reported() -> None:
    """The SDK's parse error (position only, never the text) becomes this driver's VimInfoError."""
    view = vim("{not json")
    with pytest.raises(VimInfoError, match=r"flavor 'f': VIM cloud_extra_info is not valid JSON \(JSONDecodeError at"):
        parse("f", view)
