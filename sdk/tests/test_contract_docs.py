"""The hookspecs module is the vendor documentation: hold it to that."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from onap_hpa import hookspecs
from onap_hpa.drivers import HOOKS

SPECS = [getattr(hookspecs, name) for name in HOOKS]
TESTS = Path(__file__).parents[2] / "host" / "tests"  # the hooks are exercised through the host


@pytest.mark.parametrize("spec", SPECS, ids=HOOKS)
def test_every_hookspec_documents_its_contract(spec: object) -> None:
    doc = inspect.getdoc(spec) or ""
    for part in (":param request:", ":return:", ":raises", ".. versionadded::"):
        assert part in doc, f"{spec.__name__} docstring lacks {part}"  # type: ignore[attr-defined]
    assert list(inspect.signature(spec).parameters) == ["request"]  # type: ignore[arg-type]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_its_test(hook: str) -> None:
    sources = "\n".join(path.read_text() for path in TESTS.glob("test_*.py"))
    assert f"def test_hook_{hook}(" in sources
