"""What conformance feeds a driver: every fixture flavor, and generated hostile flavors at production sizes.

The fixture corpus is every flavor of every recorded region plus every ``fixtures/hostile`` request
(found with :func:`onap_hpa_harness.fixtures.find_fixtures_root`; the packaged default region when
no fixtures tree is around).

The generated corpus (:func:`generated_corpus`) is deterministic (a seeded generator: the same flavors
on every run, in every process, in milliseconds) and reaches what Nova allows: up to :data:`MAX_SPECS`
extra_specs, keys and values up to Nova's 255 characters, vCPUs and RAM up to Nova's 32-bit limit. Its
keys are the ones the driver declares it reads (``DriverInfo.reads``, prefixes ending in ``*`` filled
in), every key of the fixtures and the MultiCloud keys; its values are near-valid spellings, the values
the fixtures hold for the same key and mutations of them, arbitrary text and odd characters. Sizes are
spread up to 60 extra_specs, so a driver that misbehaves only on big flavors meets many, and a few
fixed flavors come first so production sizes are always reached: every declared key at once at Nova's
maximal sizes, 60 extra_specs, 255-character values and keys, empty values.

A driver that reads Kubernetes node facts (``DriverInfo.reads`` entries ``node.<part>/<key>``) runs, as
in production, on node profiles as well: the fixture corpus adds every profile of every recorded cluster
under ``regions/`` (a directory with ``cluster.json``), grouped by the facts that driver reads
(:func:`cluster_corpus`), and its generated corpus is node profiles (:func:`node_corpus`): nodes made up
over the facts it reads and the clusters' own, quantities and labels near-valid or odd, run through the
host's own profile builder (``onap_hpa_host.kube.profiles``: quantities normalised, only the facts it
reads kept), so the driver meets what a sync would send it.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from onap_hpa.request import NodeView
from onap_hpa_harness.fixtures import load_hostile, load_region, region_dirs

__all__ = [
    "KNOWN_KEYS",
    "MAX_SPECS",
    "MAX_TEXT",
    "NOVA_MAX",
    "Sample",
    "cluster_corpus",
    "expand_reads",
    "fixture_corpus",
    "generated_corpus",
    "node_corpus",
    "reads_nodes",
]

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
#: Most extra_specs in one generated flavor (Nova has no limit; 60 is a large production flavor).
MAX_SPECS: Final = 60
#: Nova's limit on an extra_spec key and value.
MAX_TEXT: Final = 255
#: Nova stores flavor sizes as 32-bit integers.
NOVA_MAX: Final = 2**31 - 1
#: What a ``*`` of a declared key prefix is filled with.
_SUFFIXES: Final = ("", "0", "1", "2", "7", "63", "64", "_1", ".0", "x", "-a")


@dataclass(frozen=True, slots=True)
class Sample:
    """One flavor to discover, as a plugin passes it: ``label`` says where it comes from."""

    label: str
    flavor: dict[str, Any]
    extra_specs: dict[str, str]
    vim: dict[str, Any]
    #: the Kubernetes node part of a node profile (None: a Nova flavor)
    node: NodeView | None = None


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


def reads_nodes(reads: Iterable[str]) -> bool:
    """True when ``reads`` name Kubernetes node facts (``node.<part>/<key>``): the driver runs on node profiles."""
    from onap_hpa_host.kube.profiles import reads_nodes as host_reads_nodes

    return host_reads_nodes(reads)


def _cluster_vim(viminfo: Mapping[str, Any]) -> dict[str, Any]:
    """A cluster's VIM info as the Kubernetes sync passes it (its API token is the sync's, never a driver's)."""
    region = str(viminfo.get("cloud_region_id", ""))
    return {
        "cloud_owner": viminfo.get("cloud_owner", ""),
        "cloud_region_id": region,
        "type": viminfo.get("type", "k8s"),
        "version": viminfo.get("version", ""),
        "name": region,
    }


def cluster_corpus(root: Path | None, reads: Iterable[str]) -> list[Sample]:
    """Every node profile of every recorded cluster under ``root/regions`` (``cluster.json``), made of the node
    facts ``reads`` names, as a Kubernetes sync with only this driver builds them; labelled
    ``<cluster>/<profile id>`` and the first node of the profile."""
    if root is None:
        return []
    from onap_hpa_harness.cluster import load_cluster
    from onap_hpa_host.kube.profiles import Relevance, add_node_features, nodes_from_list, profiles

    relevance = Relevance(reads)
    samples = []
    for path in sorted(marker.parent for marker in (root / "regions").glob("*/cluster.json")):
        cluster = load_cluster(path)
        nodes = nodes_from_list(cluster.nodes)
        if cluster.node_features is not None:
            add_node_features(nodes, cluster.node_features)
        vim = _cluster_vim(cluster.viminfo)
        for profile in profiles(nodes, relevance):
            more = f" +{len(profile.nodes) - 1}" if len(profile.nodes) > 1 else ""
            label = f"{cluster.name}/{profile.id} ({profile.nodes[0]}{more})"
            samples.append(Sample(label, profile.flavor(), {}, vim, profile.facts))
    return samples


#: Near-valid spellings of the values Nova and MultiCloud extra_specs hold (``{}`` is filled with digits).
_NEAR_VALID: Final = (
    "dedicated", "shared", "mixed", "prefer", "isolate", "require", "small", "large", "any", "Large",
    " {} ", "+{}", "-{}", "{}", "{}KB", "{}MB", "{}GB", "{}KiB", "{}MiB", "{}PB", "{}M", "{} MB", "{}.0",
    "0x{}", "{},", ",{}", "{}-{}", "^{}", "{}-{},^{}", "{}:{}", "a:{},b:{}", "a:{}, b:{}", "a:x", "a:",
    "gpu-nvidia-10de-1db4:{}", "nic-sriov-intel-8086-154c:{}", "sriov-nic-intel-8086-154c-physnet{}:{}",
    "sriov-nic-intel-8086-physnet1:{}", "a-b-c-d-e-f-g-h:{}", "x-y-z-zzzz-1234:{}", "accel-crypto-acme-1d0f-0a5b:{}",
    "accel-crypto-acme-1d0f-0a5b:{},accel-zip-acme-1d0f-0a5c:{}", '{{"libname":"dpdk","libversion":"v{}"}}',
)  # fmt: skip
_ODD: Final = (
    "", " ", "\u0662", "\uff12", "\u00b2", "0", "-1", "2.0", "0x2", '"', "\\", "\x00", "{}", "null", "true",
    "\u202e2", "2\u200b", "\t2\n", "\U0001f4a5", "e\u0301", "NaN", "1e9", "9" * 40, "%s%n", "../../etc/passwd",
)  # fmt: skip
#: What random text is drawn from: ASCII, separators, digits of other scripts, combining marks, controls.
_ALPHABET: Final = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    ":,;.-_ =^+*/\\\"'{}[]()<>|&%$#@!?~`\t\n\x00\x7f\u00e9\u00df\u0662\uff12\u00b2\u0301\u200b\u202e\u4e2d\U0001f4a5"
)


def expand_reads(reads: Iterable[str]) -> tuple[str, ...]:
    """Concrete keys for declared ``reads``: a key as is, a prefix ``p*`` as ``p``, ``p0``, ``p1``, ``p63``..."""
    keys: list[str] = []
    for read in reads:
        if read.endswith("*"):
            keys.extend(read[:-1] + suffix for suffix in _SUFFIXES if read[:-1] + suffix)
        elif read:
            keys.append(read)
    return tuple(dict.fromkeys(key[:MAX_TEXT] for key in keys))


class _Generator:
    """Seeded hostile flavors: every choice comes from one ``random.Random``."""

    def __init__(self, keys: tuple[str, ...], declared: tuple[str, ...], seen: Mapping[str, tuple[str, ...]]) -> None:
        self.keys = keys
        self.declared = declared or keys
        self.seen = seen
        self.random = random.Random(zlib.crc32("\n".join(keys).encode()))  # noqa: S311 - fuzzing, not secrets

    def text(self, low: int, high: int) -> str:
        return "".join(self.random.choice(_ALPHABET) for _ in range(self.random.randint(low, high)))

    def digits(self) -> str:
        return self.random.choice(["0", "1", "2", "3", "4", "8", "16", "64", "1024", "65536", str(NOVA_MAX), "00"])

    def mutate(self, value: str) -> str:  # noqa: PLR0911 - one return per kind of mutation
        choice = self.random.randrange(9)
        if not value or choice == 0:
            return (value + "," + value)[:MAX_TEXT]
        where = self.random.randrange(len(value))
        if choice == 1:
            return value[:where]
        if choice == 2:
            return value[:where] + self.random.choice(_ALPHABET) + value[where + 1 :]
        if choice == 3:
            return value[:where] + self.random.choice(_ALPHABET) + value[where:]
        if choice == 4:
            return value.upper() if value != value.upper() else value.lower()
        if choice == 5:
            return f" {value} "
        if choice == 6:
            return value.replace(":", ":0", 1) if ":" in value else value + ":0"
        if choice == 7:
            return (value + "x" * MAX_TEXT)[: self.random.randint(len(value), MAX_TEXT)]
        return value.replace("-", "", 1) if "-" in value else value + "-"

    def value(self, key: str) -> str:
        seen = self.seen.get(key, ())
        choice = self.random.randrange(10)
        if seen and choice < 3:
            return self.random.choice(seen)
        if seen and choice < 5:
            return self.mutate(self.random.choice(seen))
        if choice < 7:
            template = self.random.choice(_NEAR_VALID)
            return template.format(*(self.digits() for _ in range(template.count("{}"))))[:MAX_TEXT]
        if choice < 8:
            return self.random.choice(_ODD)
        if choice < 9:
            return self.text(0, 40)
        return self.text(200, MAX_TEXT)

    def key(self) -> str:
        choice = self.random.randrange(20)
        if choice < 10:
            return self.random.choice(self.declared)
        if choice < 16:
            return self.random.choice(self.keys)
        if choice < 18:
            return self.random.choice(KNOWN_KEYS)
        if choice < 19:
            return self.text(1, 30) or "k"
        return self.text(200, MAX_TEXT) or "k"

    def count(self) -> int:
        # Spread over the whole range: a quarter of the flavors hold more than 12 extra_specs.
        band = self.random.randrange(20)
        low, high = (0, 4) if band < 8 else (5, 12) if band < 15 else (13, 30) if band < 18 else (31, MAX_SPECS)
        return self.random.randint(low, high)

    def size(self) -> int:
        return self.random.choice([0, 1, 2, 40, 4096, 65536, NOVA_MAX, self.random.randint(0, NOVA_MAX)])

    def cloud_extra_info(self) -> Any:
        choice = self.random.randrange(8)
        if choice == 0:
            return None
        if choice == 1:
            return self.text(0, 30)
        ovs: dict[str, Any] = {}
        for field in ("libname", "libversion", "version", "arch"):
            if self.random.random() < 0.7:
                ovs[field] = self.random.choice(
                    [self.text(0, 20), self.text(60, 70), "dpdk", "v17.02", 2, None, [], {"a": 1}, True]
                )
        extra: dict[str, Any] = {self.random.choice(["ovsDpdk", "other", "password"]): ovs}
        if self.random.random() < 0.3:
            extra["password"] = "not-a-canary"  # noqa: S105 - a secret-looking key the host must drop
        return json.dumps(extra) if choice < 5 else extra

    def sample(self, index: int) -> Sample:
        specs: dict[str, str] = {}
        for _ in range(self.count()):
            key = self.key()[:MAX_TEXT]
            specs[key] = self.value(key)[:MAX_TEXT]
        flavor = {
            "id": self.random.choice([f"hostile-{index}", f"hostile {index}.v2", f"\u30db\u30b9\u30c8-{index}"]),
            "name": self.random.choice(["onap.hostile", "m1.small", self.text(0, 30)]),
            "vcpus": self.random.choice([1, 2, 8, 64, 4096, 2**16, NOVA_MAX, self.random.randint(1, NOVA_MAX)]),
            "ram": self.random.choice([1, 512, 8192, 2**20, NOVA_MAX, self.random.randint(1, NOVA_MAX)]),
            "disk": self.size(),
            "swap": self.random.choice(["", self.size()]),
            "OS-FLV-EXT-DATA:ephemeral": self.size(),
        }
        vim = {
            "cloud_owner": self.text(1, 20) or "o",
            "cloud_region_id": self.text(1, 20) or "r",
            "type": self.random.choice(["openstack", "windriver", "starlingx", "", "kubernetes"]),
            "version": self.text(0, 10),
            "cloud_extra_info": self.cloud_extra_info(),
        }
        return Sample(f"generated/{index}", flavor, specs, vim)


def _fixed(keys: tuple[str, ...], seen: Mapping[str, tuple[str, ...]], vim: dict[str, Any]) -> list[Sample]:
    """The flavors every driver meets: its declared keys at Nova's sizes, 60 extra_specs, 255 characters."""
    near = {key: (seen.get(key) or ("2",))[0] for key in keys}
    biggest = {"vcpus": NOVA_MAX, "ram": NOVA_MAX, "disk": NOVA_MAX, "swap": NOVA_MAX}
    biggest["OS-FLV-EXT-DATA:ephemeral"] = NOVA_MAX
    padded = dict(near)
    for index, key in enumerate(KNOWN_KEYS + tuple(f"filler:key{n:02d}" for n in range(MAX_SPECS))):
        if len(padded) >= MAX_SPECS:
            break
        padded.setdefault(key, (seen.get(key) or (f"value-{index}-" + "x" * MAX_TEXT,))[0][:MAX_TEXT])
    long_values = {key: ((value + ",") * MAX_TEXT)[:MAX_TEXT] for key, value in near.items()}
    long_keys = {(key + "x" * MAX_TEXT)[:MAX_TEXT]: value for key, value in near.items()}
    cases = {
        "nova-max": (biggest, near),
        "sixty-specs": ({"vcpus": 64, "ram": 65536, "disk": 40}, padded),
        "long-values": ({"vcpus": 8, "ram": 8192, "disk": 40}, long_values),
        "long-keys": ({"vcpus": 8, "ram": 8192, "disk": 40}, long_keys),
        "empty-values": ({"vcpus": 8, "ram": 8192, "disk": 40}, dict.fromkeys(keys, "")),
        "one-vcpu": ({"vcpus": 1, "ram": 1, "disk": 0}, near),
    }
    return [
        Sample(f"generated/{name}", {"id": f"generated-{name}", "name": name, **sizes}, specs, vim)
        for name, (sizes, specs) in cases.items()
    ]


def generated_corpus(reads: Iterable[str], corpus: Iterable[Sample] = (), examples: int = 150) -> list[Sample]:
    """Hostile flavors over the declared ``reads`` and the keys of ``corpus``: a few fixed ones first (every
    declared key at Nova's sizes, 60 extra_specs, 255-character keys and values), then ``examples`` generated."""
    samples = list(corpus)
    seen: dict[str, list[str]] = {}
    for sample in samples:
        for key, value in sample.extra_specs.items():
            if len(seen.setdefault(key, [])) < 8 and value not in seen[key]:
                seen[key].append(value)
    declared = expand_reads(reads)
    keys = tuple(dict.fromkeys(declared + tuple(sorted(seen)) + KNOWN_KEYS))
    frozen = tuple(sorted((key, tuple(values)) for key, values in seen.items()))
    vim = samples[0].vim if samples else {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne"}
    fixed = _fixed(declared or tuple(sorted(seen))[:8], dict(frozen), dict(vim))
    return fixed + list(_generate(keys, declared, frozen, examples))


@lru_cache(maxsize=32)
def _generate(
    keys: tuple[str, ...], declared: tuple[str, ...], seen: tuple[tuple[str, tuple[str, ...]], ...], examples: int
) -> tuple[Sample, ...]:
    generator = _Generator(keys, declared, dict(seen))
    return tuple(generator.sample(index) for index in range(1, examples + 1))


# -- node profiles ---------------------------------------------------------------------------------

#: The node parts a driver's ``reads`` may name (``node.<part>/<key>``).
_PARTS: Final = ("labels", "annotations", "allocatable", "capacity", "features")
#: Keys node-feature-discovery, the device plugins and onap-hpa's own labels use, filled in for a ``*``.
_NODE_SUFFIXES: Final = (
    "", "0", "1", "AVX512F", "AVX2", "SSE4", "amd64", "2Mi", "1Gi", "64Ki", "intel_sriov_netdevice",
    "intel_sriov_dpdk", "0300_10de_1eb8.present", "0200_8086_154c.sriov.capable", "0200_8086.present",
    "x", "-a", ".present",
)  # fmt: skip
#: Facts a cluster commonly has, whatever the driver reads (the profile builder keeps only what it reads).
_NODE_KNOWN: Final = {
    "labels": (
        "kubernetes.io/arch", "feature.node.kubernetes.io/memory-numa",
        "feature.node.kubernetes.io/cpu-cpuid.AVX512F", "feature.node.kubernetes.io/pci-0300_10de.present",
    ),
    "annotations": ("nfd.node.kubernetes.io/feature-labels",),
    "allocatable": (
        "cpu", "memory", "hugepages-2Mi", "hugepages-1Gi", "nvidia.com/gpu", "intel.com/intel_sriov_netdevice",
    ),
    "capacity": ("cpu", "memory", "pods"),
    "features": ("memory.numa", "cpu.cpuid"),
}  # fmt: skip
#: Kubernetes quantities, near-valid and odd (the host normalises the ones it can parse).
_QUANTITIES: Final = (
    "0", "1", "2", "8", "47", "940m", "1500m", "0.5", ".5", "5.", "1e3", "1E9", "1e400", "+5", "-1", "-2Mi",
    "100Mi", "1Gi", "16Gi", "191000Mi", "1Ti", "1Pi", "1Ei", "1Ki", "12345678Ki", "2147483648", "4294967296",
    "9" * 40, "1Gi ", " 1", "1gi", "1GB", "0x10", "1/2", "NaN", "Inf", "", "\u0662", "1\u200b",
)  # fmt: skip
#: Label and annotation values: what NFD and the device plugins write, and what they do not.
_LABEL_VALUES: Final = (
    "true", "false", "", "1", "2", "8", "amd64", "arm64", "physnet1", "10de_1eb8", "8086_154c", "8086",
    "True", "yes", "0", "-1", "x" * 63, "a.b-c_d",
)  # fmt: skip


def _node_keys(reads: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Concrete keys per node part for the ``node.<part>/<key>`` entries of ``reads`` (``*`` filled in)."""
    keys: dict[str, list[str]] = {part: [] for part in _PARTS}
    for read in reads:
        part, sep, key = read.partition("/")
        name = part[len("node.") :] if part.startswith("node.") else ""
        if not sep or name not in keys:
            continue
        if key.endswith("*"):
            keys[name].extend(key[:-1] + suffix for suffix in _NODE_SUFFIXES if key[:-1] + suffix)
        elif key:
            keys[name].append(key)
    return {part: tuple(dict.fromkeys(found)) for part, found in keys.items()}


class _NodeGenerator(_Generator):
    """Seeded nodes over the facts a driver reads, the clusters' own facts and common ones."""

    def __init__(
        self,
        declared: Mapping[str, tuple[str, ...]],
        seen: Mapping[str, Mapping[str, tuple[str, ...]]],
        elements: Mapping[str, tuple[str, ...]],
    ) -> None:
        super().__init__((), (), {})
        self.node_declared = declared
        self.node_seen = seen
        self.elements = elements
        self.random = random.Random(zlib.crc32(json.dumps(declared, sort_keys=True).encode()))  # noqa: S311

    def node_key(self, part: str) -> str:
        declared, seen = self.node_declared[part], tuple(self.node_seen.get(part, {}))
        choice = self.random.randrange(10)
        if declared and choice < 6:
            return self.random.choice(declared)
        if seen and choice < 8:
            return self.random.choice(seen)
        if choice < 9:
            return self.random.choice(_NODE_KNOWN[part])
        return self.text(1, 60) or "k"

    def node_value(self, part: str, key: str) -> str:
        seen = self.node_seen.get(part, {}).get(key, ())
        choice = self.random.randrange(10)
        if seen and choice < 3:
            return self.random.choice(seen)
        if seen and choice < 4:
            return self.mutate(self.random.choice(seen))
        if choice < 7:
            return self.random.choice(_QUANTITIES if part in ("allocatable", "capacity") else _LABEL_VALUES)
        if choice < 8:
            return self.random.choice(_ODD)
        return self.text(0, 40) if choice < 9 else self.text(200, MAX_TEXT)

    def node(self, index: int) -> Any:
        from onap_hpa_host.kube.profiles import Node

        maps: dict[str, Any] = {}
        for part in ("labels", "annotations", "allocatable", "capacity"):
            count = self.random.choice([0, 1, 2, 3, 5, 8, 16, 40])
            maps[part] = {}
            for _ in range(count):
                key = self.node_key(part)
                maps[part][key] = self.node_value(part, key)
        features: dict[str, dict[str, str]] = {}
        for _ in range(self.random.choice([0, 1, 2, 4])):
            name = self.node_key("features")
            elements = self.elements.get(name) or ("is_numa", "node_count", "value")
            features[name] = {
                self.random.choice((*elements, self.text(1, 20) or "e")): self.node_value("features", name)
                for _ in range(self.random.randint(0, 6))
            }
        return Node(f"generated-{index}", features=features, **maps)


def _node_fixed(
    declared: Mapping[str, tuple[str, ...]], seen: Mapping[str, Mapping[str, tuple[str, ...]]]
) -> list[tuple[str, Any]]:
    """Nodes every node driver meets: none of its facts, every one empty, at the largest sizes, odd spellings."""
    from onap_hpa_host.kube.profiles import Node

    def every(value: Callable[[str, str], str]) -> dict[str, Any]:
        maps: dict[str, Any] = {part: {key: value(part, key) for key in declared[part]} for part in _PARTS[:4]}
        maps["features"] = {
            name: {element: value("features", name) for element in seen.get("features", {}).get(name, ("value",))}
            for name in declared["features"]
        }
        return maps

    def long(part: str, key: str) -> str:
        found = seen.get(part, {}).get(key)
        return ((found[0] if found else "1") * MAX_TEXT)[:MAX_TEXT]

    return [
        ("node-bare", Node("generated-node-bare")),
        ("node-empty-values", Node("generated-node-empty-values", **every(lambda _p, _k: ""))),
        ("node-huge", Node("generated-node-huge", **every(lambda _p, _k: "9" * 40))),
        ("node-nova-max", Node("generated-node-nova-max", **every(lambda _p, _k: str(NOVA_MAX + 1)))),
        ("node-long-values", Node("generated-node-long-values", **every(long))),
        ("node-negative", Node("generated-node-negative", **every(lambda _p, _k: "-1"))),
        ("node-milli", Node("generated-node-milli", **every(lambda _p, _k: "1500m"))),
        ("node-odd-digits", Node("generated-node-odd-digits", **every(lambda _p, _k: "\u0662"))),
    ]  # fmt: skip


def node_corpus(reads: Iterable[str], corpus: Iterable[Sample] = (), examples: int = 150) -> list[Sample]:
    """Node profiles for a driver that reads node facts: a few fixed nodes (none of its facts, every one empty,
    huge, negative, in milli-units, with odd digits), then ``examples`` generated ones, over the facts it
    reads and the facts of the corpus's node profiles. Each node goes through the host's profile builder
    (only the facts the driver reads, quantities normalised), so the driver gets what a sync sends."""
    from onap_hpa_host.kube.profiles import Relevance, profiles

    reads = tuple(reads)
    declared = _node_keys(reads)
    seen: dict[str, dict[str, list[str]]] = {part: {} for part in _PARTS}
    elements: dict[str, list[str]] = {}
    vim: dict[str, Any] = {"cloud_owner": "CloudOwner", "cloud_region_id": "k8s-region", "type": "k8s"}
    for sample in corpus:
        if sample.node is None:
            continue
        vim = dict(sample.vim)
        for part in _PARTS[:4]:
            for key, value in getattr(sample.node, part).items():
                values = seen[part].setdefault(key, [])
                if len(values) < 8 and value not in values:
                    values.append(value)
        for name, items in sample.node.features.items():
            seen["features"].setdefault(name, [])
            for element, value in items.items():
                if element not in elements.setdefault(name, []):
                    elements[name].append(element)
                if len(seen["features"][name]) < 8 and value not in seen["features"][name]:
                    seen["features"][name].append(value)
    frozen_seen = {part: {key: tuple(values) for key, values in found.items()} for part, found in seen.items()}
    generator = _NodeGenerator(declared, frozen_seen, {name: tuple(items) for name, items in elements.items()})
    nodes = _node_fixed(declared, frozen_seen) + [
        (str(index), generator.node(index)) for index in range(1, examples + 1)
    ]
    relevance = Relevance(reads)
    samples = []
    for name, node in nodes:
        (profile,) = profiles([node], relevance)
        samples.append(Sample(f"generated/{name}", profile.flavor(), {}, vim, profile.facts))
    return samples
