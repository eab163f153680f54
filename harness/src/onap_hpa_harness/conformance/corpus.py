"""What conformance feeds a driver: every fixture flavor, and hypothesis-generated hostile flavors.

The fixture corpus is every flavor of every recorded region plus every ``fixtures/hostile`` request
(found with :func:`onap_hpa_harness.fixtures.find_fixtures_root`; the packaged default region when
no fixtures tree is around). Hostile flavors mix the extra_spec keys drivers read (the MultiCloud
keys and every key of the corpus, so a vendor's own keys are fuzzed too) with near-valid and
arbitrary values, odd flavor sizes and garbled ``cloud_extra_info``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from hypothesis import strategies as st

from onap_hpa_harness.fixtures import load_hostile, load_region, region_dirs

__all__ = ["KNOWN_KEYS", "Sample", "fixture_corpus", "hostile_requests"]

#: extra_spec keys of the original monolith and Nova, fuzzed whatever the corpus holds.
KNOWN_KEYS: Final = (
    "hw:cpu_policy",
    "hw:cpu_thread_policy",
    "hw:cpu_sockets",
    "hw:cpu_cores",
    "hw:cpu_threads",
    "hw:mem_page_size",
    "hw:numa_nodes",
    "hw:numa_cpus.0",
    "hw:numa_mem.0",
    "hw:numa_cpus.1",
    "hw:numa_mem.1",
    "hw:capabilities:cpu_info:features",
    "pci_passthrough:alias",
    "aggregate_instance_extra_specs:sriov_nic",
    "resources:VGPU",
    "trait:CUSTOM_NVIDIA_GRID_T4_8Q",
)


@dataclass(frozen=True, slots=True)
class Sample:
    """One flavor to discover, as a plugin passes it: ``label`` says where it comes from."""

    label: str
    flavor: dict[str, Any]
    extra_specs: dict[str, str]
    vim: dict[str, Any]


def fixture_corpus(root: Path | None) -> list[Sample]:
    """Every fixture flavor: all regions under ``root`` (or the packaged default one) and all hostile requests."""
    samples = []
    for path in region_dirs(root):
        region = load_region(path)
        for flavor, specs, vim in region.requests():
            samples.append(Sample(f"{region.name}/{flavor.get('id')}", flavor, specs, vim))
    for case in load_hostile(root):
        samples.append(Sample(f"hostile/{case.name}", case.flavor, case.extra_specs, case.vim))
    return samples


_NEAR_VALID: Final = (
    r"(dedicated|shared|mixed|prefer|isolate|require|small|large|any|Large| ?[+-]?[0-9]{1,4} ?)",
    r"[0-9]{1,7}(KB|MB|GB|KiB|MiB|GiB|PB|M|G| MB)?",
    r"[a-z]{2,5}-[a-z]{0,4}-[a-z]{2,8}-[0-9a-fA-Fz]{3,5}-[0-9a-fA-F]{3,5}(-[a-z0-9-]{0,10})?:[ +0-9-]{0,3}",
    r"([a-z0-9-]{1,12}:[0-9]{1,2}, ?){0,4}[a-z0-9-]{0,12}:?[0-9x]{0,2},?",
    r"\^?[0-9]{1,2}(-[0-9]{0,2})?(,\^?[0-9]{1,2}(-[0-9]{1,2})?){0,3}",
)


def _values() -> st.SearchStrategy[str]:
    return st.one_of(
        *(st.from_regex(pattern, fullmatch=True) for pattern in _NEAR_VALID),
        st.text(max_size=40),
        st.text(min_size=250, max_size=400),
        st.sampled_from(
            ["", " ", "\u0662", "\uff12", "\u00b2", "0", "-1", "2.0", "0x2", '"', "\\", "\x00", "{}", "null"]
        ),
    )


def _cloud_extra_info() -> st.SearchStrategy[Any]:
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
        max_leaves=8,
    )
    ovs = st.fixed_dictionaries(
        {},
        optional={
            "libname": st.text(max_size=70) | json_values,
            "libversion": st.text(max_size=20) | json_values,
            "version": st.text(max_size=5),
            "arch": st.text(max_size=10),
        },
    )
    objects = st.dictionaries(st.sampled_from(["ovsDpdk", "other", "password"]), ovs | json_values, max_size=3)
    return st.one_of(st.none(), st.text(max_size=30), objects, objects.map(json.dumps), json_values.map(json.dumps))


def hostile_requests(keys: tuple[str, ...]) -> st.SearchStrategy[tuple[dict[str, Any], dict[str, str], dict[str, Any]]]:
    """``(flavor, extra_specs, viminfo)`` triples shaped as Nova and MultiCloud send them, with hostile contents."""
    key = st.sampled_from(tuple(dict.fromkeys(KNOWN_KEYS + keys))) | st.text(max_size=30)
    flavor = st.fixed_dictionaries(
        {
            "id": st.text(min_size=1, max_size=40),
            "name": st.sampled_from(["onap.hostile", "m1.small"]) | st.text(max_size=30),
            "vcpus": st.integers(0, 4096),
            "ram": st.integers(0, 2**31),
            "disk": st.integers(0, 10**6),
            "swap": st.just("") | st.integers(0, 10**6),
            "OS-FLV-EXT-DATA:ephemeral": st.integers(0, 10**6),
        }
    )
    vim = st.fixed_dictionaries(
        {
            "cloud_owner": st.text(min_size=1, max_size=20),
            "cloud_region_id": st.text(min_size=1, max_size=20),
            "type": st.sampled_from(["openstack", "windriver", "starlingx", "", "kubernetes"]),
            "version": st.text(max_size=10),
            "cloud_extra_info": _cloud_extra_info(),
        }
    )
    return st.tuples(flavor, st.dictionaries(key, _values(), max_size=8), vim)
