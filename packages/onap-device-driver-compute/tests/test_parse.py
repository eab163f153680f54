"""The pure readers on their own: canonical facts out, or an ExtraSpecError naming flavor, key, value, expectation."""

from __future__ import annotations

from typing import Any

import pytest
from onap_device_driver_compute import parse
from onap_device_driver_compute.numa import NODES_MAX, Numa, NumaNode, numa

from onap_hpa import DiscoveryRequest, ExtraSpecError

VIM = {"cloud_owner": "o", "cloud_region_id": "r"}


def flavor(vcpus: int = 4, ram: int = 4096) -> object:
    return DiscoveryRequest.build({"id": "f1", "name": "onap.f1", "vcpus": vcpus, "ram": ram}, {}, VIM).flavor


def test_absent_keys_give_no_facts() -> None:
    """A flavor without compute extra_specs has no pinning, topology, pages, NUMA, instruction sets or aliases."""
    assert parse.cpu_pinning("f1", {}) is None
    assert parse.cpu_topology("f1", {}) is None
    assert parse.page_size("f1", {}) is None
    assert parse.instruction_sets("f1", {}) is None
    assert parse.pci_passthrough("f1", {}) == ([], [])
    assert numa(flavor(), {}) is None


def test_counts_come_out_canonical() -> None:
    """' +02', full-width and Arabic-Indic digits are the integers Nova reads."""
    specs = {"hw:cpu_sockets": " +02", "hw:cpu_cores": "\uff12", "hw:cpu_threads": "\u0663"}
    topology = parse.cpu_topology("f1", specs)
    assert topology == parse.CpuTopology(sockets=2, cores=2, threads=3)


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("2048", ("2048", "KB")),
        ("2048KB", ("2", "MB")),
        ("2MiB", ("2", "MB")),
        ("1GiB", ("1", "GB")),
        ("512KiB", ("512", "KB")),
        ("8Gbit", ("1", "GB")),
        ("2TB", ("2048", "GB")),
    ],
)
def test_page_sizes_in_a_unit_oof_converts(value: str, size: tuple[str, str]) -> None:
    """Byte-unit page sizes become the largest of KB/MB/GB that holds them exactly; bare numbers stay KiB."""
    assert parse.page_size("f1", {"hw:mem_page_size": value}) == parse.PageSize(*size)


def test_page_size_error_says_what_nova_takes() -> None:
    """The message names flavor, key and value and lists the accepted spellings."""
    message = (
        r"^flavor 'f1': extra_spec 'hw:mem_page_size' = '2 MB' is malformed; expected small, large, any, "
        r"a page size in KiB \(2048\) or with a byte unit \(2MB, 2MiB, 1GB, 1GiB; not '2M', '2 MB' or '2mb'\)\. "
        r"Fix the flavor's extra_specs in Nova"
    )
    with pytest.raises(ExtraSpecError, match=message):
        parse.page_size("f1", {"hw:mem_page_size": "2 MB"})


def test_page_size_not_a_power_of_two() -> None:
    with pytest.raises(ExtraSpecError, match=r"= '3MB' is malformed; expected a page size that is a power of two"):
        parse.page_size("f1", {"hw:mem_page_size": "3MB"})


def test_instruction_set_cap() -> None:
    """Nova's 255-character cap, which also keeps the record well inside the host's size cap."""
    assert parse.instruction_sets("f1", {"hw:capabilities:cpu_info:features": "x" * 255}) == "x" * 255
    with pytest.raises(ExtraSpecError, match=r"expected at most 255 characters \(Nova's cap\)"):
        parse.instruction_sets("f1", {"hw:capabilities:cpu_info:features": "x" * 256})


def test_pci_aliases_split_with_the_gpu_driver() -> None:
    """GPU aliases are left to the GPU driver; every other well-formed alias is a request; bad names are errors."""
    found, errors = parse.pci_passthrough(
        "f1", {"pci_passthrough:alias": "gpu-t4-nvidia-10de-1eb8:1, nic-vf-intel-8086-154c:3 ,odd:1"}
    )
    assert found == [parse.PciRequest("intel", "8086", "154c", 3)]
    (error,) = errors
    assert (error.flavor_id, error.key) == ("f1", "pci_passthrough:alias")
    assert error.expected.startswith("alias 'odd': a name shaped <type>-<subtype>-<vendorname>-<vendorid>-<deviceid>")


def test_pci_value_nova_rejects_raises_with_the_flavor() -> None:
    with pytest.raises(ExtraSpecError, match=r"^flavor 'f9': extra_spec 'pci_passthrough:alias' = 'a:1 ' is malformed"):
        parse.pci_passthrough("f9", {"pci_passthrough:alias": "a:1 "})


def test_numa_cells_in_node_order() -> None:
    """Cells come in node order; as in Nova, exclusions apply after every inclusion of the list."""
    specs = {
        "hw:numa_nodes": "2",
        "hw:numa_cpus.1": "0,2-4,^4,3",
        "hw:numa_cpus.0": "1",
        "hw:numa_mem.0": "1024",
        "hw:numa_mem.1": "3072",
    }
    assert numa(flavor(), specs) == Numa(2, (NumaNode("1", 1024), NumaNode("0,2-4,^4,3", 3072)))


def test_numa_exclusion_wins_over_a_later_inclusion() -> None:
    """'^3,3' leaves CPU 3 out (Nova subtracts all exclusions last), so 3 of 4 vCPUs are placed."""
    specs = {"hw:numa_nodes": "1", "hw:numa_cpus.0": "0-2,^3,3", "hw:numa_mem.0": "4096"}
    with pytest.raises(ExtraSpecError, match=r"together naming every vCPU 0-3 \(they name 3\)"):
        numa(flavor(), specs)


def test_numa_node_count_is_bounded_by_vcpus_before_anything_is_read() -> None:
    """A node count past the vCPUs fails at once; per-node keys are read at most NODES_MAX times."""
    specs = {f"hw:numa_cpus.{i}": str(i) for i in range(NODES_MAX + 5)}
    specs |= {f"hw:numa_mem.{i}": "1" for i in range(NODES_MAX + 5)}
    with pytest.raises(ExtraSpecError, match=r"expected at most the flavor's 200 vCPUs \(each node needs one\)"):
        numa(flavor(200, 200), {**specs, "hw:numa_nodes": "201"})
    with pytest.raises(ExtraSpecError, match=r"found 128 CPU and 128 memory entries"):
        numa(flavor(200, 200), {**specs, "hw:numa_nodes": "200"})


def test_numa_error_names_the_key_at_fault() -> None:
    specs = {"hw:numa_nodes": "1", "hw:numa_cpus.0": "0-3", "hw:numa_mem.0": "4096 MB"}
    with pytest.raises(ExtraSpecError, match=r"^flavor 'f1': extra_spec 'hw:numa_mem.0' = '4096 MB' is malformed"):
        numa(flavor(), specs)


@pytest.mark.parametrize(
    ("read", "specs"),
    [
        (parse.cpu_pinning, {"hw:cpu_policy": "pinned"}),
        (parse.cpu_topology, {"hw:cpu_cores": "0"}),
        (parse.page_size, {"hw:mem_page_size": "2M"}),
    ],
)
def test_memoised_checks_still_name_each_flavor(read: Any, specs: dict[str, str]) -> None:
    """Checks are memoised on the raw values across flavors; each error still names its own flavor and key."""
    ((key, value),) = specs.items()
    for flavor_id in ("flavor-a", "flavor-b"):
        message = rf"^flavor '{flavor_id}': extra_spec '{key}' = '{value}' is malformed"
        with pytest.raises(ExtraSpecError, match=message):
            read(flavor_id, specs)
