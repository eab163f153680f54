"""Hostile VIM info: whatever cloud_extra_info holds, only VimInfoError escapes and every record is AAI-ready."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from onap_device_driver_ovs_dpdk import plugin

from onap_hpa import DiscoveryRequest, VimInfoError
from onap_hpa_host import Host
from onap_hpa_host.validation import check_records

FLAVOR = {"id": "hostile-1", "name": "onap.hostile", "vcpus": 4, "ram": 4096}
HOST = Host(installed=False, plugins=[plugin])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.text(min_size=100, max_size=3000),
    st.sampled_from(["dataProcessingAccelerationLibrary", "v17.02", "a" * 128, "a" * 129]),
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner), max_leaves=6
)
ovs = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={"libname": json_values, "libversion": json_values, "arch": json_values}),
)
extra = st.one_of(
    st.none(),
    st.text(),
    st.dictionaries(st.text(max_size=10), json_values, max_size=3),
    st.builds(lambda o: {"ovsDpdk": o}, ovs),
)
as_text = st.booleans()
hostile = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@hostile
@given(extra, as_text, st.sampled_from(["openstack", "windriver", "starlingx", ""]))
def test_arbitrary_cloud_extra_info(info: object, text: bool, vim_type: str) -> None:
    """As a JSON string or an object, any content: a valid record, nothing, or a VimInfoError; never else."""
    if text and not isinstance(info, str):
        info = json.dumps(info, allow_nan=True)
    vim = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": vim_type, "cloud_extra_info": info}
    request = DiscoveryRequest.build(FLAVOR, {}, vim)
    try:
        records = plugin.hpa_discover(request)
    except VimInfoError as error:
        records = []
        problem: VimInfoError | None = error
    else:
        problem = None
    if problem is not None:
        assert problem.flavor_id == "hostile-1"
        assert problem.field.startswith("cloud_extra_info")
    result = HOST.discover(request)
    assert {fault.kind for fault in result.faults} <= {"bad-input"}, result.faults
    assert len(result.faults) == (problem is not None)
    found = result.capabilities["ovs-dpdk"]
    assert [{k: v for k, v in r.items() if k != "hpa-capability-id"} for r in found] == records
    if found:
        assert check_records(found) is None
        assert found[0]["architecture"] == "Intel64"
    urls = HOST.delete_urls(request).urls
    assert [url.rsplit("/", 1)[1] for url in urls] == [r["hpa-capability-id"] for r in found]
