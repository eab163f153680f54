"""The host: what a MultiCloud plugin calls to turn one flavor into AAI-ready HPA capabilities.

``Host().discover(request)`` calls every loaded driver on its own (never through pluggy's 1:N call,
which stops at the first exception and cannot say which driver returned what), under a deadline;
checks each driver's result against the AAI schema, OOF's value rules, the driver's declared
features and the 1500-byte cap; gives every record a stable id; and returns the AAI flavor record
with the faults of any driver it had to drop. Nothing a driver does reaches another driver's records.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import pluggy

from onap_hpa import hookspecs
from onap_hpa.drivers import (
    FAILED,
    INCOMPATIBLE,
    LOADED,
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
from onap_hpa.request import DiscoveryRequest
from onap_hpa_host import env
from onap_hpa_host.deadline import DriverDeadline, arm, disarm
from onap_hpa_host.flavor_record import flavor_record
from onap_hpa_host.validation import Problem, check_records, compact_json

__all__ = ["FAULT_KINDS", "DeleteResult", "Fault", "FlavorResult", "Host"]

log = logging.getLogger(__name__)

#: Every fault kind: ``bad-request`` (the plugin's data, driver ``host``), ``bad-input`` (a malformed
#: extra_spec or cloud_extra_info), and the driver faults that raise an alarm.
FAULT_KINDS: Final = (
    "bad-request",
    "bad-input",
    "raised",
    "timeout",
    "invalid-output",
    "oversize",
    "undeclared-feature",
)
#: Fault kinds that mean the driver misbehaved (alarmed), as opposed to bad data.
DRIVER_FAULTS: Final = frozenset(FAULT_KINDS[2:])
HOST: Final = "host"
_MAX_VERDICTS: Final = 4096


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class DeleteResult:
    """The AAI URLs of the capability records the drivers create for one flavor."""

    urls: tuple[str, ...]
    faults: tuple[Fault, ...] = ()


class Host:
    """Loads drivers once, lazily, and runs them per flavor with isolation, validation and stable ids.

    :param installed: load the drivers installed in the ``onap.hpa.drivers`` entry point group.
    :param plugins: driver objects (modules or instances with ``DRIVER`` and hookimpls) to register
        as well, through the same checks as installed ones; used by tests and embedding plugins.
    :param deadline: seconds one hook call of one driver may take (default: ``ONAP_HPA_DRIVER_TIMEOUT``
        or 2).
    :param only: driver names to load (default: ``ONAP_HPA_DRIVERS``, or all).
    :param disable: driver names to block (default: ``ONAP_HPA_DISABLE``).
    """

    def __init__(
        self,
        *,
        installed: bool = True,
        plugins: Iterable[object] = (),
        deadline: float | None = None,
        only: Iterable[str] | None = None,
        disable: Iterable[str] | None = None,
    ) -> None:
        self._installed = installed
        self._plugins = list(plugins)
        self.deadline = deadline if deadline is not None else env.driver_timeout()
        self._only = frozenset(only) if only is not None else env.driver_list(env.DRIVERS)
        self._disable = frozenset(disable) if disable is not None else env.driver_list(env.DISABLE) or frozenset()
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._trace = env.trace_drivers()
        self._records: list[DriverRecord] | None = None
        self._loading = threading.Lock()
        self._discover: list[BoundHook] = []
        self._delete: list[BoundHook] = []
        self._logged: set[tuple[str, str]] = set()
        self._verdicts: dict[str, dict[bytes, tuple[Problem | None, tuple[bytes, ...]]]] = {}  # per driver

    # -- drivers -----------------------------------------------------------------------------

    @property
    def drivers(self) -> tuple[DriverRecord, ...]:
        """Every driver found, loaded or not, with its status and load error."""
        return tuple(self._load())

    def register(self, plugin: object) -> DriverRecord:
        """Register one more driver object through the same checks as installed drivers."""
        records = self._load()
        record = self._register(plugin)
        records.append(record)
        self._bind(records)
        return record

    def _load(self) -> list[DriverRecord]:
        if self._records is not None:
            return self._records
        with self._loading:  # sync threads may all make the first call at once: load once
            if self._records is None:
                self._records = self._load_all()
        return self._records

    def _load_all(self) -> list[DriverRecord]:
        records = []
        if self._installed:
            for ep in discover_entry_points():
                blocked = ep.name in self._disable or (self._only is not None and ep.name not in self._only)
                records.append(load_entry_point(self._pm, ep, blocked=blocked))
        records.extend(self._register(plugin) for plugin in self._plugins)
        for record in records:
            if record.status in (FAILED, INCOMPATIBLE):
                log.error("driver %s not loaded (%s): %s", record.name, record.status, record.error)
            elif record.status != LOADED:
                log.info("driver %s not loaded (%s)", record.name, record.status)
        self._bind(records)
        return records

    def _register(self, plugin: object) -> DriverRecord:
        try:
            return register(self._pm, plugin)
        except DriverContractError as error:
            return DriverRecord(name=error.driver, status=INCOMPATIBLE, contract=error.found, error=error.reason)
        except DriverLoadError as error:
            return DriverRecord(name=error.driver, status=FAILED, error=error.reason)

    def _bind(self, records: list[DriverRecord]) -> None:
        loaded = [record for record in records if record.status == LOADED]
        self._discover = bound_hooks(self._pm, "hpa_discover", loaded)
        self._verdicts = {record.name: {} for record in loaded}
        self._delete = bound_hooks(self._pm, "hpa_delete_urls", loaded)

    # -- discovery ---------------------------------------------------------------------------

    def discover(self, request: DiscoveryRequest) -> FlavorResult:
        """Every loaded driver's records for one flavor, checked, id'd and wrapped in the AAI flavor record."""
        self._load()
        flavor_id = request.flavor.id
        capabilities: dict[str, list[dict[str, Any]]] = {}
        all_records: list[dict[str, Any]] = []
        faults: list[Fault] = []
        vim = request.vim
        flavor = flavor_hash(vim.cloud_owner, vim.cloud_region_id, flavor_id)
        for hook in self._discover:
            driver = hook.driver
            result = self._call(hook, request, faults)
            records = self._accept(driver, request, result, faults, flavor) if result is not None else []
            capabilities[driver.name] = records
            all_records.extend(records)
        url = flavor_url(vim.cloud_owner, vim.cloud_region_id, flavor_id)
        record = flavor_record(request.flavor, all_records)
        return FlavorResult(flavor_id, record, capabilities, tuple(faults), url)

    def discover_data(
        self, flavor: object, extra_specs: object, vim: object, *, vimtype: str | None = None
    ) -> FlavorResult:
        """:meth:`discover` on plugin data as it is; a malformed request becomes a ``bad-request`` fault."""
        try:
            request = DiscoveryRequest.build(flavor, extra_specs, vim, vimtype=vimtype)
        except RequestError as error:
            return FlavorResult(error.flavor_id, None, {}, (Fault(error.flavor_id, HOST, "bad-request", str(error)),))
        return self.discover(request)

    def delete_urls(self, request: DiscoveryRequest) -> DeleteResult:
        """The union of every driver's ``hpa_delete_urls`` for the flavor, each URL checked."""
        self._load()
        vim = request.vim
        prefix = (
            flavor_url(vim.cloud_owner, vim.cloud_region_id, request.flavor.id) + "/hpa-capabilities/hpa-capability/"
        )
        urls: dict[str, None] = {}
        faults: list[Fault] = []
        for hook in self._delete:
            result = self._call(hook, request, faults, deleting=True)
            if result is None:
                continue
            bad = _bad_urls(result, prefix)
            if bad is not None:
                faults.append(
                    self._fault(request.flavor.id, hook.driver.name, "invalid-output", f"hpa_delete_urls {bad}")
                )
                continue
            urls.update(dict.fromkeys(result))
        return DeleteResult(tuple(urls), tuple(faults))

    # -- one driver, one flavor --------------------------------------------------------------

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
                kind = "bad-input" if isinstance(error, ExtraSpecError | VimInfoError) else "raised"
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
        """The driver's records with stable ids, or [] and a fault when any check fails."""
        if type(result) is not list:
            reason = f"returned {type(result).__name__}, expected a list of hpa-capability records"
            faults.append(self._fault(request.flavor.id, driver.name, "invalid-output", reason))
            return []
        if not result:
            return result
        try:
            text = compact_json(result)
            # The verdict depends only on the driver and its output's JSON (host ids all have one length),
            # and drivers repeat outputs across flavors: judge each distinct output once, keep its id suffixes.
            verdicts = self._verdicts[driver.name]
            known = verdicts.get(text)
            if known is None:
                suffixes = id_suffixes(driver.name, result)
                records = _with_ids(ids_from(flavor, suffixes), result)
                known = (self._judge(driver, records), suffixes)
                if len(verdicts) >= _MAX_VERDICTS:
                    verdicts.clear()
                verdicts[text] = known
            else:
                records = _with_ids(ids_from(flavor, known[1]), result) if known[0] is None else []
        except (TypeError, ValueError, AttributeError, RecursionError) as error:
            # Not JSON data, or records that are not objects (a dataclass serialises like one).
            reason = f"returned records that are not JSON objects: {type(error).__name__}: {error}"
            faults.append(self._fault(request.flavor.id, driver.name, "invalid-output", reason))
            return []
        if known[0] is not None:
            faults.append(self._fault(request.flavor.id, driver.name, *known[0]))
            return []
        return records

    @staticmethod
    def _judge(driver: DriverRecord, records: list[dict[str, Any]]) -> Problem | None:
        problem = check_records(records)
        if problem is None:
            undeclared = {record["hpa-feature"] for record in records} - driver.features
            if undeclared:
                declared = sorted(driver.features)
                return "undeclared-feature", f"emitted {sorted(undeclared)}, but DRIVER.features declares {declared}"
        return problem

    def _fault(self, flavor_id: str, driver: str, kind: str, message: str, error: BaseException | None = None) -> Fault:
        fault = Fault(flavor_id, driver, kind, message)
        logger = logging.getLogger(f"onap_hpa.driver.{driver}")
        if not fault.alarming:
            logger.info("flavor %r: %s", flavor_id, message)
        elif (driver, kind) not in self._logged:
            # The first fault of each kind per driver gets the full story; the rest are in the results.
            self._logged.add((driver, kind))
            logger.error("flavor %r: %s fault: %s", flavor_id, kind, message, exc_info=error)
        else:
            logger.debug("flavor %r: %s fault: %s", flavor_id, kind, message)
        return fault


def _with_ids(ids: list[str], result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # New top-level dicts (id first, as AAI shows it); a driver's own id never survives. A record that is
    # not a mapping raises TypeError here (or AttributeError in id_suffixes): the caller faults the driver.
    return [
        {"hpa-capability-id": cap_id, **record}
        if "hpa-capability-id" not in record
        else {**record, "hpa-capability-id": cap_id}
        for cap_id, record in zip(ids, result, strict=True)
    ]


def _bad_urls(result: Any, prefix: str) -> str | None:
    if type(result) is not list:
        return f"returned {type(result).__name__}, expected a list of URLs"
    for url in result:
        if (
            type(url) is not str
            or not url.startswith(prefix)
            or "/" in url[len(prefix) :]
            or "?" in url
            or not url[len(prefix) :]
        ):
            return f"returned {url!r}, expected {prefix}<capability id>"
    return None
