"""One VIM view per distinct VIM info: shared by a region's flavors, never by two different VIMs."""

from __future__ import annotations

import copy
from typing import Any

from onap_hpa.request import DiscoveryRequest, VimView
from onap_hpa_host.vims import VimViews

VIM: dict[str, Any] = {
    "vimId": "CloudOwner_RegionOne",
    "type": "openstack",
    "password": "s3cr3t",
    "cloud_extra_info": '{"ovsDpdk": {"version": "v1", "arch": "Intel64"}}',
}


def test_equal_vim_infos_share_one_view_and_different_ones_do_not() -> None:
    views = VimViews()
    first = views.view(VIM)
    assert isinstance(first, VimView)
    assert views.view(copy.deepcopy(VIM)) is first  # another flavor of the region, another dict
    assert views.view({**VIM, "vimId": "CloudOwner_RegionTwo"}) is not first
    assert views.view(VIM, "kubernetes") is not first  # the VIM type given apart is part of the view
    assert first == VimView.from_viminfo(VIM)


def test_an_invalid_vim_info_is_left_for_the_request_to_report_in_its_place() -> None:
    views = VimViews()
    bad = {"type": "openstack"}  # no owner, no region
    assert views.view(bad) is bad
    assert views.view("not a dict") == "not a dict"
    lone_surrogate = {**VIM, "vimId": "Cloud\ud800_RegionOne"}
    assert views.view(lone_surrogate) is lone_surrogate
    flavor = {"id": "f1", "name": "onap.f1", "vcpus": 1, "ram": 512}
    request = DiscoveryRequest.build(flavor, {}, views.view(VIM))
    assert request.vim.cloud_region_id == "RegionOne"
