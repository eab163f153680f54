"""The Python 3.9 floor of everything that goes into a MultiCloud plugin image, checked without a 3.9 interpreter.

DESIGN.md "Runtime floor": the driver API, host, workers, drivers and compat run on Python 3.9-3.13 (the
plugin images are ``integration-python:9.1.0``, Alpine, Python 3.9). ``nox -s floor`` runs this script:

    python .ci/floor.py [-v] [metadata] [syntax] [wheels]   # no argument: all three

* metadata: each runtime pyproject admits 3.9 (``requires-python``) and publishes the 3.9-3.13 classifiers;
* syntax: ``vermin --target=3.9-`` over the runtime sources, plus what vermin does not see: PEP 604 unions
  evaluated at run time (``isinstance(x, A | B)``, aliases) and ``importlib.metadata.entry_points(group=)`` /
  ``EntryPoint.dist`` (3.10) taken from the standard library outside an ``if sys.version_info >= (3, 10):``
  (3.9 takes them from the ``importlib_metadata`` backport), and imports of dependencies 3.9 does not get
  (orjson, jsonschema-rs: their markers exclude it) outside a ``try:`` that catches ImportError;
* wheels: pip's resolver asked for the third-party dependencies of every runtime pyproject (ours are on no
  index), wheels only, for CPython 3.9 on manylinux2014 and musllinux_1_1 x86_64 (and 3.13 on manylinux2014
  and musllinux_1_2). pip evaluates environment markers against the Python it runs on, so it runs here with
  the target's marker environment. A resolution that only succeeds by going back to an older release is a
  failure too: a plain ``pip install`` takes the newest release and would build its sdist.

Runtime distributions are found, never listed: sdk/, host/, compat/*/, templates/driver/, packages/*/ and
tests/broken_drivers/*/. Each problem is one line starting with "floor:"; -v adds the details.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT: Final = Path(__file__).resolve().parent.parent
RUNTIME_GLOBS: Final = ("sdk", "host", "compat/*", "templates/driver", "packages/*", "tests/broken_drivers/*")
FLOOR: Final = "3.9"
SUPPORTED: Final = ("3.9", "3.10", "3.11", "3.12", "3.13")

GLIBC_2_17: Final = (
    "manylinux_2_17_x86_64",
    "manylinux2014_x86_64",
    "manylinux_2_12_x86_64",
    "manylinux2010_x86_64",
    "manylinux_2_5_x86_64",
    "manylinux1_x86_64",
)
MUSL_1_1: Final = ("musllinux_1_1_x86_64", "musllinux_1_0_x86_64")
MUSL_1_2: Final = ("musllinux_1_2_x86_64", *MUSL_1_1)
#: Every x86_64 Linux platform: what the newest release of each dependency is, wherever it has a wheel.
ANY_LINUX: Final = (*(f"manylinux_2_{minor}_x86_64" for minor in range(18, 41)), *GLIBC_2_17, *MUSL_1_2)
#: (python, name, platform tags pip may pick): the floor on both libcs, and the top of the range.
TARGETS: Final = (
    ("3.9", "manylinux2014_x86_64", GLIBC_2_17),
    ("3.9", "musllinux_1_1_x86_64", MUSL_1_1),
    ("3.13", "manylinux2014_x86_64", GLIBC_2_17),
    ("3.13", "musllinux_1_2_x86_64", MUSL_1_2),
)

#: Runs pip with the target's environment markers (pip evaluates them against the Python running it).
_PIP_AS: Final = """
import json, sys
from pip._vendor.packaging import markers
env = {**markers.default_environment(), **json.loads(sys.argv[1])}
markers.default_environment = lambda: dict(env)
from pip._internal.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


class Report:
    def __init__(self, *, verbose: bool) -> None:
        self.problems: list[str] = []
        self.verbose = verbose

    def problem(self, line: str, detail: str = "") -> None:
        self.problems.append(line)
        print(f"floor: {line}", flush=True)
        if detail and self.verbose:
            print(detail.rstrip(), flush=True)


def runtime_projects() -> list[Path]:
    found = {path.parent for pattern in RUNTIME_GLOBS for path in ROOT.glob(f"{pattern}/pyproject.toml")}
    return sorted(found)


def _project(path: Path) -> dict:
    return tomllib.loads((path / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# -- metadata ------------------------------------------------------------------------------------------------


def check_metadata(report: Report) -> None:
    for path in runtime_projects():
        project = _project(path)
        where = f"{_rel(path)}/pyproject.toml"
        requires = project.get("requires-python", "")
        spec = SpecifierSet(requires)
        if not spec.contains(FLOOR) or spec.contains("3.8"):
            report.problem(f"{where}: requires-python {requires!r}, expected '>={FLOOR}'")
        classifiers = project.get("classifiers", [])
        if "Private :: Do Not Upload" in classifiers:
            continue
        listed = {
            c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
        }
        missing = [version for version in SUPPORTED if version not in listed]
        if missing:
            report.problem(
                f"{where}: no 'Programming Language :: Python :: {missing[0]}' classifier (3.9-3.13 expected)"
            )


# -- syntax --------------------------------------------------------------------------------------------------


def runtime_sources() -> list[Path]:
    return [path / "src" for path in runtime_projects() if (path / "src").is_dir()]


def run_vermin(report: Report) -> None:
    vermin = shutil.which("vermin", path=str(Path(sys.executable).parent)) or shutil.which("vermin")
    if vermin is None:
        report.problem("vermin is not installed (pip install vermin)")
        return
    sources = [_rel(path) for path in runtime_sources()]
    command = [vermin, "--no-config-file", "--no-tips", "--violations", "--format", "parsable", "--target=3.9-"]
    command += ["--no-make-paths-absolute", *sources]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    # parsable: "file:line:col:py2:py3:feature" per violation, then per-file and overall minimums.
    violations = []
    for line in done.stdout.splitlines():
        parts = line.split(":", 5)
        if len(parts) == 6 and parts[0] and parts[1] and parts[5]:
            violations.append(f"{parts[0]}:{parts[1]}: {parts[5]} needs Python {parts[4]}")
    for violation in violations:
        report.problem(violation)
    if done.returncode and not violations:
        report.problem(f"vermin failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}", done.stderr)


_BUILTIN_TYPES: Final = frozenset(
    [
        "int",
        "str",
        "float",
        "bytes",
        "bool",
        "dict",
        "list",
        "tuple",
        "set",
        "frozenset",
        "type",
        "object",
        "complex",
        "bytearray",
        "memoryview",
    ]
)


def _capitalised(name: str) -> bool:
    bare = name.lstrip("_")
    return bare[:1].isupper() and not bare.isupper()


def _type_like(node: ast.AST) -> bool:
    """An operand that can only be a type: None, a builtin type, a CapWords name, a subscripted generic."""
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.Name):
        return node.id in _BUILTIN_TYPES or _capitalised(node.id)
    if isinstance(node, ast.Attribute):
        return _capitalised(node.attr)
    if isinstance(node, ast.Subscript):
        return _type_like(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _type_like(node.left) or _type_like(node.right)
    return False


def _is_union(node: ast.AST) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)


class _FloorVisitor(ast.NodeVisitor):
    """Run-time uses vermin misses; annotations are skipped where ``from __future__ import annotations``."""

    def __init__(self, lazy_annotations: bool, optional: frozenset[str] = frozenset()) -> None:
        self.lazy = lazy_annotations
        self.optional = optional
        self.guarded = 0  # inside an `if sys.version_info ...:` or `if TYPE_CHECKING:`
        self.trying = 0  # inside the body of a `try:` that catches ImportError
        self.found: list[tuple[int, str]] = []

    def visit_Try(self, node: ast.Try) -> None:
        catches = any(
            handler.type is None or {"ImportError", "ModuleNotFoundError", "Exception"} & set(_names(handler.type))
            for handler in node.handlers
        )
        self.trying += catches
        for statement in node.body:
            self.visit(statement)
        self.trying -= catches
        for part in [*node.handlers, *node.orelse, *node.finalbody]:
            self.visit(part)

    visit_TryStar = visit_Try  # noqa: N815 - ast.NodeVisitor's naming

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._optional(node.lineno, alias.name)

    def _optional(self, lineno: int, module: str) -> None:
        top = module.partition(".")[0]
        if top in self.optional and not (self.trying or self.guarded):
            self.found.append(
                (lineno, f"`import {top}` outside a try/except ImportError: {top} is not installed on {FLOOR}")
            )

    def visit_If(self, node: ast.If) -> None:
        test = ast.unparse(node.test)
        guard = "sys.version_info" in test or test in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
        self.guarded += guard
        self.generic_visit(node)
        self.guarded -= guard

    def _annotation(self, node: ast.AST | None) -> None:
        if node is not None and not self.lazy:
            self.visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]:
            if arg is not None:
                self._annotation(arg.annotation)
        for default in [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]:
            self.visit(default)
        self._annotation(node.returns)
        for statement in node.body:
            self.visit(statement)

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast.NodeVisitor's naming

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.target)
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if _is_union(node) and _type_like(node):
            self.found.append((node.lineno, "a PEP 604 union `X | Y` evaluated at run time (3.10): Union/Optional"))
            return
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name in {"isinstance", "issubclass"} and len(node.args) == 2 and _is_union(node.args[1]):
            self.found.append((node.lineno, f"{name}() with a `X | Y` union (3.10): pass a tuple"))
            for arg in node.args[:1]:
                self.visit(arg)
            return
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self._optional(node.lineno, node.module)
        names = {alias.name for alias in node.names}
        if node.module == "importlib.metadata" and names & _ENTRY_POINTS and not self.guarded:
            self.found.append((node.lineno, f"entry points from importlib.metadata {_BACKPORT}"))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _ENTRY_POINTS and ast.unparse(node.value) == "importlib.metadata" and not self.guarded:
            self.found.append((node.lineno, f"importlib.metadata.{node.attr} {_BACKPORT}"))
        self.generic_visit(node)


_ENTRY_POINTS: Final = frozenset({"entry_points", "EntryPoint", "EntryPoints"})
_BACKPORT: Final = (
    "(group= and EntryPoint.dist are 3.10): on 3.9 import them from importlib_metadata"
    " under `if sys.version_info >= (3, 10): ... else: ...`"
)


def _names(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Tuple):
        return [name for item in node.elts for name in _names(item)]
    return [node.id if isinstance(node, ast.Name) else ast.unparse(node)]


def optional_modules() -> frozenset[str]:
    """Import names of the runtime dependencies that Python 3.9 does not get (their markers exclude it)."""
    environment = _marker_environment(FLOOR)
    listed, installed = set(), set()
    for path in runtime_projects():
        for text in _project(path).get("dependencies", []):
            requirement = Requirement(text)
            module = canonicalize_name(requirement.name).replace("-", "_")
            listed.add(module)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                installed.add(module)
    return frozenset(listed - installed)


def _python_files(directories: list[Path]) -> Iterator[Path]:
    for directory in directories:
        yield from sorted(directory.rglob("*.py"))


def check_runtime_constructs(report: Report) -> None:
    optional = optional_modules()
    for path in _python_files(runtime_sources()):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        lazy = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and any(alias.name == "annotations" for alias in node.names)
            for node in tree.body
        )
        visitor = _FloorVisitor(lazy, optional)
        visitor.visit(tree)
        lines = text.splitlines()
        for lineno, what in visitor.found:
            if re.search(r"#\s*novm(ermin)?\b", lines[lineno - 1]):
                continue
            report.problem(f"{_rel(path)}:{lineno}: {what}")


# -- wheels --------------------------------------------------------------------------------------------------


def third_party_requirements() -> list[str]:
    """Every runtime pyproject's dependencies, less our own distributions (they are on no index)."""
    ours = {canonicalize_name(_project(path.parent).get("name", "")) for path in ROOT.glob("**/pyproject.toml")}
    found: dict[str, None] = {}
    for path in runtime_projects():
        for text in _project(path).get("dependencies", []):
            if canonicalize_name(Requirement(text).name) not in ours:
                found[text] = None
    return list(found)


def _marker_environment(python: str) -> dict[str, str]:
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_machine": "x86_64",
        "platform_system": "Linux",
        "sys_platform": "linux",
        "os_name": "posix",
    }


def resolve(python: str, platforms: tuple[str, ...], requirements: list[str]) -> tuple[dict[str, str], str, str]:
    """(name -> version pip would install, "" or the one-line reason it cannot, pip's stderr)."""
    abi = "cp" + python.replace(".", "")
    with tempfile.TemporaryDirectory(prefix="onap-hpa-floor-") as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, "-c", _PIP_AS, json.dumps(_marker_environment(python)), "install"]
        command += ["--dry-run", "--ignore-installed", "--quiet", "--disable-pip-version-check", "--no-input"]
        command += ["--report", str(report), "--target", str(Path(tmp) / "target"), "--only-binary=:all:"]
        command += ["--python-version", python, "--implementation", "cp", "--abi", abi]
        command += [arg for platform in platforms for arg in ("--platform", platform)]
        done = subprocess.run([*command, *requirements], capture_output=True, text=True, check=False)
        if done.returncode:
            return {}, _pip_reason(done.stderr), done.stderr
        installed = json.loads(report.read_text(encoding="utf-8"))["install"]
        versions = {canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"] for item in installed}
        return versions, "", done.stderr


def _pip_reason(stderr: str) -> str:
    missing = re.search(r"No matching distribution found for (\S+)", stderr)
    if missing:
        return f"no wheel of {missing.group(1)}"
    errors = [line.removeprefix("ERROR: ").strip() for line in stderr.splitlines() if line.startswith("ERROR:")]
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return (errors or lines or ["pip failed without a message"])[-1]


def check_wheels(report: Report) -> None:
    requirements = third_party_requirements()
    if report.verbose:
        print("third-party runtime requirements:", *requirements, sep="\n  ")
    for python in dict.fromkeys(python for python, _, _ in TARGETS):
        newest, reason, stderr = resolve(python, ANY_LINUX, requirements)
        if reason:
            report.problem(f"cp{python.replace('.', '')} on any x86_64 Linux: {reason}", stderr)
            continue
        for target_python, name, platforms in TARGETS:
            if target_python != python:
                continue
            where = f"cp{python.replace('.', '')} {name}"
            versions, reason, stderr = resolve(python, platforms, requirements)
            if reason:
                report.problem(f"{where}: {reason}", stderr)
                continue
            if report.verbose:
                print(f"{where}:", " ".join(f"{dist}=={version}" for dist, version in sorted(versions.items())))
            for dist, version in sorted(versions.items()):
                if newest.get(dist, version) != version:
                    report.problem(
                        f"{where}: wheels only go up to {dist} {version} here, a plain pip install takes"
                        f" {newest[dist]} and builds an sdist (of it or of a dependency); cap {dist} for this Python"
                    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("checks", nargs="*", metavar="{metadata,syntax,wheels}", help="default: all three")
    parser.add_argument("-v", "--verbose", action="store_true", help="details: vermin and pip output, resolutions")
    args = parser.parse_args(argv)
    checks = args.checks or ["metadata", "syntax", "wheels"]
    unknown = sorted(set(checks) - {"metadata", "syntax", "wheels"})
    if unknown:
        parser.error(f"unknown check {unknown[0]!r}")
    report = Report(verbose=args.verbose)
    if "metadata" in checks:
        check_metadata(report)
    if "syntax" in checks:
        run_vermin(report)
        check_runtime_constructs(report)
    if "wheels" in checks:
        check_wheels(report)
    if report.problems:
        print(
            f"floor: {len(report.problems)} problem(s) with the Python {FLOOR} floor; `nox -s floor -- -v` for details"
        )
        return 1
    print(f"floor: runtime distributions OK for Python {FLOOR}-{SUPPORTED[-1]} ({', '.join(checks)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
