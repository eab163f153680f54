"""The pure readers: facts out for what Nova accepts, an ExtraSpecError naming what was expected otherwise."""

from __future__ import annotations

import pytest
from onap_device_driver_gpu.parse import GpuPassthrough, VirtualGpu, parse_passthrough, parse_vgpu

from onap_hpa import ExtraSpecError

ALIAS = "pci_passthrough:alias"


def test_passthrough_reads_gpu_aliases_in_order() -> None:
    """One fact per GPU alias, in the order written; NIC aliases and names off the convention skipped."""
    value = "gpu-a100-nvidia-10de-20b0:4,sriov-vf-intel-8086-154c:2,gpu-nvidia-10de-20b5:1,gpu-mi50-amd-1002-66a1:01"
    assert parse_passthrough({ALIAS: value}) == [
        GpuPassthrough("nvidia", "10de", "20b0", 4),
        GpuPassthrough("amd", "1002", "66a1", 1),
    ]


@pytest.mark.parametrize(
    ("name", "gpu"),
    [
        ("gpu-any-acme-1234-5678", True),  # type gpu, any vendor
        ("GPU-any-intel-8086-5678", True),  # the type is compared case-insensitively, as the SDK rule does
        ("pci-fpga-nvidia-10DE-5678", True),  # NVIDIA's vendor id, whatever the type
        ("pci-fpga-amd-1002-5678", True),
        ("sriov-vf-intel-8086-154c", False),
        ("pci-fpga-xilinx-10ee-5678", False),
    ],
)
def test_passthrough_ownership_is_the_sdk_rule(name: str, gpu: bool) -> None:
    """A GPU is what onap_hpa.extra_specs.is_gpu_device says, so the compute driver skips exactly these."""
    assert bool(parse_passthrough({ALIAS: f"{name}:1"})) == gpu


@pytest.mark.parametrize("value", ["gpu-v100-nvidia-10de-1db4", "gpu-v100-nvidia-10de-1db4:0", "a:1,", ":1", "x" * 300])
def test_passthrough_leaves_values_nova_rejects_to_the_compute_driver(value: str) -> None:
    """A value Nova rejects yields no GPU fact and no error here (the compute driver reports it once)."""
    assert parse_passthrough({ALIAS: value}) == []


def test_passthrough_leaves_vendor_names_aai_cannot_take_to_the_compute_driver() -> None:
    """'_nvidia' cannot be an AAI architecture: the SDK's naming rule refuses it, so the compute driver reports it."""
    value = "gpu-v100-_nvidia-10de-1db4:1,gpu-t4-nvidia-10de-1eb8:2"
    assert parse_passthrough({ALIAS: value}) == [GpuPassthrough("nvidia", "10de", "1eb8", 2)]


@pytest.mark.parametrize("value", ["2", " 2", "+2", "02", "2\n", "\u0662", "\uff12"])
def test_vgpu_count_accepts_what_nova_int_accepts(value: str) -> None:
    """Nova reads resources:VGPU with int(): whitespace, '+', leading zeros and Unicode digits are 2."""
    assert parse_vgpu("f", {"resources:VGPU": value}) == VirtualGpu(2, ())


@pytest.mark.parametrize("value", ["2.0", "2e0", "0x2", "\u00b2", "", "two", "1" * 256])
def test_vgpu_count_rejects_what_nova_rejects(value: str) -> None:
    """Not an int() or longer than Nova's 255-character cap: an error naming key, value, expectation."""
    expected = r"flavor 'f': extra_spec 'resources:VGPU' = .* expected an integer as Nova reads it with int\(\)"
    with pytest.raises(ExtraSpecError, match=expected):
        parse_vgpu("f", {"resources:VGPU": value})


@pytest.mark.parametrize("value", ["0", " 0", "+0", "00", "-1", "-2"])
def test_a_vgpu_count_nova_accepts_but_asks_for_nothing_is_no_vgpu_and_no_error(value: str) -> None:
    """Nova's validator takes any int() for resources:VGPU; 0 asks Placement for nothing, a negative one is skipped."""
    specs = {"resources:VGPU": value, "trait:CUSTOM_NVIDIA_11": "required"}
    assert parse_vgpu("f", specs) is None


def test_vgpu_types_are_required_custom_traits_sorted() -> None:
    """Only required custom traits are vGPU types; forbidden and standard traits, and other groups, are not."""
    specs = {
        "resources:VGPU": "1",
        "trait:CUSTOM_Z": "required",
        "trait:CUSTOM_NVIDIA_11": "required",
        "trait:CUSTOM_NOT_THIS": "forbidden",
        "trait:HW_GPU_API_VULKAN": "required",
        "trait1:CUSTOM_GROUP_ONE": "required",
    }
    assert parse_vgpu("f", specs) == VirtualGpu(1, ("CUSTOM_NVIDIA_11", "CUSTOM_Z"))


def test_vgpu_absent_means_no_virtual_gpu() -> None:
    """Traits alone are not vGPUs."""
    assert parse_vgpu("f", {"trait:CUSTOM_NVIDIA_11": "required"}) is None


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        (
            "trait:CUSTOM_NVIDIA_11",
            "yes",
            r"'trait:CUSTOM_NVIDIA_11' = 'yes' is malformed; expected required or forbidden",
        ),
        ("trait:CUSTOM_NVIDIA 11", "required", r"'trait:CUSTOM_NVIDIA 11' = 'required' is malformed; expected a key"),
        ("trait:CUSTOM_", "required", r"expected a key trait:CUSTOM_<letters, digits, _> of at most 255 characters"),
        ("trait:CUSTOM_" + "A" * 250, "required", r"of at most 255 characters"),
    ],
)
def test_vgpu_faults_traits_nova_rejects(key: str, value: str, match: str) -> None:
    """A custom trait Nova would reject makes the vGPU feature malformed, naming the trait key."""
    with pytest.raises(ExtraSpecError, match=match):
        parse_vgpu("f", {"resources:VGPU": "1", key: value})
