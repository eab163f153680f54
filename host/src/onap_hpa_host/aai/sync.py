"""Sync one cloud region: Nova flavors -> the host's drivers -> AAI, with creates, updates and deletes.

The reference implementation of the plugin side (DESIGN "AAI write"). Per flavor, in a bounded
thread pool: read its extra_specs (only for flavors that get discovery), discover with the host,
compare with what AAI holds and write only the difference; then remove the flavors Nova no longer
has. AAI is read once for the whole region (``depth=all``) and again only where a write needs it.

What is never done, because it would lose data a rerun could not bring back:

* a flavor whose request is unusable (``bad-request``) or whose extra_specs could not be read is not
  written, stripped or deleted: it is skipped and reported;
* capabilities of a driver that *faulted* on a flavor (raised, timed out, returned garbage) are kept
  as AAI has them: the driver's records are unknown this time, not gone;
* a failed write is retried after re-reading the flavor, never blindly, so resource-versions stay
  right and a write that was applied before its answer was lost is not applied twice;
* a stored capability no driver loaded in this run owns (:mod:`onap_hpa_host.ownership`: a record of
  a disabled, misnamed, failing or uninstalled driver) is kept and reported, unless ``prune`` asks
  for exactly those to go; a run in which no driver loaded writes nothing at all
  (:class:`~onap_hpa_host.errors.NoDriversError`).

One flavor's failure never stops the others, and a rerun after any interruption converges.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Protocol

from onap_hpa.errors import OnapHpaError, RequestError
from onap_hpa.ids import flavor_url, path_key
from onap_hpa.request import DiscoveryRequest
from onap_hpa_host.aai.client import AaiClient
from onap_hpa_host.aai.http import RetryPolicy
from onap_hpa_host.aai.plan import (
    capabilities,
    capability_path,
    describe_changes,
    describe_removal,
    plan_flavor,
    same_capability,
)
from onap_hpa_host.errors import (
    AaiConflictError,
    AaiError,
    AaiUnavailableError,
    NoDriversError,
    NovaError,
    SyncConfigError,
)
from onap_hpa_host.flavor_record import flavor_record
from onap_hpa_host.host import HOST, Fault, Host
from onap_hpa_host.ownership import MONOLITH, OWNED, Ownership, Verdict, load_faults

if TYPE_CHECKING:
    from collections.abc import Iterable

    from onap_hpa_host.nova import NovaSource

__all__ = ["DEFAULT_PREFIX", "AlarmSink", "RegionSync", "SyncSummary", "name_prefix", "viminfo_from_region"]

log = logging.getLogger(__name__)

#: The original plugin discovers HPA only on flavors named ``onap.*``.
DEFAULT_PREFIX: Final = "onap."
#: Fault source names for the sync's own failures (drivers' faults carry the driver's name).
NOVA: Final = "nova"
AAI: Final = "aai"


def name_prefix(prefix: str) -> Callable[[Mapping[str, Any]], bool]:
    """Discovery predicate: the flavor's name starts with ``prefix`` (``""``: every flavor)."""

    def wanted(flavor: Mapping[str, Any]) -> bool:
        name = flavor.get("name")
        return isinstance(name, str) and name.startswith(prefix)

    return wanted


def viminfo_from_region(region: Mapping[str, Any]) -> dict[str, Any]:
    """The VIM info dict a MultiCloud plugin builds from AAI's cloud-region (credentials never needed)."""
    return {
        "cloud_owner": region.get("cloud-owner", ""),
        "cloud_region_id": region.get("cloud-region-id", ""),
        "type": region.get("cloud-type", ""),
        "version": region.get("cloud-region-version", ""),
        "name": region.get("cloud-region-id", ""),
        "cloud_extra_info": region.get("cloud-extra-info", ""),
    }


class AlarmSink(Protocol):
    """What the sync reports driver faults to at the end of a region (see :class:`onap_hpa_host.alarms.AlarmBook`)."""

    def round(self, cloud_owner: str, cloud_region_id: str, drivers: Iterable[str], faults: Iterable[Fault]) -> None:
        """Record one full pass over the region: ``faults`` of ``drivers`` (none: they work)."""


@dataclass
class SyncSummary:
    """What one region sync did. ``writes`` counts every PUT and DELETE sent to AAI."""

    cloud_owner: str
    cloud_region_id: str
    flavors_seen: int = 0
    discovered: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: int = 0  #: kept as AAI has them: unusable request or unreadable extra_specs
    failed: int = 0  #: AAI refused or was unavailable after retries: the next run picks them up
    writes: int = 0
    seconds: float = 0.0
    faults: list[Fault] = field(default_factory=list)
    #: capability records this run's writes created, changed or removed (a 404 or a lost race is not counted)
    capabilities_created: int = 0
    capabilities_updated: int = 0
    capabilities_deleted: int = 0
    #: stored capabilities no loaded driver owns, kept as they are (``prune`` removes them)
    kept: list[dict[str, str]] = field(default_factory=list)
    pruned: int = 0  #: of those, removed because ``prune`` asked for it
    drivers: dict[str, str] = field(default_factory=dict)  #: every driver found -> its status this run
    dry_run: bool = False  #: nothing was written: the counts and :attr:`plan` say what a run would do
    #: with ``dry_run``, per flavor that would change, the change (:func:`~onap_hpa_host.aai.plan.describe_changes`)
    plan: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every flavor is in AAI as desired (driver and data faults are reported, not failures)."""
        return self.failed == 0

    def as_dict(self) -> dict[str, Any]:
        """JSON form (``onap-hpa sync --json``)."""
        counts = {
            name: getattr(self, name)
            for name in (
                "flavors_seen",
                "discovered",
                "created",
                "updated",
                "deleted",
                "unchanged",
                "skipped",
                "failed",
                "writes",
            )
        }
        return {
            "cloud_owner": self.cloud_owner,
            "cloud_region_id": self.cloud_region_id,
            **counts,
            "capabilities": {
                "created": self.capabilities_created,
                "updated": self.capabilities_updated,
                "deleted": self.capabilities_deleted,
                "kept": len(self.kept),
                "pruned": self.pruned,
            },
            "seconds": round(self.seconds, 3),
            "drivers": dict(self.drivers),
            "faults": [fault.as_dict() for fault in self.faults],
            "kept": list(self.kept),
            **({"dry_run": True, "plan": list(self.plan)} if self.dry_run else {}),
        }


@dataclass
class _Counts:
    """Capability records one flavor's writes created, updated and deleted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    pruned: int = 0


@dataclass(frozen=True)
class _Outcome:
    kind: str  # created, updated, unchanged, deleted, gone, skipped, failed
    discovered: bool = False
    faults: tuple[Fault, ...] = ()
    counts: _Counts | None = None
    kept: tuple[dict[str, str], ...] = ()
    change: dict[str, Any] | None = None  #: with ``dry_run``: what the flavor's writes would change


class RegionSync:
    """One region's Nova -> drivers -> AAI sync. Build it, then :meth:`run` (again whenever needed).

    :param viminfo: the plugin's VIM info dict; None reads it from AAI's cloud-region, as MultiCloud does.
    :param discover: which Nova flavors get HPA discovery (default: names starting with ``onap.``).
    :param workers: flavors synced at once (the sync is I/O-bound).
    :param alarms: told of every driver's faults at the end of each run.
    :param prune: remove the stored capabilities no loaded driver owns (default: keep and report them).
    :param dry_run: read and discover everything, write nothing: the summary's ``plan`` says, per flavor,
        what a run would create, update and delete (the same decisions, made by the same code), and no
        alarm is raised or cleared.
    """

    def __init__(
        self,
        nova: NovaSource,
        aai: AaiClient,
        *,
        cloud_owner: str,
        cloud_region_id: str,
        host: Host | None = None,
        viminfo: Mapping[str, Any] | None = None,
        discover: Callable[[Mapping[str, Any]], bool] | None = None,
        workers: int = 8,
        alarms: AlarmSink | None = None,
        retry: RetryPolicy | None = None,
        prune: bool = False,
        dry_run: bool = False,
    ) -> None:
        self.nova = nova
        self.aai = aai
        self.cloud_owner = cloud_owner
        self.cloud_region_id = cloud_region_id
        self.host = host if host is not None else Host()
        self._viminfo = dict(viminfo) if viminfo is not None else None
        self._discover = discover or name_prefix(DEFAULT_PREFIX)
        self._workers = max(1, workers)
        self._alarms = alarms
        self._retry = retry or RetryPolicy(attempts=5)
        self.prune = prune
        self.dry_run = dry_run
        self._ownership = Ownership(cloud_owner, cloud_region_id, {})

    def run(self, progress: Callable[[int, int], None] | None = None) -> SyncSummary:
        """Sync the region once; ``progress(done, total)`` is called as flavors finish.

        Raises :class:`~onap_hpa.errors.NovaError` or :class:`AaiError` only when the region as a
        whole cannot be read, and :class:`~onap_hpa_host.errors.NoDriversError` when no driver is
        loaded (nothing has been written then); per-flavor failures are in the summary.
        """
        start = time.perf_counter()
        writes_before = self.aai.writes
        owner, region = self.cloud_owner, self.cloud_region_id
        # Load drivers before anything else: loading is lazy and runs once, on one thread, and a run
        # without any loaded driver must not even read (it would strip every capability it owns).
        drivers = self.host.drivers
        if not any(d.status == "loaded" for d in drivers):
            found = ", ".join(f"{d.name} {d.status}" for d in drivers) or "no driver installed"
            raise NoDriversError(found, load_faults(drivers))
        self._ownership = Ownership.of(owner, region, drivers)
        viminfo = self._viminfo if self._viminfo is not None else self._read_viminfo()
        flavors = self.nova.flavors()
        stored = {str(f.get("flavor-id")): f for f in self.aai.flavors(owner, region)}
        nova_ids = {str(f.get("id")) for f in flavors if isinstance(f, Mapping) and f.get("id") not in (None, "")}
        gone = [fid for fid in stored if fid not in nova_ids]
        summary = SyncSummary(owner, region, flavors_seen=len(flavors), dry_run=self.dry_run)
        summary.drivers = {d.name: d.status for d in drivers}
        # A driver that did not load is a fault of the run, reported and alarmed like any driver fault.
        summary.faults.extend(load_faults(drivers))
        if gone and not flavors:
            # An empty listing is far likelier a project without flavor access than a VIM with no flavors.
            message = (
                f"Nova listed no flavors: the {len(gone)} flavors AAI holds are kept; check OS_PROJECT_NAME "
                "and flavor access (delete them in AAI by hand if the VIM really has none)"
            )
            summary.faults.append(Fault("*", NOVA, "nova-empty", message))
            gone = []
        total = len(flavors) + len(gone)
        with ThreadPoolExecutor(self._workers, thread_name_prefix="onap-hpa-sync") as pool:
            futures: dict[Future[_Outcome], str] = {}
            for flavor in flavors:
                fid = str(flavor.get("id")) if isinstance(flavor, Mapping) else "<unknown>"
                futures[pool.submit(self._guard, fid, self._sync_flavor, flavor, viminfo, stored.get(fid))] = fid
            for fid in gone:
                futures[pool.submit(self._guard, fid, self._remove_flavor, fid, stored[fid])] = fid
            try:
                for done, future in enumerate(as_completed(futures), start=1):
                    self._count(summary, future.result())
                    if progress is not None:
                        progress(done, total)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        summary.faults.sort(key=lambda fault: (fault.flavor_id, fault.driver, fault.kind))
        summary.kept.sort(key=lambda kept: (kept["flavor-id"], kept["hpa-capability-id"]))
        summary.plan.sort(key=lambda change: str(change["flavor-id"]))
        summary.writes = self.aai.writes - writes_before
        summary.seconds = time.perf_counter() - start
        if self._alarms is not None and not self.dry_run:
            alarming = [fault for fault in summary.faults if fault.alarming]
            # Every driver found: a driver now blocked or loaded again gets its alarm cleared.
            self._alarms.round(owner, region, sorted({d.name for d in drivers}), alarming)
        return summary

    def explain(self, flavor_id: str) -> dict[str, Any]:
        """Why one flavor gets (or does not get) its capabilities, and what a run would do with it in AAI.

        Reads as a run does (drivers, the region's VIM info, Nova's listing and the flavor's extra_specs,
        the flavor in AAI), discovers it with the same host, and writes nothing. The answer has the Nova
        flavor and extra_specs, whether it is discovered, the host's :class:`FlavorResult` (per driver:
        accepted records, faults), the owner of every stored capability, and the AAI change
        (:func:`~onap_hpa_host.aai.plan.describe_changes`; a flavor Nova no longer lists is deleted).
        """
        drivers = self.host.drivers
        if not any(d.status == "loaded" for d in drivers):
            found = ", ".join(f"{d.name} {d.status}" for d in drivers) or "no driver installed"
            raise NoDriversError(found, load_faults(drivers))
        self._ownership = Ownership.of(self.cloud_owner, self.cloud_region_id, drivers)
        viminfo = self._viminfo if self._viminfo is not None else self._read_viminfo()
        listed = {str(f.get("id")): f for f in self.nova.flavors() if isinstance(f, Mapping)}
        current = self.aai.flavor(self.cloud_owner, self.cloud_region_id, flavor_id)
        answer: dict[str, Any] = {
            "flavor-id": flavor_id,
            "in_nova": flavor_id in listed,
            "in_aai": current is not None,
            "nova_flavor": listed.get(flavor_id),
            "extra_specs": None,
            "discovered": False,
            "result": None,
            "faults": [],
            "owners": {},
            "change": None,
        }
        stored = capabilities(current)
        answer["owners"] = {
            str(cap.get("hpa-capability-id")): self._ownership.judge(flavor_id, cap, stored).as_dict() for cap in stored
        }
        flavor = listed.get(flavor_id)
        if flavor is None:
            answer["change"] = describe_removal(flavor_id, current) if current is not None else None
            return answer
        try:
            request = DiscoveryRequest.build(flavor, None, viminfo)
        except RequestError as error:
            answer["faults"] = [Fault(error.flavor_id, HOST, "bad-request", str(error))]
            return answer
        faults: tuple[Fault, ...] = ()
        if self._discover(flavor):
            specs = flavor.get("extra_specs")
            if not isinstance(specs, Mapping):
                specs = self.nova.extra_specs(request.flavor.id)
            answer["extra_specs"] = dict(specs)
            answer["discovered"] = True
            result = self.host.discover_data(flavor, specs, viminfo)
            answer["result"] = result
            answer["faults"] = list(result.faults)
            if result.record is None:
                return answer
            desired, faults = result.record, result.faults
        else:
            desired = flavor_record(request.flavor, [])
        faulted = {fault.driver for fault in faults if fault.alarming}
        keeper = _Keeper(self._ownership, request.flavor.id, faulted, current, prune=self.prune)
        answer["change"] = describe_changes(desired, current, keeper)
        return answer

    # -- one flavor ---------------------------------------------------------------------------

    def _guard(self, flavor_id: str, work: Callable[..., _Outcome], *args: Any) -> _Outcome:
        """Run one flavor's work; any failure becomes that flavor's fault, never the others' problem."""
        try:
            return work(*args)
        except OnapHpaError as error:
            source = NOVA if isinstance(error, NovaError) else AAI
            return _Outcome("failed", faults=(Fault(flavor_id, source, f"{source}-error", str(error)),))
        except Exception as error:  # isolation: a bug on one flavor must not stop the region
            log.exception("flavor %r: unexpected error", flavor_id)
            message = f"unexpected {type(error).__name__}: {error}"
            return _Outcome("failed", faults=(Fault(flavor_id, HOST, "sync-error", message),))

    def _sync_flavor(
        self, flavor: Mapping[str, Any], viminfo: Mapping[str, Any], current: dict[str, Any] | None
    ) -> _Outcome:
        discover = isinstance(flavor, Mapping) and self._discover(flavor)
        try:
            request = DiscoveryRequest.build(flavor, None, viminfo)
        except RequestError as error:
            fault = Fault(error.flavor_id, HOST, "bad-request", f"{error}; the flavor is left as AAI has it")
            return _Outcome("skipped", faults=(fault,))
        faults: tuple[Fault, ...] = ()
        if discover:
            flavor_id = request.flavor.id
            specs = flavor.get("extra_specs")  # inline from Nova microversion >= 2.61
            if not isinstance(specs, Mapping):
                specs = self.nova.extra_specs(flavor_id)
            result = self.host.discover_data(flavor, specs, viminfo)
            if result.record is None:
                bad = tuple(
                    Fault(f.flavor_id, f.driver, f.kind, f"{f.message}; the flavor is left as AAI has it")
                    for f in result.faults
                )
                return _Outcome("skipped", discovered=False, faults=bad)
            desired, faults = result.record, result.faults
        else:
            desired = flavor_record(request.flavor, [])
        faulted = {fault.driver for fault in faults if fault.alarming}
        keeper = _Keeper(self._ownership, request.flavor.id, faulted, current, prune=self.prune)
        if self.dry_run:
            change = describe_changes(desired, current, keeper)
            counts = _Counts(
                created=len(change["capabilities"]["create"]),
                updated=len(change["capabilities"]["update"]),
                deleted=len(change["capabilities"]["delete"]),
                pruned=sum(
                    keeper.verdict(ref).category not in (OWNED, MONOLITH) for ref in change["capabilities"]["delete"]
                ),
            )
            kind = {"create": "created", "update": "updated"}.get(change["action"], "unchanged")
            return _Outcome(
                kind, discover, faults, counts, keeper.kept(desired), change if kind != "unchanged" else None
            )
        kind, counts = self._write(request.flavor.id, desired, current, keeper)
        return _Outcome(kind, discovered=discover, faults=faults, counts=counts, kept=keeper.kept(desired))

    def _write(
        self,
        flavor_id: str,
        desired: Mapping[str, Any],
        current: dict[str, Any] | None,
        keeper: _Keeper,
    ) -> tuple[str, _Counts]:
        """Make AAI hold ``desired``; the flavor's outcome from what this run's writes did, and their counts.

        ``created``/``updated`` only when our PUT was applied (201/200), ``updated`` too when only
        capabilities were deleted; a flavor that a concurrent writer brought to the desired state
        first (our write lost with a 412) is ``unchanged``.
        """
        path = flavor_url(self.cloud_owner, self.cloud_region_id, flavor_id)
        counts = _Counts()
        # A capability that loses an attribute is deleted, then written afresh: one update, not two writes' worth.
        desired_paths = {capability_path(path, str(cap.get("hpa-capability-id"))) for cap in capabilities(desired)}
        rewritten: set[str] = set()
        failures = 0
        for _ in range(2 * self._retry.attempts + 2):  # a delete round, the PUT, and the retries
            plan = plan_flavor(path, desired, current, keeper)
            if plan.empty:
                return ("updated" if counts.deleted or rewritten else "unchanged"), counts
            try:
                if not plan.deletes:
                    assert plan.body is not None  # noqa: S101 - a non-empty plan has deletes or a body
                    status = self.aai.put(path, plan.body)
                    _count_put(counts, plan.body, current, rewritten)
                    return ("created" if status == 201 else "updated"), counts
                for delete in plan.deletes:
                    if self.aai.delete(delete.path, delete.resource_version):
                        if delete.path in desired_paths:
                            rewritten.add(delete.path.rsplit("/", 1)[1])
                            continue
                        counts.deleted += 1
                        counts.pruned += keeper.pruned(delete.path)
            except (AaiConflictError, AaiUnavailableError) as error:
                failures += 1
                if failures >= self._retry.attempts:
                    raise
                log.info("flavor %r: %s; re-reading and retrying", flavor_id, error)
                time.sleep(self._retry.pause(failures))
            current = self.aai.flavor(self.cloud_owner, self.cloud_region_id, flavor_id)
        raise AaiError("PUT", path, None, "the flavor kept changing under the sync", "rerun the sync")

    def _remove_flavor(self, flavor_id: str, current: dict[str, Any] | None) -> _Outcome:
        """Delete a flavor Nova no longer has: its capabilities first, then (re-read) the flavor itself.

        Every capability goes, whoever wrote it: the flavor is gone from the VIM, so nothing it carries
        describes anything (a flavor cannot be deleted from AAI while it has children).
        """
        path = flavor_url(self.cloud_owner, self.cloud_region_id, flavor_id)
        counts = _Counts()
        if self.dry_run:
            change = describe_removal(flavor_id, current or {})
            counts.deleted = len(change["capabilities"]["delete"])
            return _Outcome("deleted" if current is not None else "gone", counts=counts, change=change)
        failures = 0
        for _ in range(2 * self._retry.attempts + 2):
            if current is None:
                return _Outcome("gone", counts=counts)
            try:
                caps = capabilities(current)
                for cap in caps:
                    cap_path = capability_path(path, str(cap.get("hpa-capability-id")))
                    if self.aai.delete(cap_path, str(cap.get("resource-version", ""))):
                        counts.deleted += 1
                if not caps:
                    removed = self.aai.delete(path, str(current.get("resource-version", "")))
                    return _Outcome("deleted" if removed else "gone", counts=counts)
            except (AaiConflictError, AaiUnavailableError) as error:
                failures += 1
                if failures >= self._retry.attempts:
                    raise
                log.info("flavor %r: %s; re-reading and retrying the delete", flavor_id, error)
                time.sleep(self._retry.pause(failures))
            current = self.aai.flavor(self.cloud_owner, self.cloud_region_id, flavor_id)
        raise AaiError("DELETE", path, None, "the flavor kept changing under the sync", "rerun the sync")

    # -- region -------------------------------------------------------------------------------

    def _read_viminfo(self) -> dict[str, Any]:
        region = self.aai.cloud_region(self.cloud_owner, self.cloud_region_id)
        if region is None:
            raise SyncConfigError(
                f"cloud region {self.cloud_owner}/{self.cloud_region_id}",
                "is not in AAI",
                "a region registered with MultiCloud (check ONAP_HPA_CLOUD_OWNER and ONAP_HPA_CLOUD_REGION_ID)",
            )
        return viminfo_from_region(region)

    @staticmethod
    def _count(summary: SyncSummary, outcome: _Outcome) -> None:
        if outcome.kind != "gone":
            setattr(summary, outcome.kind, getattr(summary, outcome.kind) + 1)
        summary.discovered += outcome.discovered
        summary.faults.extend(outcome.faults)
        summary.kept.extend(outcome.kept)
        if outcome.change is not None:
            summary.plan.append(outcome.change)
        if outcome.counts is not None:
            summary.capabilities_created += outcome.counts.created
            summary.capabilities_updated += outcome.counts.updated
            summary.capabilities_deleted += outcome.counts.deleted
            summary.pruned += outcome.counts.pruned


class _Keeper:
    """``keep(cap)`` for :func:`plan_flavor`: whether a stored capability that is not desired stays.

    It stays when no loaded driver owns it (unless pruning), or when its owner faulted on this flavor
    (its records are unknown this time, not gone). Verdicts are kept per id: the plan is made again
    after every re-read, and the summary reports what was kept.
    """

    def __init__(
        self,
        ownership: Ownership,
        flavor_id: str,
        faulted: set[str],
        current: Mapping[str, Any] | None,
        *,
        prune: bool,
    ) -> None:
        self._ownership = ownership
        self._flavor_id = flavor_id
        self._faulted = faulted
        self._faulted_features = ownership.features_of(faulted)
        self._stored = capabilities(current)
        self._prune = prune
        self._verdicts: dict[str, Verdict] = {}
        self._paths: dict[str, str] = {}

    def verdict(self, cap: Mapping[str, Any]) -> Verdict:
        """Who owns ``cap`` (memoised by id)."""
        cap_id = str(cap.get("hpa-capability-id"))
        known = self._verdicts.get(cap_id)
        if known is None:
            known = self._verdicts[cap_id] = self._ownership.judge(self._flavor_id, cap, self._stored)
        return known

    def __call__(self, cap: Mapping[str, Any]) -> bool:
        verdict = self.verdict(cap)
        if verdict.category == OWNED:
            return verdict.driver in self._faulted
        if verdict.category == MONOLITH:
            return cap.get("hpa-feature") in self._faulted_features
        if self._prune:
            self._paths[capability_path("", str(cap.get("hpa-capability-id")))] = str(cap.get("hpa-capability-id"))
        return not self._prune

    def pruned(self, path: str) -> int:
        """1 when ``path`` deleted an unowned capability (a prune), else 0."""
        return int(any(path.endswith(tail) for tail in self._paths))

    def kept(self, desired: Mapping[str, Any]) -> tuple[dict[str, str], ...]:
        """The unowned capabilities this flavor keeps, for the summary (none when pruning)."""
        if self._prune:
            return ()
        wanted = {cap.get("hpa-capability-id") for cap in capabilities(desired)}
        return tuple(
            {
                "flavor-id": self._flavor_id,
                "hpa-capability-id": str(cap.get("hpa-capability-id")),
                "hpa-feature": str(cap.get("hpa-feature")),
                "driver": verdict.driver,
            }
            for cap in self._stored
            if cap.get("hpa-capability-id") not in wanted
            for verdict in (self.verdict(cap),)
            if verdict.category not in (OWNED, MONOLITH)
        )


def _count_put(
    counts: _Counts, body: Mapping[str, Any], current: Mapping[str, Any] | None, rewritten: set[str]
) -> None:
    """Count the capabilities an applied PUT of ``body`` created or changed, against what was ``current``.

    ``rewritten``: path keys of capabilities deleted only to be written afresh (they are updates).
    """
    stored = {cap.get("hpa-capability-id"): cap for cap in capabilities(current)}
    for cap in capabilities(body):
        old = stored.get(cap.get("hpa-capability-id"))
        if old is None and path_key(str(cap.get("hpa-capability-id"))) in rewritten:
            counts.updated += 1
        elif old is None:
            counts.created += 1
        elif not same_capability(cap, old):
            counts.updated += 1
