"""Dependencies run one way: drivers and the SDK never import the host or the harness; the host never imports
the harness. Read from the source (the AST of every module, imports inside functions and ``TYPE_CHECKING``
blocks included, and ``importlib.import_module``/``__import__`` of a literal name), not from what a test run
happens to import."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST, HARNESS = "onap_hpa_host", "onap_hpa_harness"

#: Source trees and the top-level packages their modules must never import.
RULES: dict[str, tuple[list[Path], frozenset[str]]] = {
    "drivers": (sorted(ROOT.glob("packages/*/src")), frozenset({HOST, HARNESS})),
    "driver template": ([ROOT / "templates" / "driver" / "src"], frozenset({HOST, HARNESS})),
    "sdk": ([ROOT / "sdk" / "src"], frozenset({HOST, HARNESS})),
    "host": ([ROOT / "host" / "src"], frozenset({HARNESS})),
}


def imported(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, module) of every absolute import in ``tree``, and of import_module/__import__ of a literal."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in {"import_module", "__import__"} and literal:
                yield node.lineno, first.value


def violations(path: Path, forbidden: frozenset[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{line}: imports {module}"
        for line, module in imported(tree)
        if module.split(".")[0] in forbidden
    ]


def violations_of(source: str) -> list[str]:
    return [module for _, module in imported(ast.parse(source)) if module.split(".")[0] in {HOST, HARNESS}]


@pytest.mark.parametrize("rule", sorted(RULES))
def test_dependencies_run_one_way(rule: str) -> None:
    roots, forbidden = RULES[rule]
    files = [path for root in roots for path in sorted(root.rglob("*.py")) if "__pycache__" not in path.parts]
    assert roots
    assert all(root.is_dir() for root in roots), roots
    assert files, f"no modules found for {rule}"
    found = [problem for path in files for problem in violations(path, forbidden)]
    assert found == [], f"{rule} must not import {sorted(forbidden)}"


def test_the_drivers_rule_covers_every_driver_distribution() -> None:
    roots, _ = RULES["drivers"]
    assert {root.parent.name for root in roots} >= {
        "onap-device-driver-compute",
        "onap-device-driver-gpu",
        "onap-device-driver-ovs-dpdk",
        "onap-device-driver-sriov-nic",
    }


@pytest.mark.parametrize(
    "source",
    [
        "import onap_hpa_host",
        "import onap_hpa_host.validation as v",
        "from onap_hpa_host.validation import MAX_BYTES",
        "from onap_hpa_harness import demo",
        "def f():\n    from onap_hpa_host import Host",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from onap_hpa_host import Host",
        "import importlib\nimportlib.import_module('onap_hpa_host.host')",
        "__import__('onap_hpa_harness')",
    ],
)
def test_every_spelling_of_an_import_is_caught(source: str) -> None:
    assert len(violations_of(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "import onap_hpa\nfrom onap_hpa import budget",
        "from . import onap_hpa_host",  # relative: the package's own module of that name
        '"""Not the host: onap_hpa_host.validation measures the same (a docstring)."""',
        "GROUP = 'onap_hpa_harness.demo'",
        "import onap_hpa_hostile",
    ],
)
def test_what_is_not_an_import_of_them_passes(source: str) -> None:
    assert violations_of(source) == []
