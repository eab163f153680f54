"""The host: what a MultiCloud plugin calls to turn flavors into AAI-ready HPA capabilities.

Drivers are untrusted. By default every installed driver runs in a sandboxed worker process of its
own (:mod:`onap_hpa_host.workers`), found from the installed metadata without importing it in this
process, and speaks the wire protocol (``docs/protocol.md``): the host sends requests and gets back
bytes, never an object of the driver. ``Host().discover(request)`` (or :meth:`Host.discover_many` for
a batch) checks each driver's records against the AAI schema, OOF's value rules, the driver's
declared features and the 1500-byte cap; gives every record a stable id; and returns the AAI flavor
record with the faults of any driver it had to drop. A driver that raises, hangs, crashes or lies
costs its own records for that flavor, nothing else.

Driver objects handed over in process (``plugins=``, tests and benchmarks) and the ``inprocess``
isolation mode (``ONAP_HPA_ISOLATION``) run drivers inside this process instead, under the
watchdog deadline of :mod:`onap_hpa_host.deadline`: never the default.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Optional

import pluggy

from onap_hpa import hookspecs
from onap_hpa.driver_info import DriverInfo, contract_supported
from onap_hpa.drivers import (
    BLOCKED,
    FAILED,
    INCOMPATIBLE,
    LOADED,
    REFUSED,
    BoundHook,
    DriverRecord,
    bound_hooks,
    discover_entry_points,
    load_entry_point,
    register,
)
from onap_hpa.errors import (
    DriverContractError,
    DriverLoadError,
    ExtraSpecError,
    PartialDiscovery,
    RequestError,
    VimInfoError,
)
from onap_hpa.ids import capability_urls, flavor_hash, flavor_url, id_suffixes, ids_from
from onap_hpa.request import DiscoveryRequest, VimView
from onap_hpa.worker.wire import flavor_to_wire, node_to_wire, vim_to_wire
from onap_hpa_host import env, secrets
from onap_hpa_host._json import orjson
from onap_hpa_host.catalogue import (
    CatalogueError,
    Feature,
    check_catalogued,
    declare,
    load_catalogue,
    without_conflicts,
)
from onap_hpa_host.deadline import DriverDeadline, arm, disarm
from onap_hpa_host.flavor_record import flavor_record
from onap_hpa_host.validation import Problem, check_records, compact_json
from onap_hpa_host.vims import VimViews
from onap_hpa_host.workers import config as workers_config
from onap_hpa_host.workers.pool import Outcome, SharedVim, WorkerPool, WorkerSpec
from onap_hpa_host.workers.sandbox import mark_parent_undumpable

__all__ = ["FAULT_KINDS", "DeleteResult", "Fault", "FlavorResult", "Host"]

log = logging.getLogger(__name__)

#: Every fault kind: ``bad-request`` (the plugin's data, driver ``host``), ``bad-input`` (a malformed
#: extra_spec or cloud_extra_info), and the driver faults that raise an alarm: ``crashed`` (its worker
#: died: exit status or signal), ``quarantined`` (it crashed or hung too often this run), ``conflict``
#: (it and another driver both emitted a one-per-flavor feature), ``load-failed`` (it could not be
#: started, or was refused) and ``unknown-driver`` (ONAP_HPA_DRIVERS/DISABLE names no installed driver).
FAULT_KINDS: Final = (
    "bad-request",
    "bad-input",
    "raised",
    "timeout",
    "invalid-output",
    "oversize",
    "undeclared-feature",
    "crashed",
    "quarantined",
    "conflict",
    "load-failed",
    "unknown-driver",
)
#: Fault kinds that mean the driver misbehaved (alarmed), as opposed to bad data.
DRIVER_FAULTS: Final = frozenset(FAULT_KINDS[2:])
HOST: Final = "host"
_MAX_VERDICTS: Final = 4096
#: Longest driver-supplied text (an exception message, an error field) the host keeps.
MAX_MESSAGE: Final = 1000
_ANY_FLAVOR: Final = flavor_hash("", "", "")


@dataclass(frozen=True)
class Fault:
    """Why a driver's records for one flavor (or the flavor itself) were dropped or cut short."""

    flavor_id: str
    driver: str
    kind: str
    message: str

    @property
    def alarming(self) -> bool:
        """True for driver faults, which raise an alarm; bad input is the flavor's owner's to fix."""
        return self.kind in DRIVER_FAULTS

    def as_dict(self) -> dict[str, str]:
        """JSON form, as ``onap-hpa discover`` prints it."""
        return {"flavor-id": self.flavor_id, "driver": self.driver, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class FlavorResult:
    """One flavor's discovery: the AAI flavor record (None when the request was unusable) and faults.

    Records are shared with what drivers returned and cached: copy before changing them.
    """

    flavor_id: str
    record: dict[str, Any] | None
    capabilities: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    faults: tuple[Fault, ...] = ()
    flavor_url: str = ""  #: the flavor's AAI path, relative to the AAI base

    @property
    def delete_urls(self) -> tuple[str, ...]:
        """AAI URLs of the capability records in :attr:`record`, from the ids the host gave them.

        For a conformant driver these are exactly its ``hpa_delete_urls`` (the conformance gate checks
        it); :meth:`Host.delete_urls` asks the drivers themselves.
        """
        if self.record is None:
            return ()
        base = f"{self.flavor_url}/hpa-capabilities/hpa-capability/"
        # Host ids are UUIDs: unreserved characters, nothing to percent-encode.
        return tuple(base + cap["hpa-capability-id"] for cap in self.record["hpa-capabilities"]["hpa-capability"])


@dataclass(frozen=True)
class DeleteResult:
    """The AAI URLs of the capability records the drivers create for one flavor."""

    urls: tuple[str, ...]
    faults: tuple[Fault, ...] = ()


@dataclass(frozen=True)
class _Slot:
    """One driver in call order: in process (a bound hook) or out of process (a worker's name)."""

    record: DriverRecord
    hook: BoundHook | None = None
    delete: BoundHook | None = None
    worker: str = ""


class Host:
    """Runs every loaded driver per flavor with isolation, validation and stable ids.

    :param installed: run the drivers installed in the ``onap.hpa.drivers`` entry point group.
    :param plugins: driver objects (modules or instances with ``DRIVER`` and hookimpls) to run as well,
        in this process, through the same checks; used by tests and benchmarks.
    :param executables: protocol worker binaries (e.g. Go drivers) to run as drivers, sandboxed.
    :param deadline: seconds one driver may take for one flavor (default: ``ONAP_HPA_DRIVER_TIMEOUT``
        or 2).
    :param only: driver names to run (default: ``ONAP_HPA_DRIVERS``, or all).
    :param disable: driver names to block (default: ``ONAP_HPA_DISABLE``).
    :param isolation: ``process`` (every installed driver in its own sandboxed worker, the default) or
        ``inprocess`` (default: ``ONAP_HPA_ISOLATION``).
    """

    def __init__(
        self,
        *,
        installed: bool = True,
        plugins: Iterable[object] = (),
        executables: Iterable[str] = (),
        deadline: float | None = None,
        only: Iterable[str] | None = None,
        disable: Iterable[str] | None = None,
        isolation: str | None = None,
    ) -> None:
        self._installed = installed
        self._plugins = list(plugins)
        self._executables = [str(path) for path in executables]
        self.deadline = deadline if deadline is not None else env.driver_timeout()
        self._only = frozenset(only) if only is not None else env.driver_list(env.DRIVERS)
        self._disable = frozenset(disable) if disable is not None else env.driver_list(env.DISABLE) or frozenset()
        self.isolation = isolation if isolation is not None else workers_config.isolation()
        if self.isolation not in workers_config.MODES:
            raise ValueError(f"isolation {self.isolation!r} is not one of {workers_config.MODES}")
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._trace = env.trace_drivers()
        self._records: list[DriverRecord] | None = None
        self._pid = os.getpid()
        self._loading = threading.Lock()
        self._running = threading.Lock()  # one batch at a time through the workers
        self._slots: list[_Slot] = []
        self._pool: WorkerPool | None = None
        self._worker_names: dict[str, str] = {}  # driver name -> worker key
        self._logged: set[tuple[str, str]] = set()
        self._loggers: dict[str, logging.Logger] = {}
        self._vims = VimViews()
        self._declared: dict[str, dict[str, Feature]] = {}  # per driver: its own features, compiled
        self._all_declared: dict[str, Feature] = {}
        self._conflicts_possible = True
        self._verdicts: dict[str, dict[bytes, tuple[Problem | None, tuple[bytes, ...]]]] = {}  # per driver

    # -- drivers -----------------------------------------------------------------------------

    @property
    def drivers(self) -> tuple[DriverRecord, ...]:
        """Every driver found, loaded or not, with its status and load error."""
        return tuple(self._load())

    def register(self, plugin: object) -> DriverRecord:
        """Register one more driver object (run in process) through the same checks as installed drivers."""
        records = self._load()
        record = self._register(plugin)
        records.append(record)
        self._bind(records)
        return record

    def workers(self) -> dict[str, dict[str, Any]]:
        """Each out-of-process driver's worker: state, starts, strikes, start-up time, active protections."""
        self._load()
        if self._pool is None:
            return {}
        found = {}
        for name, key in self._worker_names.items():
            worker = self._pool.workers[key]
            found[name] = {
                "state": worker.state,
                "starts": worker.starts,
                "strikes": worker.strikes,
                "startup_seconds": round(worker.startup_seconds, 3),
                "protections": worker.protections.get("active", []),
                "missing": worker.protections.get("missing", {}),
            }
        return found

    def close(self) -> None:
        """Stop the workers (they are restarted on the next discovery)."""
        if self._pool is not None:
            with self._running:
                self._pool.close()

    def __enter__(self) -> Host:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load(self) -> list[DriverRecord]:
        if self._records is not None and self._pid == os.getpid():
            return self._records
        if self._records is not None:
            # A forked child (a uWSGI or gunicorn worker of the plugin): the workers' pipes belong to the
            # parent. Start this process's own workers; never touch the parent's.
            self._records, self._pool, self._worker_names = None, None, {}
            self._running = threading.Lock()
        with self._loading:  # sync threads may all make the first call at once: load once
            if self._records is None:
                self._pid = os.getpid()
                self._records = self._load_all()
        return self._records

    def _load_all(self) -> list[DriverRecord]:
        records: list[DriverRecord] = []
        specs: dict[str, tuple[WorkerSpec, DriverRecord]] = {}
        if self._installed:
            by_name: dict[str, list[Any]] = {}
            for ep in discover_entry_points():
                by_name.setdefault(ep.name, []).append(ep)
            for name, eps in by_name.items():
                base = _base_record(eps[0])
                if len({(_dist(ep), ep.value) for ep in eps}) > 1:
                    # Two distributions claiming one name: neither is trusted with it.
                    owners = sorted({_dist(ep) or ep.value for ep in eps})
                    reason = (
                        f"entry point {name!r} is registered by {len(eps)} distributions ({', '.join(owners)}); "
                        "both are refused: uninstall the one that is not the real driver"
                    )
                    records.extend(replace(_base_record(ep), status=REFUSED, error=reason) for ep in eps)
                elif name in self._disable or (self._only is not None and name not in self._only):
                    records.append(
                        replace(base, status=BLOCKED, error="blocked by ONAP_HPA_DISABLE / ONAP_HPA_DRIVERS")
                    )
                elif self.isolation == "inprocess":
                    records.append(load_entry_point(self._pm, eps[0]))
                else:
                    specs[name] = (_worker_spec(eps[0]), base)
        for path in self._executables:
            key = f"exec:{path}"
            specs[key] = (WorkerSpec(key, ("exec", path)), DriverRecord(name=key, source=path))
        records.extend(self._start_workers(specs))
        records.extend(self._register(plugin) for plugin in self._plugins)
        records = [self._declare(record) for record in _refuse_duplicates(records)]
        for record in records:
            if record.status in (FAILED, INCOMPATIBLE, REFUSED):
                log.error("driver %s not loaded (%s): %s", record.name, record.status, secrets.scrub(record.error))
            elif record.status != LOADED:
                log.info("driver %s not loaded (%s)", record.name, record.status)
        self._bind(records)
        return records

    def _start_workers(self, specs: Mapping[str, tuple[WorkerSpec, DriverRecord]]) -> list[DriverRecord]:
        if not specs:
            return []
        if mark_parent_undumpable():
            log.debug("host marked non-dumpable: workers cannot read its memory or environment")
        self._pool = WorkerPool(
            [spec for spec, _ in specs.values()],
            deadline=self.deadline,
            policy=workers_config.policy_for,
            env=workers_config.worker_env,
            log=_driver_log,
            scrub=secrets.scrub,
        )
        # Workers end with their host (or at exit): a test suite or plugin making many hosts keeps no strays.
        weakref.finalize(self, self._pool.close)
        self._pool.start()
        records = []
        for key, (_, base) in specs.items():
            worker = self._pool.workers[key]
            record = _record_from_worker(base, worker.state, worker.driver, worker.error)
            if record.status == LOADED:
                self._worker_names[record.name] = key
            records.append(record)
        return records

    def _declare(self, record: DriverRecord) -> DriverRecord:
        """Compile a loaded driver's own feature declarations; a bad one refuses the driver with the reason."""
        if record.status != LOADED:
            return record
        if record.name in self._worker_names and self._pool is not None:
            specs = self._pool.workers[self._worker_names[record.name]].driver.get("feature_specs") or {}
        else:
            specs = getattr(getattr(self._pm.get_plugin(record.name), "DRIVER", None), "feature_specs", None) or {}
        try:
            compiled = declare(specs) if specs else {}
        except (CatalogueError, TypeError) as error:
            self._worker_names.pop(record.name, None)
            return replace(record, status=FAILED, error=f"its feature_specs are refused: {error}")
        self._declared[record.name] = compiled
        self._all_declared.update(compiled)
        return record

    def _register(self, plugin: object) -> DriverRecord:
        try:
            return register(self._pm, plugin)
        except DriverContractError as error:
            return DriverRecord(name=error.driver, status=INCOMPATIBLE, contract=error.found, error=error.reason)
        except DriverLoadError as error:
            return DriverRecord(name=error.driver, status=FAILED, error=error.reason)

    def _bind(self, records: list[DriverRecord]) -> None:
        loaded = [record for record in records if record.status == LOADED]
        in_process = {hook.driver.name: hook for hook in bound_hooks(self._pm, "hpa_discover", loaded)}
        deletes = {hook.driver.name: hook for hook in bound_hooks(self._pm, "hpa_delete_urls", loaded)}
        self._slots = [
            _Slot(
                record, in_process.get(record.name), deletes.get(record.name), self._worker_names.get(record.name, "")
            )
            for record in loaded
            if record.name in in_process or record.name in self._worker_names
        ]
        self._verdicts = {record.name: {} for record in loaded}
        # Undeclared features never get through, so two drivers can only conflict on a one-per-flavor
        # feature both declare: when none is shared, the per-flavor conflict check has nothing to find.
        catalogue = load_catalogue()
        seen: set[str] = set()
        self._conflicts_possible = False
        for record in loaded:
            single = {
                name
                for name in record.features
                if (catalogue.get(name) or self._all_declared.get(name)) is not None
                and (catalogue.get(name) or self._all_declared[name]).one_per_flavor
            }
            self._conflicts_possible |= bool(single & seen)
            seen |= single

    # -- discovery ---------------------------------------------------------------------------

    def discover(self, request: DiscoveryRequest) -> FlavorResult:
        """Every loaded driver's records for one flavor, checked, id'd and wrapped in the AAI flavor record."""
        return self.discover_many([request])[0]

    def discover_many(self, requests: Sequence[DiscoveryRequest]) -> list[FlavorResult]:
        """:meth:`discover` for many flavors at once: each worker gets them as batches, all workers at once."""
        return list(self.discover_iter(requests))

    def discover_iter(self, requests: Sequence[DiscoveryRequest]) -> Iterator[FlavorResult]:
        """:meth:`discover_many`, flavor by flavor: each result as soon as every driver answered, so the
        host checks one flavor's records while the workers go on with the next. Consume it to the end."""
        self._load()
        if not (self._worker_names and requests):
            for request in requests:
                yield self._flavor_result(request, {})
            return
        assert self._pool is not None  # noqa: S101 - workers were started
        encoded = self._encode(requests)
        with self._running:
            for index, outcomes in self._pool.run_iter(encoded):
                yield self._flavor_result(requests[index], outcomes)

    def _flavor_result(self, request: DiscoveryRequest, outcomes: Mapping[str, Outcome]) -> FlavorResult:
        """One flavor: its workers' outcomes and its in-process drivers' results, checked and id'd."""
        flavor_id = request.flavor.id
        capabilities: dict[str, list[dict[str, Any]]] = {}
        all_records: list[dict[str, Any]] = []
        faults: list[Fault] = []
        vim = request.vim
        flavor = flavor_hash(vim.cloud_owner, vim.cloud_region_id, flavor_id)
        for slot in self._slots:
            driver = slot.record
            if slot.worker:
                # A worker's answer: judged once per distinct answer, its records given this flavor's ids.
                outcome = outcomes[slot.worker]
                judged = outcome.judged
                if judged is None or judged[0] != driver.name:
                    judged = outcome.judged = (driver.name, *self._judge_outcome(driver, outcome))
                for kind, message in judged[1]:
                    faults.append(self._fault(flavor_id, driver.name, kind, message))
                records = _with_ids(ids_from(flavor, judged[3]), judged[2]) if judged[2] else []
            else:
                assert slot.hook is not None  # noqa: S101 - bound in process
                result = self._call(slot.hook, request, faults)
                records = self._accept(driver, request, result, faults, flavor) if result is not None else []
            capabilities[driver.name] = records
        kept = capabilities
        if self._conflicts_possible:
            kept, conflicts = without_conflicts(capabilities, self._all_declared)
            for name, kind, message in conflicts:
                faults.append(self._fault(flavor_id, name, kind, message))
        for records in kept.values():
            all_records.extend(records)
        url = flavor_url(vim.cloud_owner, vim.cloud_region_id, flavor_id)
        record = flavor_record(request.flavor, all_records)
        return FlavorResult(flavor_id, record, kept, tuple(faults), url)

    def _run_workers(self, requests: Sequence[DiscoveryRequest], *, delete_urls: bool = False) -> dict[str, Any]:
        assert self._pool is not None  # noqa: S101 - workers were started
        encoded = self._encode(requests)
        with self._running:
            return self._pool.run(encoded, delete_urls=delete_urls)

    def _encode(self, requests: Sequence[DiscoveryRequest]) -> dict[str, SharedVim]:
        """Each worker's requests, as the protocol's bytes."""
        assert self._pool is not None  # noqa: S101 - workers were started
        # Each worker gets only the extra_specs its driver declares it reads: least privilege, and less for
        # seven processes to decode per flavor. Drivers that read the same keys share one encoding.
        groups: dict[Optional[tuple[str, ...]], list[str]] = {}
        for key, worker in self._pool.workers.items():
            reads = worker.driver.get("reads")
            groups.setdefault(tuple(reads) if isinstance(reads, list) else None, []).append(key)
        # Each request is encoded once but for its extra_specs (b'{"id":..,"flavor":..,"extra_specs":..}'); its VIM
        # view travels with its batch (protocol 2). A region's flavors share one VIM view, and many share their
        # extra_specs: each is encoded once.
        filters = [_spec_filter(reads) for reads in groups]
        encoded: list[list[bytes]] = [[] for _ in filters]
        vims: list[bytes] = []
        vim_index: dict[int, tuple[VimView, int]] = {}
        vim_of: list[int] = []
        parts_of: dict[bytes, tuple[bytes, ...]] = {}  # all extra_specs -> what each group is sent of them
        for index, request in enumerate(requests):
            vim = request.vim
            known = vim_index.get(id(vim))
            if known is None:
                known = vim_index[id(vim)] = (vim, len(vims))  # the view kept: its id stays its own
                vims.append(orjson.dumps(vim_to_wire(vim)))
            vim_of.append(known[1])
            head = b'{"id":"%d","flavor":%b' % (index, orjson.dumps(flavor_to_wire(request.flavor)))
            if request.node is not None:
                head += b',"node":' + orjson.dumps(node_to_wire(request.node))
            specs = request.extra_specs
            whole = orjson.dumps(dict(specs))
            parts = parts_of.get(whole)
            if parts is None:
                parts = tuple(whole if keep is None else orjson.dumps(keep(specs)) for keep in filters)
                if len(parts_of) >= _MAX_VERDICTS:
                    parts_of.clear()
                parts_of[whole] = parts
            head += b',"extra_specs":'
            for out, part in zip(encoded, parts):
                out.append(head + part + b"}")
        per_worker: dict[str, SharedVim] = {}
        for keys, out in zip(groups.values(), encoded):
            per_worker.update(dict.fromkeys(keys, SharedVim(out, vims, vim_of)))
        return per_worker

    def discover_data(
        self, flavor: object, extra_specs: object, vim: object, *, vimtype: str | None = None
    ) -> FlavorResult:
        """:meth:`discover` on plugin data as it is; a malformed request becomes a ``bad-request`` fault."""
        secrets.remember_viminfo(vim)
        try:
            request = DiscoveryRequest.build(flavor, extra_specs, self._vims.view(vim, vimtype), vimtype=vimtype)
        except RequestError as error:
            return FlavorResult(error.flavor_id, None, {}, (Fault(error.flavor_id, HOST, "bad-request", str(error)),))
        return self.discover(request)

    def delete_urls(self, request: DiscoveryRequest) -> DeleteResult:
        """The AAI URLs of the capability records the drivers create for the flavor, from the host's ids.

        The host owns ids, so it owns the URLs: a driver's own ``hpa_delete_urls`` is not needed (the
        conformance gate checks that a driver implementing it agrees, :meth:`driver_delete_urls`).
        """
        result = self.discover(request)
        return DeleteResult(result.delete_urls, result.faults)

    def driver_delete_urls(self, request: DiscoveryRequest) -> dict[str, Optional[list[str]]]:
        """What each driver's own ``hpa_delete_urls`` returns (None: not implemented or it failed)."""
        self._load()
        found: dict[str, Optional[list[str]]] = {}
        outcomes = self._run_workers([request], delete_urls=True) if self._worker_names else {}
        for slot in self._slots:
            if slot.worker:
                outcome = outcomes[slot.worker][0]
                urls = outcome.result.get("delete_urls") if outcome.result is not None else None
                found[slot.record.name] = list(urls) if isinstance(urls, list) else None
            elif slot.delete is not None:
                faults: list[Fault] = []
                urls = self._call(slot.delete, request, faults, deleting=True)
                found[slot.record.name] = list(urls) if isinstance(urls, list) else None
            else:
                found[slot.record.name] = None
        return found

    # -- one driver, one flavor --------------------------------------------------------------

    def _judge_outcome(
        self, driver: DriverRecord, outcome: Outcome
    ) -> tuple[tuple[tuple[str, str], ...], list[dict[str, Any]], tuple[bytes, ...]]:
        """What a worker's answer means, whatever the flavor: its faults (kind, message), the records kept
        (none when any check fails) and their id suffixes. Equal answers are one object: judged once."""
        if outcome.fault is not None:
            kind, message = outcome.fault
            return ((kind, _bounded(message)),), [], ()
        result = outcome.result or {}
        problems: list[tuple[str, str]] = []
        keep = True
        for error in result.get("errors", ())[:64]:
            kind = error.get("kind") if type(error) is dict else None
            message = _bounded(error.get("message", "")) if type(error) is dict else ""
            if kind == "bad-input":
                problems.append(("bad-input", message))
            elif kind in ("raised", "invalid-output"):
                problems.append((kind, message))
                keep = False
            else:
                problems.append(("invalid-output", f"sent an error {_bounded(error)}"))
                keep = False
        records = result.get("records", [])
        if not keep or not records:
            return tuple(problems), [], ()
        problem, suffixes = self._verdict(driver, records)
        if problem is not None:
            return (*problems, problem), [], ()
        return tuple(problems), records, suffixes

    def _call(self, hook: BoundHook, request: DiscoveryRequest, faults: list[Fault], *, deleting: bool = False) -> Any:
        """Run one hookimpl under the deadline; None (and a fault) when it failed.

        ``PartialDiscovery`` out of ``hpa_delete_urls`` (a driver reusing its ``hpa_discover``) gives the
        URLs of the records it carries.
        """
        name = hook.driver.name
        flavor_id = request.flavor.id
        start = time.perf_counter()
        fired = False
        try:
            token = arm(self.deadline)
            try:
                # The spec has one argument; pluggy lets an implementation take none of it.
                result = hook.function(request) if hook.argnames else hook.function()
            finally:
                fired = disarm(token)
        except DriverDeadline:
            fired = True
            result = None
        except (ExtraSpecError, VimInfoError) as error:
            faults.append(self._fault(flavor_id, name, "bad-input", str(error)))
            return None
        except PartialDiscovery as partial:
            for error in partial.errors:
                kind = "bad-input" if isinstance(error, (ExtraSpecError, VimInfoError)) else "raised"
                faults.append(self._fault(flavor_id, name, kind, str(error)))
            result = capability_urls(request, name, partial.records) if deleting else partial.records
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001 - isolation: any driver failure becomes a fault
            message = f"{hook.function.__name__} raised {type(error).__name__}: {error}"
            faults.append(self._fault(flavor_id, name, "raised", message, error))
            return None
        elapsed = time.perf_counter() - start
        if self._trace:
            log.debug("driver %s %s flavor %r: %.6f s", name, hook.function.__name__, flavor_id, elapsed)
        if fired or elapsed > self.deadline:
            message = f"{hook.function.__name__} ran {elapsed:.3f} s, past the {self.deadline:g} s deadline"
            faults.append(self._fault(flavor_id, name, "timeout", message))
            return None
        return result

    def _accept(
        self, driver: DriverRecord, request: DiscoveryRequest, result: Any, faults: list[Fault], flavor: Any
    ) -> list[dict[str, Any]]:
        """An in-process driver's records with stable ids, or [] and a fault when any check fails."""
        if type(result) is not list:
            reason = f"returned {type(result).__name__}, expected a list of hpa-capability records"
            faults.append(self._fault(request.flavor.id, driver.name, "invalid-output", reason))
            return []
        if not result:
            return result
        try:
            text = compact_json(result)
        except (TypeError, ValueError, RecursionError) as error:
            faults.append(self._fault(request.flavor.id, driver.name, *_not_objects(error)))
            return []
        # Drivers repeat outputs across flavors: judge each distinct output once, keep its id suffixes.
        verdicts = self._verdicts[driver.name]
        known = verdicts.get(text)
        if known is None:
            known = self._verdict(driver, result)
            if len(verdicts) >= _MAX_VERDICTS:
                verdicts.clear()
            verdicts[text] = known
        problem, suffixes = known
        if problem is not None:
            faults.append(self._fault(request.flavor.id, driver.name, *problem))
            return []
        return _with_ids(ids_from(flavor, suffixes), result)

    def _verdict(self, driver: DriverRecord, records: list[Any]) -> tuple[Problem | None, tuple[bytes, ...]]:
        """What the checks say of one driver's records, whatever the flavor, and their id suffixes (host ids
        all have one length and form: any flavor's ids give every flavor's verdict)."""
        try:
            suffixes = id_suffixes(driver.name, records)
            return self._judge(driver, _with_ids(ids_from(_ANY_FLAVOR, suffixes), records)), suffixes
        except (TypeError, ValueError, AttributeError, RecursionError) as error:
            return _not_objects(error), ()

    def _judge(self, driver: DriverRecord, records: list[dict[str, Any]]) -> Problem | None:
        problem = check_records(records)
        if problem is None:
            undeclared = {record["hpa-feature"] for record in records} - driver.features
            if undeclared:
                declared = sorted(driver.features)
                return "undeclared-feature", f"emitted {sorted(undeclared)}, but DRIVER.features declares {declared}"
            # Catalogued features (and the driver's own declared ones) strictly: OOF matches keys exactly.
            problem = check_catalogued(records, self._declared.get(driver.name))
        return problem

    def _fault(self, flavor_id: str, driver: str, kind: str, message: str, error: BaseException | None = None) -> Fault:
        fault = Fault(flavor_id, driver, kind, message)
        logger = self._loggers.get(driver)
        if logger is None:
            logger = self._loggers[driver] = logging.getLogger(f"onap_hpa.driver.{driver}")
        if not fault.alarming:
            logger.info("flavor %r: %s", flavor_id, message)
        elif (driver, kind) not in self._logged:
            # The first fault of each kind per driver gets the full story; the rest are in the results.
            self._logged.add((driver, kind))
            logger.error("flavor %r: %s fault: %s", flavor_id, kind, message, exc_info=error)
        else:
            logger.debug("flavor %r: %s fault: %s", flavor_id, kind, message)
        return fault


def _spec_filter(reads: Optional[tuple[str, ...]]) -> Optional[Callable[[Mapping[str, str]], dict[str, str]]]:
    """The extra_specs a driver declaring ``reads`` is sent (None: every one, it declared nothing)."""
    if reads is None:
        return None
    specs = [entry for entry in reads if not entry.startswith("node.")]  # node facts travel in the node part
    exact = frozenset(entry for entry in specs if not entry.endswith("*"))
    prefixes = tuple(entry[:-1] for entry in specs if entry.endswith("*"))
    if not prefixes:
        ordered = tuple(dict.fromkeys(entry for entry in specs if not entry.endswith("*")))

        def keep_exact(given: Mapping[str, str]) -> dict[str, str]:
            # A handful of declared keys: look each up rather than scanning every extra_spec.
            return {key: given[key] for key in ordered if key in given}

        return keep_exact

    def keep(given: Mapping[str, str]) -> dict[str, str]:
        return {key: value for key, value in given.items() if key in exact or key.startswith(prefixes)}

    return keep


def _not_objects(error: BaseException) -> Problem:
    # Not JSON data, or records that are not objects (a dataclass serialises like one).
    return "invalid-output", f"returned records that are not JSON objects: {type(error).__name__}: {error}"


def _bounded(text: object) -> str:
    """Driver-supplied text fit for a log, an alarm or a result: scrubbed and cut."""
    result = secrets.scrub(text if isinstance(text, str) else repr(text))
    return result if len(result) <= MAX_MESSAGE else result[: MAX_MESSAGE - 3] + "..."


def _driver_log(driver: str, line: str) -> None:
    logging.getLogger(f"onap_hpa.driver.{driver}").info("output: %s", line)


def _dist(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else ""


def _base_record(ep: Any) -> DriverRecord:
    dist = getattr(ep, "dist", None)
    return DriverRecord(
        name=ep.name,
        distribution=dist.name if dist is not None else "",
        version=dist.version if dist is not None else "",
        source=ep.value,
    )


def _worker_spec(ep: Any) -> WorkerSpec:
    """How to start an installed driver: the Python worker, or the binary an ``exec:`` value names."""
    dist = getattr(ep, "dist", None)
    name = dist.name if dist is not None else ""
    version = dist.version if dist is not None else ""
    if ep.value.startswith("exec:"):
        relative = ep.value[len("exec:") :]
        path = str(dist.locate_file(relative)) if dist is not None else relative
        return WorkerSpec(ep.name, ("exec", path), name, version)
    return WorkerSpec(ep.name, ("python", ep.name, ep.value, name), name, version)


def _record_from_worker(base: DriverRecord, state: str, driver: Mapping[str, Any], error: str) -> DriverRecord:
    """The driver's record from its worker's hello (or why it could not start), checked like a loaded one."""
    if state == "incompatible":
        return replace(base, status=INCOMPATIBLE, contract=str(driver.get("contract", "")), error=error)
    if state != "ready":
        return replace(base, status=FAILED, error=error or f"its worker is {state}")
    try:
        info = DriverInfo(
            name=str(driver["name"]),
            version=str(driver.get("version", "")),
            features=frozenset(str(feature) for feature in driver.get("features", ())),
            contract=str(driver.get("contract", "")),
            distribution=base.distribution,
        )
    except (KeyError, TypeError, ValueError) as problem:
        return replace(base, status=FAILED, error=f"its worker described itself badly: {problem}")
    name = base.name if not base.name.startswith("exec:") else info.name
    if info.name != name:
        reason = f"its entry point is named {base.name!r} but the driver says it is {info.name!r}; make them equal"
        return replace(base, status=FAILED, error=reason)
    if not contract_supported(info.contract):
        reason = f"it implements contract {info.contract}, this host supports {hookspecs.CONTRACT_VERSION}"
        return replace(base, name=name, status=INCOMPATIBLE, contract=info.contract, error=reason)
    hooks = tuple(
        hook for hook in ("hpa_discover", "hpa_delete_urls") if hook in driver.get("hooks", ("hpa_discover",))
    )
    return replace(
        base,
        name=name,
        version=base.version or info.version,
        contract=info.contract,
        features=info.features,
        hooks=hooks,
        status=LOADED,
        reads=tuple(str(entry) for entry in driver.get("reads") or ()),
    )


def _refuse_duplicates(records: list[DriverRecord]) -> list[DriverRecord]:
    """Two loaded drivers with one name (an installed one and a binary, say): both refused."""
    loaded: dict[str, int] = {}
    for record in records:
        if record.status == LOADED:
            loaded[record.name] = loaded.get(record.name, 0) + 1
    return [
        replace(
            record, status=REFUSED, error=f"{loaded[record.name]} drivers are named {record.name!r}; all are refused"
        )
        if record.status == LOADED and loaded[record.name] > 1
        else record
        for record in records
    ]


def _with_ids(ids: list[str], result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # New top-level dicts (id first, as AAI shows it); a driver's own id never survives. A record that is
    # not a mapping raises TypeError here (or AttributeError in id_suffixes): the caller faults the driver.
    return [
        {"hpa-capability-id": cap_id, **record}
        if "hpa-capability-id" not in record
        else {**record, "hpa-capability-id": cap_id}
        for cap_id, record in zip(ids, result)  # ids_from gives one id per record
    ]
