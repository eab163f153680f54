"""One driver under test and every run the checks share: always its sandboxed worker, never this process.

The gate never imports a driver. It runs it as production does:

* through :class:`onap_hpa_host.Host` (``isolation="process"``, only this driver): the host starts the
  driver's worker in its sandbox, sends the requests and judges the bytes it gets back (schema, OOF
  value rules, catalogue, declared features, byte cap, ids). Fixture flavors, the same again in the same
  worker and in fresh ones (other hash seeds), generated flavors, and one flavor at a time for timing;
* through a bare :class:`onap_hpa_host.workers.pool.WorkerPool` with the host's own sandbox policy and
  worker environment (the ``raw`` run): what the driver returned before the host judged it, and its
  attempt reports, request by request. The ``catalogue`` and ``exercised`` checks read these;
* through the same pool with canary credentials added to the worker's own environment (the
  ``exposure`` run), as a misconfigured sandbox would leak them: nothing of them may come back.

The driver under test is an entry point of an installed distribution (a Python driver, or a binary an
``exec:`` entry point names, as a platform wheel ships it), or a bare protocol worker binary
(``executable``, ``onap-hpa conformance --exec PATH``), which the host runs as it runs
``Host(executables=[PATH])``: the driver's name then comes from the binary's hello, and there is no
distribution to check its name against.

While the checks run, canary credentials sit in this process's environment and in the VIM info of every
request (:mod:`onap_hpa_harness.conformance.canaries`), and everything the driver's workers write to
their logs is captured. A worker that crashes, hangs or is killed is the host's business: it becomes a
fault of that flavor (``crashed`` with the exit status or signal and the last lines the worker wrote,
``timeout``, ``quarantined``), never an exception here.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import Distribution, EntryPoint, distributions
from pathlib import Path
from typing import Any, Final

from onap_hpa import ENTRY_POINT_GROUP
from onap_hpa.drivers import DriverRecord
from onap_hpa.errors import RequestError
from onap_hpa.request import DiscoveryRequest
from onap_hpa.worker.wire import request_to_wire
from onap_hpa_harness.conformance.canaries import Canaries, make_canaries, planted
from onap_hpa_harness.conformance.corpus import (
    Sample,
    cluster_corpus,
    fixture_corpus,
    generated_corpus,
    node_corpus,
    reads_nodes,
)
from onap_hpa_host import FlavorResult, Host
from onap_hpa_host.workers import config as workers_config
from onap_hpa_host.workers.pool import Outcome, WorkerPool, WorkerSpec

__all__ = ["DEADLINE", "EXPOSED", "Captured", "CheckFailed", "CheckSkipped", "Context", "Run", "gate_environment"]

#: Seconds one flavor may take in the gate before the worker is killed (production: 2 s). The budget is
#: milliseconds, so a driver this slow fails anyway, and a hanging driver costs little.
DEADLINE: Final = 0.5
#: Generated flavors also run in the exposure run (after every fixture flavor).
EXPOSED: Final = 24
_LOGGER: Final = "onap_hpa.driver"
#: Fault kinds meaning the driver's worker did not finish a flavor (crash, kill, protocol break, hang).
UNFINISHED: Final = frozenset({"crashed", "timeout", "quarantined"})
_PROTOCOL: Final = re.compile(r"^the worker .*; it was killed")


class CheckFailed(Exception):  # noqa: N818 - the outcome of a check, not an error of the harness
    """A check did not pass; the message is the reason printed in the summary."""

    def __init__(self, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.data = data or {}


class CheckSkipped(Exception):  # noqa: N818 - the outcome of a check
    """A check could not run (the driver did not load, or did not finish its flavors); the message says why."""


@dataclass(frozen=True)
class Captured:
    """One line a driver's worker wrote (its stderr, as the host logs it), and from which run."""

    run: str
    line: str


@dataclass
class Run:
    """A raw run: the requests sent to the driver's worker and each outcome, unjudged."""

    samples: list[Sample]
    outcomes: list[Outcome]
    lines: list[str]
    hello: dict[str, Any]
    protections: dict[str, Any]
    error: str = ""


class _Capture(logging.Handler):
    """Every record the host logs under ``onap_hpa.driver.*``: the workers' stderr and the faults."""

    def __init__(self, lines: list[Captured], ctx: Context) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines
        self.ctx = ctx

    def emit(self, record: logging.LogRecord) -> None:
        with suppress(Exception):
            self.lines.append(Captured(self.ctx.current, record.getMessage()))


@contextmanager
def gate_environment(ctx: Context) -> Iterator[None]:
    """Canaries planted, the workers' logs captured, every host and pool closed afterwards."""
    logger = logging.getLogger(_LOGGER)
    handler = _Capture(ctx.captured, ctx)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with planted(ctx.canaries):
            yield
    finally:
        ctx.close()
        logger.removeHandler(handler)
        logger.setLevel(old_level)


@dataclass
class Context:
    """One driver (an entry point of a distribution, or a protocol worker binary) under test, and the runs its
    checks share."""

    distribution: Distribution | None
    fixtures: Path | None
    wheel: str | None = None
    budget_ms: float = 5.0
    examples: int = 150
    #: the entry point under test when the distribution ships several drivers (``None``: its only one)
    ep_name: str | None = None
    #: driver entry point name -> distribution, of drivers installed where the gate was asked (a wheel's
    #: venv has only the wheel; the caller's drivers are passed in)
    known: dict[str, str] = field(default_factory=dict)
    #: a protocol worker binary under test instead of a distribution's entry point (an absolute path)
    executable: str | None = None
    deadline: float = DEADLINE
    canaries: Canaries = field(default_factory=make_canaries)
    captured: list[Captured] = field(default_factory=list)
    current: str = "load"  #: the run under way, for captured lines
    cache: dict[str, Any] = field(default_factory=dict)
    _hosts: list[Host] = field(default_factory=list)

    # -- the driver ---------------------------------------------------------------------------

    @cached_property
    def name(self) -> str:
        """The distribution's name as its metadata spells it ("" for a bare binary: it has none)."""
        return str(self.distribution.metadata["Name"]) if self.distribution is not None else ""

    @property
    def version(self) -> str:
        """The distribution's version, or the version a bare binary's hello gives."""
        if self.distribution is not None:
            return str(self.distribution.version)
        return str(self.hello().get("version", ""))

    @cached_property
    def entry_points(self) -> list[EntryPoint]:
        """The distribution's entry points in ``onap.hpa.drivers`` (none for a bare binary)."""
        if self.distribution is None:
            return []
        return [ep for ep in self.distribution.entry_points if ep.group == ENTRY_POINT_GROUP]

    @property
    def source(self) -> str:
        """What the host runs: the entry point's value (a module, or ``exec:`` and a binary), or the binary's path."""
        return self.executable if self.executable is not None else self.entry_point().value

    @property
    def binary(self) -> bool:
        """True when the driver is a protocol worker binary (``--exec``, or an ``exec:`` entry point)."""
        return self.executable is not None or self.source.startswith("exec:")

    def entry_point(self) -> EntryPoint:
        """The driver entry point under test, or :class:`CheckFailed` (also for a bare binary: it has none)."""
        if self.executable is not None:
            raise CheckFailed(f"{self.executable} is a bare binary: it has no entry point")
        if self.ep_name is not None:
            return next(ep for ep in self.entry_points if ep.name == self.ep_name)
        if len(self.entry_points) != 1:
            found = [ep.name for ep in self.entry_points]
            raise CheckFailed(f"expected one entry point in group {ENTRY_POINT_GROUP}, found {found}")
        return self.entry_points[0]

    @cached_property
    def installed(self) -> dict[str, set[str]]:
        """Driver entry point name -> the distributions registering it, here and where the gate was asked."""
        found: dict[str, set[str]] = {}
        for dist in distributions():
            for ep in dist.entry_points:
                if ep.group == ENTRY_POINT_GROUP:
                    found.setdefault(ep.name, set()).add(str(dist.metadata["Name"]))
        for name, dist_name in self.known.items():
            found.setdefault(name, set()).add(dist_name)
        return found

    def record(self) -> DriverRecord:
        """What the host made of the driver at start-up (loaded, or why not)."""
        if "record" not in self.cache:
            host = self.host()
            if self.executable is not None:
                # Named by its hello once it started; "exec:<path>" when it did not.
                name, found = self.worker_key, [d for d in host.drivers if d.source == self.executable]
            else:
                ep = self.entry_point()
                name, found = ep.name, [d for d in host.drivers if d.name == ep.name and d.source == ep.value]
            self.cache["record"] = found[0] if found else DriverRecord(name, status="failed", error="not found")
        return self.cache["record"]

    @property
    def worker_key(self) -> str:
        """The name the host and the pool key the driver's worker by: the entry point's, or ``exec:<path>``."""
        return f"exec:{self.executable}" if self.executable is not None else self.entry_point().name

    def loaded(self) -> DriverRecord:
        """The loaded driver's record, or :class:`CheckSkipped` (the load checks say why)."""
        record = self.record()
        if record.status != "loaded":
            raise CheckSkipped(f"not run: the driver did not load ({record.status})")
        return record

    def hello(self) -> dict[str, Any]:
        """The driver's self-description, as its worker sent it (name, features, reads, feature_specs...)."""
        if "hello" not in self.cache:
            self.raw()
        return self.cache.get("hello", {})

    # -- hosts --------------------------------------------------------------------------------

    def host(self) -> Host:
        """A host running only this driver in its sandboxed worker; a fresh one once a worker is quarantined."""
        hosts = self._hosts
        if hosts:
            workers = hosts[-1].workers()
            if not any(worker.get("state") == "quarantined" for worker in workers.values()):
                return hosts[-1]
        # Process isolation whatever ONAP_HPA_ISOLATION says: the gate runs drivers as production does.
        if self.executable is not None:
            # As a plugin runs a binary it was given: only it (no installed driver), sandboxed.
            host = Host(
                installed=False, executables=[self.executable], disable=(), deadline=self.deadline, isolation="process"
            )
        else:
            host = Host(
                installed=True, only=[self.entry_point().name], disable=(), deadline=self.deadline, isolation="process"
            )
        hosts.append(host)
        return host

    def workers(self) -> dict[str, Any]:
        """The driver's worker as the host reports it (state, protections, missing protections)."""
        name = self.record().name if self.executable is not None else self.entry_point().name
        return self.host().workers().get(name, {})

    @contextmanager
    def running(self, run: str) -> Iterator[None]:
        previous, self.current = self.current, run
        try:
            yield
        finally:
            self.current = previous

    def requests(self, samples: Sequence[Sample]) -> list[tuple[Sample, DiscoveryRequest]]:
        """Requests the plugin would make of these flavors (VIM info with canary credentials); the host
        refuses malformed plugin data before any driver sees it, so those flavors are left out."""
        built = []
        for sample in samples:
            try:
                vim = self.canaries.viminfo(sample.vim)
                request = DiscoveryRequest.build(sample.flavor, sample.extra_specs, vim, node=sample.node)
            except (RequestError, ValueError, TypeError):
                continue
            built.append((sample, request))
        return built

    def discover(self, run: str, samples: Sequence[Sample]) -> list[tuple[Sample, FlavorResult]]:
        """Every flavor through the host in one batch (pipelined through the worker)."""
        pairs = self.requests(samples)
        with self.running(run):
            results = self.host().discover_many([request for _, request in pairs])
        return [(sample, result) for (sample, _), result in zip(pairs, results, strict=True)]

    # -- corpora ------------------------------------------------------------------------------

    @cached_property
    def fixture_samples(self) -> list[Sample]:
        """Every fixture flavor; and every recorded cluster's node profiles for a driver that reads node facts."""
        return self._fixture_corpus(self.hello())

    def _fixture_corpus(self, hello: dict[str, Any]) -> list[Sample]:
        samples = fixture_corpus(self.fixtures)
        reads = _reads(hello)
        if reads_nodes(reads):
            samples += cluster_corpus(self.fixtures, reads)
        return samples

    @cached_property
    def on_nodes(self) -> bool:
        """True when the driver declares node facts among its reads: it runs on Kubernetes node profiles."""
        return reads_nodes(_reads(self.hello()))

    @cached_property
    def generated_samples(self) -> list[Sample]:
        """Hostile flavors over the keys the driver declares it reads and the fixtures' keys; for a driver that
        reads node facts, hostile node profiles over those facts and the recorded clusters' ones."""
        reads = _reads(self.hello())
        if reads_nodes(reads):
            return node_corpus(reads, self.fixture_samples, self.examples)
        return generated_corpus(reads, self.fixture_samples, self.examples)

    def fixture_results(self) -> list[tuple[Sample, FlavorResult]]:
        """The fixture flavors through the host (the first run; the others compare with it)."""
        if "fixtures" not in self.cache:
            self.loaded()
            self.cache["fixtures"] = self.discover("fixtures", self.fixture_samples)
        return self.cache["fixtures"]

    def hostile_results(self) -> list[tuple[Sample, FlavorResult]]:
        """The generated flavors through the host."""
        if "hostile" not in self.cache:
            self.loaded()
            self.cache["hostile"] = self.discover("hostile", self.generated_samples)
        return self.cache["hostile"]

    def unfinished(self) -> list[str]:
        """Fixture flavors the driver's worker did not finish (crashed, hung, quarantined, broke the protocol)."""
        return [
            f"{sample.label}: {fault.kind}"
            for sample, result in self.fixture_results()
            for fault in result.faults
            if fault.kind in UNFINISHED or (fault.kind == "invalid-output" and _PROTOCOL.match(fault.message))
        ]

    # -- raw runs -----------------------------------------------------------------------------

    def _spec(self) -> WorkerSpec:
        """How the host starts this driver's worker (``onap_hpa_host.host``'s rule, from the metadata)."""
        if self.executable is not None or self.distribution is None:
            return WorkerSpec(self.worker_key, ("exec", str(self.executable)))
        ep = self.entry_point()
        version = str(self.distribution.version)
        if ep.value.startswith("exec:"):
            path = str(self.distribution.locate_file(ep.value[len("exec:") :]))
            return WorkerSpec(ep.name, ("exec", path), self.name, version)
        return WorkerSpec(ep.name, ("python", ep.name, ep.value, self.name), self.name, version)

    def _pool_run(
        self, run: str, samples: Callable[[dict[str, Any]], Sequence[Sample]], extra_env: dict[str, str]
    ) -> Run:
        """Flavors straight through a worker pool with the host's sandbox: outcomes unjudged, lines raw.

        ``samples`` is called with the worker's hello (the generated flavors depend on what it reads).
        """
        lines: list[str] = []
        spec = self._spec()
        pool = self._pool(spec, lines, extra_env)
        try:
            with self.running(run):
                pool.start()
                worker = pool.workers[spec.name]
                hello = dict(worker.driver) if worker.state == "ready" else {}
                if hello:
                    self.cache.setdefault("hello", hello)
                pairs = self.requests(samples(hello))
                encoded = [_wire(request, index) for index, (_, request) in enumerate(pairs)]
                outcomes = pool.run(encoded, delete_urls=True).get(spec.name) if hello and pairs else None
            protections, error = dict(worker.protections), worker.error
        finally:
            pool.close()  # also reads what the worker wrote last
        if outcomes is None:
            outcomes = [Outcome(fault=("load-failed", error or "the worker did not start"))] * len(pairs)
        return Run([sample for sample, _ in pairs], outcomes, lines, hello, protections, error)

    def _pool(self, spec: WorkerSpec, lines: list[str], extra_env: dict[str, str]) -> WorkerPool:
        """A worker pool for the driver with the host's sandbox policy and worker environment (plus ``extra_env``)."""

        def env(workdir: str) -> dict[str, str]:
            return {**workers_config.worker_env(workdir), **extra_env}

        return WorkerPool(
            [spec],
            deadline=self.deadline,
            policy=workers_config.policy_for,
            env=env,
            log=lambda _driver, line: lines.append(line),
            scrub=lambda text: text,  # the gate wants to see what the driver wrote, secrets included
        )

    def time_flavor(self, request: DiscoveryRequest) -> tuple[float, float, str]:
        """One flavor through the driver's worker (as production starts it): (seconds the two processes did not
        spend waiting for a CPU, wall seconds, the fault kind that ended it or "").

        On a busy machine a round trip waits for CPUs: the time the worker and this thread spent runnable but
        not running (``/proc/*/schedstat``) is not the driver's, so it is taken out. Time the driver spends
        sleeping or computing stays in. Where schedstat is missing, both figures are wall time.
        """
        if "timer" not in self.cache:
            spec = self._spec()
            self.cache["timer"] = (spec.name, self._pool(spec, self.cache.setdefault("timer-lines", []), {}))
        name, pool = self.cache["timer"]
        pool.start()
        process = pool.workers[name].process
        pid = process.pid if process is not None else None
        worker_wait, own_wait = _waited(pid), _waited(None)
        start = time.perf_counter()
        with self.running("budget"):
            outcomes = pool.run([_wire(request, 0)]).get(name)
        wall = time.perf_counter() - start
        waited = (_waited(pid) - worker_wait + _waited(None) - own_wait) / 1e9
        fault = outcomes[0].fault if outcomes else ("crashed", "the worker did not start")
        return max(wall - max(waited, 0.0), 0.0), wall, fault[0] if fault else ""

    def raw(self) -> Run:
        """Fixture and generated flavors through a bare worker, as production starts it (no canary in reach)."""
        if "raw" not in self.cache:
            # Without a hello (the worker did not start) the fixture flavors alone; never ask for the hello here.
            run = self._pool_run(
                "raw",
                lambda hello: self.fixture_samples + self.generated_samples if hello else self._fixture_corpus({}),
                {},
            )
            self.cache["raw"] = run
        return self.cache["raw"]

    def exposure(self) -> Run:
        """Fixture flavors and the first generated ones with the canaries planted in the worker's environment."""
        if "exposure" not in self.cache:
            samples = self.fixture_samples + self.generated_samples[:EXPOSED]
            self.cache["exposure"] = self._pool_run("exposure", lambda _: samples, dict(self.canaries.env))
        return self.cache["exposure"]

    def close(self) -> None:
        """Stop every worker the checks started."""
        for host in self._hosts:
            with suppress(Exception):
                host.close()
        self._hosts.clear()
        if "timer" in self.cache:
            with suppress(Exception):
                self.cache.pop("timer")[1].close()


def _reads(hello: dict[str, Any]) -> tuple[str, ...]:
    reads = hello.get("reads")
    return tuple(str(read) for read in reads) if isinstance(reads, list) else ()


def _wire(request: DiscoveryRequest, index: int) -> bytes:
    return json.dumps(request_to_wire(request, str(index)), separators=(",", ":"), ensure_ascii=False).encode()


def _waited(pid: int | None) -> int:
    """Nanoseconds the process ``pid`` (None: this thread) has spent runnable but waiting for a CPU; 0 if unknown."""
    path = f"/proc/{pid}/schedstat" if pid else "/proc/thread-self/schedstat"
    try:
        with open(path, encoding="ascii") as stats:
            return int(stats.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
