"""The conformance checks, one function per check: ``check(ctx) -> str`` (the detail) or :class:`CheckFailed`.

Every check runs the driver as the plugin will: through ``onap_hpa.Host`` with only this driver
loaded from its entry point. A pass that meets a driver past its deadline stops at that flavor, so a
hanging driver costs one deadline per check, not one per flavor.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import Distribution, EntryPoint
from pathlib import Path
from typing import Any, Final

from onap_hpa import CONTRACT_VERSION, ENTRY_POINT_GROUP, DriverInfo, hookspecs
from onap_hpa.driver_info import contract_supported
from onap_hpa.ids import capability_url
from onap_hpa.request import DiscoveryRequest
from onap_hpa_harness.conformance.corpus import Sample, fixture_corpus
from onap_hpa_host import Host

__all__ = ["CHECKS", "CheckFailed", "Context", "discover_corpus"]

DIST_NAME: Final = re.compile(r"^onap-device-driver-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")
#: Host deadline per hook call during conformance (seconds): a hang is caught quickly.
DEADLINE: Final = 0.5
#: Per-flavor budget (ms): discover + delete_urls of one flavor, only this driver, best of 5 runs.
BUDGET_MS: Final = 5.0
#: Hypothesis examples of hostile flavors per driver (derandomized: the same ones on every run).
EXAMPLES: Final = 150
#: Fault kinds that fail a driver on fixture flavors (bad-input is the flavor's fault, not the driver's).
DRIVER_FAULTS: Final = frozenset({"raised", "timeout", "invalid-output", "oversize", "undeclared-feature"})
#: Fault kinds that fail a driver on hostile flavors: anything uncaught, a hang, or output AAI/OOF cannot take.
#: (``oversize`` is tolerated there: a hostile flavor may legitimately ask for more devices than fit.)
HOSTILE_FAULTS: Final = frozenset({"raised", "timeout", "invalid-output", "undeclared-feature"})


class CheckFailed(Exception):  # noqa: N818 - the outcome of a check, not an error of the harness
    """A check did not pass; the message is the reason printed in the summary."""


@dataclass
class Context:
    """One driver distribution under test, and what the checks share (computed once)."""

    distribution: Distribution
    fixtures: Path | None
    wheel: str | None = None
    budget_ms: float = BUDGET_MS
    examples: int = EXAMPLES
    #: the entry point under test when the distribution ships several drivers (``None``: its only one)
    ep_name: str | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def name(self) -> str:
        """The distribution's name as its metadata spells it."""
        return str(self.distribution.metadata["Name"])

    @cached_property
    def entry_points(self) -> list[EntryPoint]:
        """The distribution's entry points in ``onap.hpa.drivers``."""
        return [ep for ep in self.distribution.entry_points if ep.group == ENTRY_POINT_GROUP]

    def entry_point(self) -> EntryPoint:
        """The driver entry point under test, or :class:`CheckFailed`."""
        if self.ep_name is not None:
            return next(ep for ep in self.entry_points if ep.name == self.ep_name)
        if len(self.entry_points) != 1:
            found = [ep.name for ep in self.entry_points]
            raise CheckFailed(f"expected one entry point in group {ENTRY_POINT_GROUP}, found {found}")
        return self.entry_points[0]

    def module(self) -> Any:
        """The loaded entry point object (module), or :class:`CheckFailed` with the import error."""
        if "module" not in self.cache:
            ep = self.entry_point()
            try:
                self.cache["module"] = ep.load()
            except Exception as error:  # noqa: BLE001 - any import failure is the check's finding
                self.cache["module"] = CheckFailed(f"import of {ep.value!r} failed: {type(error).__name__}: {error}")
        if isinstance(self.cache["module"], CheckFailed):
            raise self.cache["module"]
        return self.cache["module"]

    def host(self) -> Host:
        """A host with only this driver loaded, or :class:`CheckFailed` saying why it is not."""
        if "host" not in self.cache:
            ep = self.entry_point()
            host = Host(installed=True, only=[ep.name], disable=(), deadline=DEADLINE)
            record = next((d for d in host.drivers if d.name == ep.name and d.source == ep.value), None)
            if record is None or record.status != "loaded":
                why = record.error if record is not None else "not found by the host"
                self.cache["host"] = CheckFailed(f"the host does not load driver {ep.name!r}: {why}")
            else:
                self.cache["host"] = host
        if isinstance(self.cache["host"], CheckFailed):
            raise self.cache["host"]
        return self.cache["host"]

    @cached_property
    def corpus(self) -> list[Sample]:
        """Every fixture flavor."""
        return fixture_corpus(self.fixtures)

    def results(self, run: str = "first") -> list[list[Any]]:
        """The driver's results over the corpus (one in-process pass per ``run`` name, cached)."""
        key = f"results-{run}"
        if key not in self.cache:
            self.cache[key] = discover_corpus(self.host(), self.corpus)
        return self.cache[key]


def discover_corpus(host: Host, corpus: list[Sample]) -> list[list[Any]]:
    """``[label, record, fault kinds and messages, delete urls]`` per flavor; stops after a timeout."""
    out: list[list[Any]] = []
    for sample in corpus:
        try:
            request = DiscoveryRequest.build(sample.flavor, sample.extra_specs, sample.vim)
        except ValueError:
            continue  # the plugin would not call drivers for a request the host refuses
        result = host.discover(request)
        deletes = host.delete_urls(request)
        faults = [[f.kind, f.message] for f in (*result.faults, *deletes.faults)]
        out.append([sample.label, result.record, faults, list(deletes.urls)])
        if any(kind == "timeout" for kind, _ in faults):
            break
    return out


def _driver_faults(results: list[list[Any]], kinds: frozenset[str]) -> list[str]:
    return [
        f"{label}: {kind}: {message}" for label, _, faults, _ in results for kind, message in faults if kind in kinds
    ]


def _first(problems: list[str], more: str = "flavors") -> str:
    extra = f" (and {len(problems) - 1} more {more})" if len(problems) > 1 else ""
    return problems[0] + extra


# -- the checks ----------------------------------------------------------------------------------


def check_name(ctx: Context) -> str:
    """The distribution is ``onap-device-driver-<name>``, its entry point is ``<name>``, the wheel file matches."""
    match = DIST_NAME.match(ctx.name)
    if match is None:
        raise CheckFailed(f"distribution {ctx.name!r} does not follow onap-device-driver-<name> (lowercase, '-')")
    ep = ctx.entry_point()
    # A distribution shipping several drivers names them <name>-<part> (onap-device-driver-compute: compute-cpu).
    several = len(ctx.entry_points) > 1 and ep.name.startswith(match.group(1) + "-")
    if ep.name != match.group(1) and not several:
        raise CheckFailed(f"entry point is named {ep.name!r}; expected {match.group(1)!r} for {ctx.name}")
    if ctx.wheel is not None:
        expected = ctx.name.replace("-", "_")
        found = Path(ctx.wheel).name.split("-", 1)[0]
        if found != expected:
            raise CheckFailed(f"wheel file {Path(ctx.wheel).name!r} does not start with {expected}-")
    return f"{ctx.name}, entry point {ep.name} = {ep.value}"


def check_entry_point(ctx: Context) -> str:
    """The entry point imports and exports ``DRIVER = onap_hpa.DriverInfo(...)`` named like the entry point."""
    module = ctx.module()
    info = getattr(module, "DRIVER", None)
    if not isinstance(info, DriverInfo):
        raise CheckFailed(f"{ctx.entry_point().value} has no DRIVER = onap_hpa.DriverInfo(...)")
    if info.name != ctx.entry_point().name:
        raise CheckFailed(f"DRIVER.name is {info.name!r} but the entry point is {ctx.entry_point().name!r}")
    return f"{info.name} {info.version}, features {sorted(info.features)}"


def check_hooks(ctx: Context) -> str:
    """Every ``hpa_*`` function is a marked hookimpl of a hookspec, with the hookspec's argument names."""
    module = ctx.module()
    specs = {
        name: inspect.signature(getattr(hookspecs, name)).parameters for name in ("hpa_discover", "hpa_delete_urls")
    }
    found = []
    for attr in sorted(dir(module)):
        value = getattr(module, attr)
        if not attr.startswith("hpa_") or not callable(value):
            continue
        if getattr(value, f"{hookspecs.PROJECT}_impl", None) is None:
            raise CheckFailed(f"{attr} is not marked with @onap_hpa.hookimpl")
        if attr not in specs:
            raise CheckFailed(f"{attr} is not a hook of contract {CONTRACT_VERSION}; the hooks are {sorted(specs)}")
        params = list(inspect.signature(value).parameters)
        unknown = [p for p in params if p not in specs[attr]]
        if unknown:
            raise CheckFailed(f"{attr}{inspect.signature(value)} takes {unknown}; the hookspec is {attr}(request)")
        found.append(f"{attr}({', '.join(params)})")
    if not any(f.startswith("hpa_discover(") for f in found):
        raise CheckFailed("no hpa_discover hookimpl (mark it with @onap_hpa.hookimpl)")
    return ", ".join(found)


def check_contract(ctx: Context) -> str:
    """``DRIVER.contract`` is a contract version this SDK supports."""
    info = getattr(ctx.module(), "DRIVER", None)
    declared = getattr(info, "contract", None)
    if not isinstance(declared, str) or not contract_supported(declared):
        raise CheckFailed(
            f"declares contract {declared!r}; this SDK supports {CONTRACT_VERSION} (same major, minor <=)"
        )
    return f"contract {declared} on SDK contract {CONTRACT_VERSION}"


def check_fixtures(ctx: Context) -> str:
    """Every fixture flavor gives schema-valid results <= 1500 B with declared features only, raising nothing."""
    results = ctx.results()
    problems = _driver_faults(results, DRIVER_FAULTS)
    if problems:
        raise CheckFailed(_first(problems))
    records = sum(len((rec or {}).get("hpa-capabilities", {}).get("hpa-capability", [])) for _, rec, _, _ in results)
    bad_input = sum(1 for _, _, faults, _ in results for kind, _ in faults if kind == "bad-input")
    return f"{len(results)} flavors, {records} records, {bad_input} bad-input faults"


def _comparable(results: list[list[Any]]) -> list[list[Any]]:
    # Fault messages may carry timings or object addresses; kinds are what must be stable.
    return [[label, record, sorted(kind for kind, _ in faults), urls] for label, record, faults, urls in results]


def check_stable(ctx: Context) -> str:
    """Two runs in this process and runs in two other processes (other hash seeds) give identical results."""
    first, second = _comparable(ctx.results("first")), _comparable(ctx.results("second"))
    diff = next((a[0] for a, b in zip(first, second, strict=False) if a != b), None)
    if diff is not None or len(first) != len(second):
        raise CheckFailed(f"two runs in one process differ, first at flavor {diff}")
    ep = ctx.entry_point()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        if ctx.fixtures is not None:
            env["ONAP_HPA_FIXTURES"] = str(ctx.fixtures)
        command = [sys.executable, "-m", "onap_hpa_harness.conformance.worker", ep.name, ep.value]
        run = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=600)  # noqa: S603 - our worker
        if run.returncode != 0:
            raise CheckFailed(f"the run in another process failed: {run.stderr.strip()[-300:]}")
        other = _comparable(json.loads(run.stdout))
        diff = next((a[0] for a, b in zip(first, other, strict=False) if a != b), None)
        if diff is not None or len(first) != len(other):
            raise CheckFailed(f"a run in another process (PYTHONHASHSEED={seed}) differs, first at flavor {diff}")
    return f"{len(first)} flavors identical across 2 runs and 2 processes"


def check_delete_urls(ctx: Context) -> str:
    """``hpa_delete_urls`` returns exactly the URLs of the records ``hpa_discover`` creates, for every flavor."""
    problems = []
    for label, record, faults, urls in ctx.results():
        if record is None or any(kind in DRIVER_FAULTS for kind, _ in faults):
            continue  # records the host dropped are the fixtures check's finding
        owner, region = _owner_region(ctx, label)
        created = [
            capability_url(owner, region, record["flavor-id"], cap["hpa-capability-id"])
            for cap in record["hpa-capabilities"]["hpa-capability"]
        ]
        if sorted(urls) != sorted(created) or len(set(urls)) != len(urls):
            missing, extra = sorted(set(created) - set(urls)), sorted(set(urls) - set(created))
            delete_faults = [message for kind, message in faults if "hpa_delete_urls" in message]
            why = f"; {delete_faults[0]}" if delete_faults else ""
            problems.append(f"{label}: {len(missing)} created records without a URL, {len(extra)} URLs of nothing{why}")
    if problems:
        raise CheckFailed(_first(problems))
    return f"{len(ctx.results())} flavors: URLs match the created records"


def _owner_region(ctx: Context, label: str) -> tuple[str, str]:
    sample = next(s for s in ctx.corpus if s.label == label)
    request = DiscoveryRequest.build(sample.flavor, sample.extra_specs, sample.vim)
    return request.vim.cloud_owner, request.vim.cloud_region_id


def check_hostile(ctx: Context) -> str:
    """Hypothesis-generated hostile flavors raise nothing but ExtraSpecError/VimInfoError/PartialDiscovery."""
    from hypothesis import HealthCheck, Phase, given, settings

    from onap_hpa_harness.conformance.corpus import hostile_requests

    host = ctx.host()
    keys = tuple(sorted({key for sample in ctx.corpus for key in sample.extra_specs}))
    found: list[str] = []

    @settings(
        max_examples=ctx.examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported as found
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_requests(keys))
    def probe(triple: tuple[dict[str, Any], dict[str, str], dict[str, Any]]) -> None:
        flavor, specs, vim = triple
        try:
            request = DiscoveryRequest.build(flavor, specs, vim)
        except ValueError:
            return
        faults = [*host.discover(request).faults, *host.delete_urls(request).faults]
        bad = [f for f in faults if f.kind in HOSTILE_FAULTS]
        if bad:
            shown = json.dumps(specs, ensure_ascii=True)[:200]
            found.append(f"{bad[0].kind}: {bad[0].message} (extra_specs {shown})")
            raise CheckFailed(found[-1])

    try:
        probe()
    except Exception as error:  # noqa: BLE001 - hypothesis may wrap our failure; `found` has the reason
        raise CheckFailed(found[0] if found else f"{type(error).__name__}: {error}") from None
    return f"{ctx.examples} hostile flavors, no uncaught exception"


def check_budget(ctx: Context) -> str:
    """Per fixture flavor, discover + delete_urls with only this driver takes at most the budget (best of 5)."""
    host = ctx.host()
    times = []
    for sample in ctx.corpus:
        try:
            request = DiscoveryRequest.build(sample.flavor, sample.extra_specs, sample.vim)
        except ValueError:
            continue
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            result = host.discover(request)
            host.delete_urls(request)
            best = min(best, time.perf_counter() - start)
            if any(f.kind == "timeout" for f in result.faults):
                raise CheckFailed(f"{sample.label}: past the {DEADLINE} s deadline")
        if best * 1000 > ctx.budget_ms:
            raise CheckFailed(f"{sample.label}: {best * 1000:.2f} ms per flavor, over the {ctx.budget_ms:g} ms budget")
        times.append((best * 1000, sample.label))
    if not times:
        return "no fixture flavor"
    worst_ms, worst = max(times)
    mean = sum(t for t, _ in times) / len(times)
    return f"mean {mean:.3f} ms, worst {worst_ms:.3f} ms ({worst}) per flavor; budget {ctx.budget_ms:g} ms"


#: Every check, in the order they run and are reported.
CHECKS: Final[dict[str, Callable[[Context], str]]] = {
    "name": check_name,
    "entry-point": check_entry_point,
    "hooks": check_hooks,
    "contract": check_contract,
    "fixtures": check_fixtures,
    "stable": check_stable,
    "delete-urls": check_delete_urls,
    "hostile": check_hostile,
    "budget": check_budget,
}
