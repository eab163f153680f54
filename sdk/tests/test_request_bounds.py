"""Region-level input is bounded, and every flavor id is safe on the wire: the request model and AAI paths."""

from __future__ import annotations

import json
import time
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onap_hpa import DiscoveryRequest, RequestError
from onap_hpa.ids import capability_url, flavor_url, key_problem, path_key
from onap_hpa.request import MAX_EXTRA_CHARS, MAX_EXTRA_DEPTH, VimView

FLAVOR = {"id": "f", "name": "onap.f", "vcpus": 2, "ram": 2048}


def _vim(extra: object) -> VimView:
    return VimView.from_viminfo({"cloud_owner": "o", "cloud_region_id": "r", "cloud_extra_info": extra})


@pytest.mark.parametrize("depth", [MAX_EXTRA_DEPTH + 1, 300, 5000, 200_000 // 2])
def test_cloud_extra_info_nested_past_the_bound_is_an_error_not_a_recursion(depth):
    text = '{"ovsDpdk": ' + "[" * depth + "]" * depth + "}"
    too_long = len(text) > MAX_EXTRA_CHARS
    expected = "characters long" if too_long else f"nested deeper than {MAX_EXTRA_DEPTH} levels"
    view = _vim(text)
    assert view.cloud_extra_info is None
    assert expected in str(view.cloud_extra_info_error)
    as_object = {"ovsDpdk": json.loads("[" * min(depth, 900) + "]" * min(depth, 900))}
    assert "nested deeper" in str(_vim(as_object).cloud_extra_info_error)


def test_brackets_inside_strings_do_not_count_and_a_bound_depth_parses():
    inside = '"' + "[{" * 100 + '\\"]' + '"'
    nested = "[" * (MAX_EXTRA_DEPTH - 1) + inside + "]" * (MAX_EXTRA_DEPTH - 1)
    view = _vim('{"a": ' + nested + "}")
    assert view.cloud_extra_info_error is None
    assert view.cloud_extra_info is not None


def test_cyclic_or_huge_parsed_cloud_extra_info_is_refused():
    cyclic: dict[str, object] = {}
    cyclic["self"] = cyclic
    assert "nested deeper" in str(_vim(cyclic).cloud_extra_info_error)
    wide = {f"k{i}": [i] for i in range(20_000)}
    assert _vim(wide).cloud_extra_info is None
    assert _vim("x" * (MAX_EXTRA_CHARS + 1)).cloud_extra_info_error.startswith("is 65537 characters long")


def test_a_lone_surrogate_in_cloud_extra_info_is_an_error_a_pair_is_text():
    assert "not JSON text" in str(_vim('{"a": "\\ud800"}').cloud_extra_info_error)
    assert _vim('{"a": "\\ud83d\\ude00"}').cloud_extra_info == {"a": "\U0001f600"}


def test_the_depth_scan_is_linear_on_hostile_strings():
    text = '"' + '\\"' * 30_000  # an unterminated string of escaped quotes
    start = time.perf_counter()
    _vim(text)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("flavor", "specs", "field"),
    [
        ({**FLAVOR, "name": "onap.\ud800"}, {}, "flavor.name"),
        (FLAVOR, {"hw:cpu_policy": "dedicated\udc00"}, "extra_specs['hw:cpu_policy']"),
        (FLAVOR, {"\ud800": "x"}, "extra_specs["),
        ({**FLAVOR, "id": "a\ud800"}, {}, "flavor.id"),
        ({**FLAVOR, "id": "a\x00b"}, {}, "flavor.id"),
        ({**FLAVOR, "id": "x" * 256}, {}, "flavor.id"),
    ],
)
def test_text_that_is_not_unicode_or_an_id_aai_cannot_hold_is_a_request_error(flavor, specs, field):
    with pytest.raises(RequestError) as error:
        DiscoveryRequest.build(flavor, specs, {"cloud_owner": "o", "cloud_region_id": "r"})
    assert error.value.field.startswith(field)


@pytest.mark.parametrize(
    ("key", "segment"),
    [
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "..."),
        ("a/b", "a%2Fb"),
        ("%2F", "%252F"),
        ("a?b#c", "a%3Fb%23c"),
        ("onap large.v2", "onap%20large.v2"),
        ("région", "r%C3%A9gion"),
    ],
)
def test_every_key_is_one_segment_that_decodes_to_itself(key, segment):
    assert path_key(key) == segment
    url = capability_url("o", "r", key, "c")
    assert url.split("/")[-4] == segment


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=255))
def test_any_flavor_id_stays_in_its_segment(flavor_id):
    url = flavor_url("owner", "region", flavor_id)
    segments = url.split("/")
    assert len(segments) == 9
    assert segments[-1] not in ("", ".", "..")
    assert "?" not in url
    assert "#" not in url
    if key_problem(flavor_id) is None:
        assert unquote(segments[-1]) == flavor_id


def test_key_problem_names_what_aai_cannot_hold():
    assert key_problem("x" * 255) is None
    assert key_problem(".") is None
    assert "256 characters" in str(key_problem("x" * 256))
    assert "U+000A" in str(key_problem("a\nb"))
    assert "U+D800" in str(key_problem("\ud800"))
    assert key_problem("") is not None
