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
  right and a write that was applied before its answer was lost is not applied twice.

One flavor's failure never stops the others, and a rerun after any interruption converges.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Protocol

from onap_hpa.errors import OnapHpaError, RequestError
from onap_hpa.ids import capability_id, flavor_url
from onap_hpa.request import DiscoveryRequest
from onap_hpa_host.aai.client import AaiClient
from onap_hpa_host.aai.http import RetryPolicy
from onap_hpa_host.aai.plan import capabilities, capability_path, plan_flavor
from onap_hpa_host.errors import AaiConflictError, AaiError, AaiUnavailableError, NovaError, SyncConfigError
from onap_hpa_host.flavor_record import flavor_record
from onap_hpa_host.host import HOST, Fault, Host

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


@dataclass(slots=True)
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
            "seconds": round(self.seconds, 3),
            "faults": [fault.as_dict() for fault in self.faults],
        }


@dataclass(frozen=True, slots=True)
class _Outcome:
    kind: str  # created, updated, unchanged, deleted, gone, skipped, failed
    discovered: bool = False
    faults: tuple[Fault, ...] = ()


class RegionSync:
    """One region's Nova -> drivers -> AAI sync. Build it, then :meth:`run` (again whenever needed).

    :param viminfo: the plugin's VIM info dict; None reads it from AAI's cloud-region, as MultiCloud does.
    :param discover: which Nova flavors get HPA discovery (default: names starting with ``onap.``).
    :param workers: flavors synced at once (the sync is I/O-bound).
    :param alarms: told of every driver's faults at the end of each run.
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
        self._features: dict[str, frozenset[str]] = {}

    def run(self, progress: Callable[[int, int], None] | None = None) -> SyncSummary:
        """Sync the region once; ``progress(done, total)`` is called as flavors finish.

        Raises :class:`~onap_hpa.errors.NovaError` or :class:`AaiError` only when the region as a
        whole cannot be read (nothing has been written then); per-flavor failures are in the summary.
        """
        start = time.perf_counter()
        writes_before = self.aai.writes
        owner, region = self.cloud_owner, self.cloud_region_id
        viminfo = self._viminfo if self._viminfo is not None else self._read_viminfo()
        flavors = self.nova.flavors()
        stored = {str(f.get("flavor-id")): f for f in self.aai.flavors(owner, region)}
        # Load drivers before the workers start: loading is lazy and runs once, on one thread.
        self._features = {d.name: d.features for d in self.host.drivers if d.status == "loaded"}
        nova_ids = {str(f.get("id")) for f in flavors if isinstance(f, Mapping) and f.get("id") not in (None, "")}
        gone = [fid for fid in stored if fid not in nova_ids]
        summary = SyncSummary(owner, region, flavors_seen=len(flavors))
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
        summary.writes = self.aai.writes - writes_before
        summary.seconds = time.perf_counter() - start
        if self._alarms is not None:
            alarming = [fault for fault in summary.faults if fault.alarming]
            self._alarms.round(owner, region, sorted(self._features), alarming)
        return summary

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
        keep = self._owned_by(request.flavor.id, faulted, current) if faulted else _nothing
        kind = self._write(request.flavor.id, desired, current, keep)
        return _Outcome(kind, discovered=discover, faults=faults)

    def _owned_by(
        self, flavor_id: str, drivers: set[str], current: Mapping[str, Any] | None
    ) -> Callable[[Mapping[str, Any]], bool]:
        """Whether a stored capability is one of ``drivers``' records (ids are stable, so computable)."""
        counts = Counter(cap.get("hpa-feature") for cap in capabilities(current))
        ids = {
            capability_id(self.cloud_owner, self.cloud_region_id, flavor_id, driver, feature, ordinal)
            for driver in drivers
            for feature in self._features.get(driver, ())
            for ordinal in range(counts.get(feature, 0))
        }
        return lambda cap: cap.get("hpa-capability-id") in ids

    def _write(
        self,
        flavor_id: str,
        desired: Mapping[str, Any],
        current: dict[str, Any] | None,
        keep: Callable[[Mapping[str, Any]], bool],
    ) -> str:
        path = flavor_url(self.cloud_owner, self.cloud_region_id, flavor_id)
        kind = "unchanged"
        failures = 0
        for _ in range(2 * self._retry.attempts + 2):  # a delete round, the PUT, and the retries
            plan = plan_flavor(path, desired, current, keep)
            if plan.empty:
                return kind
            if kind == "unchanged":
                kind = "created" if current is None else "updated"
            try:
                if not plan.deletes:
                    assert plan.body is not None  # noqa: S101 - a non-empty plan has deletes or a body
                    self.aai.put(path, plan.body)
                    return kind
                for delete in plan.deletes:
                    self.aai.delete(delete.path, delete.resource_version)
            except (AaiConflictError, AaiUnavailableError) as error:
                failures += 1
                if failures >= self._retry.attempts:
                    raise
                log.info("flavor %r: %s; re-reading and retrying", flavor_id, error)
                time.sleep(self._retry.pause(failures))
            current = self.aai.flavor(self.cloud_owner, self.cloud_region_id, flavor_id)
        raise AaiError("PUT", path, None, "the flavor kept changing under the sync", "rerun the sync")

    def _remove_flavor(self, flavor_id: str, current: dict[str, Any] | None) -> _Outcome:
        """Delete a flavor Nova no longer has: its capabilities first, then (re-read) the flavor itself."""
        path = flavor_url(self.cloud_owner, self.cloud_region_id, flavor_id)
        failures = 0
        for _ in range(2 * self._retry.attempts + 2):
            if current is None:
                return _Outcome("gone")
            try:
                caps = capabilities(current)
                for cap in caps:
                    cap_path = capability_path(path, str(cap.get("hpa-capability-id")))
                    self.aai.delete(cap_path, str(cap.get("resource-version", "")))
                if not caps:
                    removed = self.aai.delete(path, str(current.get("resource-version", "")))
                    return _Outcome("deleted" if removed else "gone")
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


def _nothing(_cap: Mapping[str, Any]) -> bool:
    return False
