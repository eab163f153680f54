"""``onap-hpa sync``: one cloud region's Nova flavors -> the installed drivers -> AAI.

Configured the way OpenStack and ONAP people expect: ``ONAP_HPA_AAI_*`` / ``ONAP_HPA_CLOUD_*`` for AAI and
the region, and the VIM from the ``OS_*`` client variables, else ``OS_CLOUD`` (clouds.yaml), else, as
MultiCloud does, the region's ``esr-system-info`` in AAI (:mod:`onap_hpa_host.vim_config`): with only AAI
access configured, ``--cloud-owner O --cloud-region-id R`` is enough, and ``--all-regions`` syncs every
OpenStack region AAI has, each on its own, ``ONAP_HPA_REGION_WORKERS`` at a time. Every variable is
documented in :mod:`onap_hpa_host.env`; each has a flag that overrides it, except passwords and secrets,
which are read from the environment only. With nothing configured at all it replays the region bundled with the harness
(``onap-hpa-harness``) on loopback, syncs it and prints the AAI records it produced: the demo. The
demo is found through the ``onap.hpa.demo`` entry point group: this package never imports the harness.

With ``--kubeconfig`` (``ONAP_HPA_KUBECONFIG``) the region is a Kubernetes cluster: its nodes, grouped into
node profiles, are the flavors, discovered by the drivers that read node facts
(:mod:`onap_hpa_host.kube.command`), and written through the same AAI sync.

Stored capabilities no driver loaded in this run owns (a disabled, misnamed, failing or uninstalled
driver's records) are kept and listed; ``--prune`` removes exactly those. A driver that did not load
is a fault in the summary and an alarm. A name in ``ONAP_HPA_DRIVERS`` / ``ONAP_HPA_DISABLE`` that
matches no installed driver, or a run with no driver loaded, is a configuration error: nothing is
read or written.

Exit status: 0 when every flavor is in AAI as desired (driver faults and malformed flavors are
reported and alarmed, not failures), 1 when some flavor could not be written or the region could not
be read, 2 for a configuration error (see :data:`onap_hpa_host.cli.EXIT_STATUS`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from typing import TYPE_CHECKING, Any, Final, TextIO

from onap_hpa_host import env
from onap_hpa_host.errors import SyncConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, SyncSummary
    from onap_hpa_host.nova import OpenStackConfig

__all__ = ["configure", "run"]

#: Entry point group of the demo provider (the harness registers one; see ``onap_hpa_harness.demo``).
DEMO_GROUP: Final = "onap.hpa.demo"
#: flag dest -> (variable, default)
_SETTINGS: Final = {
    "os_auth_url": (env.OS_AUTH_URL, None),
    "os_username": (env.OS_USERNAME, None),
    "os_project_name": (env.OS_PROJECT_NAME, None),
    "os_user_domain_name": (env.OS_USER_DOMAIN_NAME, "Default"),
    "os_project_domain_name": (env.OS_PROJECT_DOMAIN_NAME, "Default"),
    "os_region_name": (env.OS_REGION_NAME, None),
    "os_cacert": (env.OS_CACERT, None),
    "os_interface": (env.OS_INTERFACE, "public"),
    "kubeconfig": (env.KUBECONFIG, None),  # a Kubernetes region instead (onap_hpa_host.kube.command)
    "aai_url": (env.AAI_URL, None),
    "aai_version": (env.AAI_VERSION, "v13"),
    "aai_user": (env.AAI_USER, None),
    "aai_cacert": (env.AAI_CACERT, None),
    "aai_app_id": (env.AAI_APP_ID, "onap-hpa"),
    "cloud_owner": (env.CLOUD_OWNER, None),
    "cloud_region_id": (env.CLOUD_REGION_ID, None),
}
#: Always needed; the VIM comes from the OS_* variables, OS_CLOUD, or the region's esr-system-info in AAI.
_REQUIRED: Final = ("aai_url", "aai_user", "cloud_owner", "cloud_region_id")
_PASSWORDS: Final = (env.OS_PASSWORD, env.AAI_PASSWORD)


def configure(parser: argparse.ArgumentParser) -> None:
    """Flags for every setting but the passwords (``OS_PASSWORD``, ``ONAP_HPA_AAI_PASSWORD``: environment only)."""
    vim = parser.add_argument_group(
        "VIM (default: the OpenStack client variables; --kubeconfig: a Kubernetes region, whose node profiles "
        "are synced as flavors)"
    )
    aai = parser.add_argument_group("AAI and the cloud region")
    for dest, (variable, default) in _SETTINGS.items():
        group = vim if dest.startswith("os_") or dest == "kubeconfig" else aai
        shown = f" (default {default})" if default else ""
        group.add_argument(f"--{dest.replace('_', '-')}", dest=dest, metavar="VALUE", help=f"${variable}{shown}")
    sync = parser.add_argument_group("sync")
    sync.add_argument(
        "--flavor-prefix",
        metavar="PREFIX",
        help=f"flavors named PREFIX* get HPA discovery; '' for all (${env.FLAVOR_PREFIX}, default onap.)",
    )
    sync.add_argument("--workers", type=int, metavar="N", help=f"flavors synced in parallel (${env.SYNC_WORKERS}, 8)")
    sync.add_argument(
        "--replay",
        metavar="REGION_DIR",
        help="replay a recorded region directory on loopback instead of a real VIM and AAI (needs the harness)",
    )
    sync.add_argument(
        "--all-regions",
        action="store_true",
        help="sync every OpenStack cloud region registered in AAI (of --cloud-owner, if given), each with the VIM "
        f"its esr-system-info names, ${env.REGION_WORKERS} (default 2) at a time",
    )
    sync.add_argument(
        "--insecure",
        action="store_true",
        help="do not verify the VIM's TLS certificate (loud: anyone on the path can pose as the VIM); AAI's never",
    )
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help="read and discover everything, write nothing: print per flavor the AAI changes a run would make "
        "(creates, updates with the attributes that change, deletes); no alarm is raised or cleared",
    )
    sync.add_argument(
        "--prune",
        action="store_true",
        help="also remove the stored capabilities no loaded driver owns (records of drivers disabled, "
        "misnamed, failing or uninstalled this run); without it they are kept and listed",
    )
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    out.add_argument("--no-progress", action="store_true", help="no progress bar (it is only drawn on a terminal)")
    out.add_argument("-v", "--verbose", action="count", default=0, help="log retries (-v) and requests (-vv)")
    out.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="log lines as text (default) or one JSON object each, for log shippers; both carry the RequestID",
    )


def run(args: argparse.Namespace) -> int:
    """Sync the configured region (or the demo region) and print the summary."""
    from onap_hpa_host.ownership import check_driver_names

    _logging(args.verbose, args.log_format)
    try:
        check_driver_names()  # a typo in ONAP_HPA_DRIVERS must not look like "no driver owns these records"
        variables = [variable for variable, _ in _SETTINGS.values()] + [*_PASSWORDS, "OS_CLOUD"]
        configured = any(getattr(args, dest) for dest in _SETTINGS) or any(os.environ.get(v) for v in variables)
        if args.replay or not configured:
            return _replay(args)
        settings = {dest: _setting(args, dest) for dest in _SETTINGS}
        passwords = {variable: os.environ.get(variable) for variable in _PASSWORDS}
        if args.all_regions:
            return _sync_all(args, settings, passwords)
        return _sync(args, settings, passwords, show_records=False, environ=os.environ)
    except SyncConfigError as error:
        _refused(args, error)
        sys.stderr.write(f"onap-hpa sync: {error}\n")
        return 2


def _refused(args: argparse.Namespace, error: Exception) -> None:
    """A run refused before any write: alarm the drivers behind it and, with ``--json``, say so on stdout.

    A CronJob's stderr is read by nobody: a typo in ``ONAP_HPA_DRIVERS`` or drivers that all failed to
    load raise their alarms (when the region is configured) like any driver fault.
    """
    from onap_hpa.errors import OnapHpaError
    from onap_hpa_host.errors import NoDriversError, UnknownDriverError
    from onap_hpa_host.ownership import unknown_driver_faults

    faults: list[Any] = []
    if isinstance(error, UnknownDriverError):
        faults = unknown_driver_faults(error)
    elif isinstance(error, NoDriversError):
        faults = list(error.faults)
    owner, region = _setting(args, "cloud_owner"), _setting(args, "cloud_region_id")
    if faults and owner and region:
        try:
            from onap_hpa_host.alarms import AlarmBook, VesSender

            alarms = AlarmBook(VesSender.from_env(), assume_clear=False)
            alarms.round(owner, region, sorted({fault.driver for fault in faults}), faults)
        except OnapHpaError as problem:  # a second configuration error: the first one is the message
            logging.getLogger(__name__).error("alarm not raised: %s", problem)
    if args.json:
        document = {
            "cloud_owner": owner,
            "cloud_region_id": region,
            "error": str(error),
            "writes": 0,
            "faults": [fault.as_dict() for fault in faults],
        }
        sys.stdout.write(json.dumps(document) + "\n")


def _setting(args: argparse.Namespace, dest: str) -> str | None:
    variable, default = _SETTINGS[dest]
    flag = getattr(args, dest)
    return flag if flag is not None else env.value(variable, default)


def _common() -> dict[str, Any]:
    """Settings every VIM connection shares, from the environment (a malformed one names its variable)."""
    return {
        "timeout": env.positive(env.HTTP_TIMEOUT, 30.0),
        "pool": env.whole(env.SYNC_WORKERS, 8),
        "max_pages": env.whole(env.NOVA_MAX_PAGES, 1000),
        "max_flavors": env.whole(env.NOVA_MAX_FLAVORS, 100_000),
    }


def _aai_config(
    settings: dict[str, str | None],
    passwords: dict[str, str | None],
    *,
    region: bool = True,
    command: str = "onap-hpa sync",
) -> AaiConfig:
    """AAI's settings; the cloud region's too unless ``region`` is False (``--all-regions``)."""
    from onap_hpa_host.aai import AaiConfig

    required = [dest for dest in _REQUIRED if region or not dest.startswith("cloud_")]
    missing = [f"${_SETTINGS[dest][0]} (or --{dest.replace('_', '-')})" for dest in required if not settings[dest]]
    if not passwords.get(env.AAI_PASSWORD):
        missing.append(f"${env.AAI_PASSWORD}")
    if missing:
        listed = ", ".join(missing)
        raise SyncConfigError(
            command, f"is missing {listed}", "the AAI settings and the cloud region (see onap_hpa_host.env)"
        )
    for dest in ("os_cacert", "aai_cacert"):
        bundle = settings[dest]
        if bundle and not os.path.isfile(bundle):
            raise SyncConfigError(f"${_SETTINGS[dest][0]}={bundle}", "is not a file", "a PEM CA bundle")
    common = _common()
    return AaiConfig(
        url=str(settings["aai_url"]),
        user=str(settings["aai_user"]),
        password=str(passwords[env.AAI_PASSWORD]),
        version=str(settings["aai_version"]),
        cacert=settings["aai_cacert"],
        app_id=str(settings["aai_app_id"]),
        timeout=common["timeout"],
        pool=common["pool"],
    )


def _vim_config(
    args: argparse.Namespace,
    settings: dict[str, str | None],
    environ: Mapping[str, str],
    aai: AaiClient,
    owner: str,
    region: str,
) -> OpenStackConfig:
    """The VIM's Keystone and credentials: ``OS_*`` variables, else ``OS_CLOUD``, else the region's
    esr-system-info in AAI (:mod:`onap_hpa_host.vim_config`); ``--insecure`` switches TLS verification off."""
    from dataclasses import replace

    from onap_hpa_host.vim_config import from_clouds_yaml, from_environment, from_esr

    common = _common()
    config = from_environment(settings, environ, **common)
    if config is None and environ.get("OS_CLOUD"):
        config = from_clouds_yaml(environ["OS_CLOUD"], environ, **common)
    if config is None:
        config = from_esr(owner, region, aai.esr_system_info(owner, region), aai.cloud_region(owner, region), **common)
    return replace(config, insecure=True) if getattr(args, "insecure", False) else config


def _sync(
    args: argparse.Namespace,
    settings: dict[str, str | None],
    passwords: dict[str, str | None],
    *,
    show_records: bool,
    environ: Mapping[str, str],
) -> int:
    if settings.get("kubeconfig"):  # a Kubernetes cloud region: its node profiles are its flavors
        from onap_hpa_host.kube.command import sync_cluster

        return sync_cluster(args, settings, passwords, show_records=show_records)
    from onap_hpa_host.aai import AaiClient, RegionSync, name_prefix
    from onap_hpa_host.alarms import AlarmBook, VesSender
    from onap_hpa_host.errors import AaiError, NovaError
    from onap_hpa_host.nova import NovaSource

    aai_config = _aai_config(settings, passwords)
    owner, region = str(settings["cloud_owner"]), str(settings["cloud_region_id"])
    prefix = args.flavor_prefix if args.flavor_prefix is not None else os.environ.get(env.FLAVOR_PREFIX, "onap.")
    with AaiClient(aai_config) as aai:
        try:
            openstack = _vim_config(args, settings, environ, aai, owner, region)
        except (AaiError, NovaError) as error:
            sys.stderr.write(f"onap-hpa sync: region {owner}/{region} not synced: {error}\n")
            return 1
        workers = args.workers if args.workers and args.workers > 0 else openstack.pool
        nova = NovaSource(openstack, preferred_region=region)
        # Without a state file this process cannot know what an earlier run raised: re-assert every alarm.
        alarms = AlarmBook(VesSender.from_env(), assume_clear=False)
        sync = RegionSync(
            nova,
            aai,
            cloud_owner=owner,
            cloud_region_id=region,
            discover=name_prefix(prefix),
            workers=workers,
            alarms=alarms,
            prune=args.prune,
            dry_run=args.dry_run,
        )
        try:
            return run_and_report(sync, aai, args, show_records=show_records)
        finally:
            nova.close()


def run_and_report(sync: RegionSync, aai: AaiClient, args: argparse.Namespace, *, show_records: bool) -> int:
    """Run one region's sync (a progress bar on a terminal), print its summary; the exit status."""
    from onap_hpa_host.errors import AaiError, NovaError

    owner, region = sync.cloud_owner, sync.cloud_region_id
    show = not args.no_progress and sys.stderr.isatty()
    try:
        summary = sync.run(progress=_Progress(sys.stderr) if show else None)
        records = aai.flavors(owner, region) if show_records and not sync.dry_run else None
    except (AaiError, NovaError) as error:
        sys.stderr.write(f"onap-hpa sync: region {owner}/{region} not synced: {error}\n")
        return 1
    _print(summary, _stable(records), as_json=args.json)
    return 0 if summary.complete else 1


def _stable(records: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """AAI's flavors in one order whatever AAI's: by flavor id, capabilities by feature and id, no resource-versions."""
    if records is None:
        return None

    def clean(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: clean(value) for key, value in node.items() if key != "resource-version"}
        if isinstance(node, list):
            return [clean(item) for item in node]
        return node

    out = [clean(record) for record in sorted(records, key=lambda flavor: str(flavor.get("flavor-id")))]
    for record in out:
        caps = (record.get("hpa-capabilities") or {}).get("hpa-capability")
        if isinstance(caps, list):
            caps.sort(key=lambda cap: (str(cap.get("hpa-feature")), str(cap.get("hpa-capability-id"))))
    return out


#: VIM types of the MultiCloud OpenStack-family plugins (``cloud-type`` in AAI) that ``--all-regions`` syncs.
OPENSTACK_TYPES: Final = ("openstack", "windriver", "starlingx", "titanium_cloud")


def _sync_all(args: argparse.Namespace, settings: dict[str, str | None], passwords: dict[str, str | None]) -> int:
    """Every OpenStack region registered in AAI, each on its own (one's failure is not the others'), bounded."""
    from concurrent.futures import ThreadPoolExecutor

    from onap_hpa_host.aai import AaiClient, AaiError
    from onap_hpa_host.alarms import AlarmBook, VesSender
    from onap_hpa_host.errors import NovaError
    from onap_hpa_host.host import Host

    aai_config = _aai_config(settings, passwords, region=False)
    owner_filter = settings["cloud_owner"]
    workers = env.whole(env.REGION_WORKERS, 2)
    with AaiClient(aai_config) as aai:
        try:
            regions = [
                (str(r.get("cloud-owner")), str(r.get("cloud-region-id")))
                for r in aai.cloud_regions()
                if str(r.get("cloud-type", "")).lower() in OPENSTACK_TYPES
                and (not owner_filter or r.get("cloud-owner") == owner_filter)
            ]
        except AaiError as error:
            sys.stderr.write(f"onap-hpa sync: the cloud regions could not be listed: {error}\n")
            return 1
        if not regions:
            sys.stderr.write("onap-hpa sync: AAI has no OpenStack cloud region to sync (cloud-type openstack, ...)\n")
            return 1
        host = Host()
        alarms = AlarmBook(VesSender.from_env(), assume_clear=False)

        def one(owner: str, region: str) -> Any:
            from onap_hpa_host.aai import RegionSync, name_prefix
            from onap_hpa_host.nova import NovaSource

            prefix = (
                args.flavor_prefix if args.flavor_prefix is not None else os.environ.get(env.FLAVOR_PREFIX, "onap.")
            )
            try:
                openstack = _vim_config(args, dict.fromkeys(_SETTINGS), {}, aai, owner, region)
                nova = NovaSource(openstack, preferred_region=region)
                try:
                    sync = RegionSync(
                        nova,
                        aai,
                        cloud_owner=owner,
                        cloud_region_id=region,
                        host=host,
                        discover=name_prefix(prefix),
                        workers=args.workers if args.workers and args.workers > 0 else openstack.pool,
                        alarms=alarms,
                        prune=args.prune,
                        dry_run=args.dry_run,
                    )
                    return sync.run()
                finally:
                    nova.close()
            except (AaiError, NovaError, SyncConfigError) as error:  # this region only
                return {"cloud_owner": owner, "cloud_region_id": region, "error": str(error)}

        with ThreadPoolExecutor(max(1, workers), thread_name_prefix="onap-hpa-region") as pool:
            results = list(pool.map(lambda key: one(*key), regions))
    failed = [r for r in results if isinstance(r, dict)]
    if args.json:
        documents = [r if isinstance(r, dict) else r.as_dict() for r in results]
        sys.stdout.write(json.dumps({"regions": documents}) + "\n")
    else:
        for result in results:
            if isinstance(result, dict):
                sys.stdout.write(
                    f"region {result['cloud_owner']}/{result['cloud_region_id']}: not synced: {result['error']}\n"
                )
            else:
                _print(result, None, as_json=False)
    return 0 if not failed and all(r.complete for r in results) else 1


def _demo_provider() -> Any:
    """The demo provider registered in :data:`DEMO_GROUP`, or None when none is installed or loads."""
    from onap_hpa_host.ownership import entry_points

    for ep in sorted(entry_points(group=DEMO_GROUP), key=lambda ep: ep.name):
        try:
            return ep.load()
        except ImportError:
            continue
    return None


def _replay(args: argparse.Namespace) -> int:
    from contextlib import ExitStack

    from onap_hpa.errors import OnapHpaError

    provider = _demo_provider()
    if provider is None:
        what = (
            "--replay"
            if args.replay
            else "nothing is configured (set the OS_* and ONAP_HPA_* variables listed in onap_hpa_host.env, "
            "or their flags), and the demo that replays a bundled region"
        )
        sys.stderr.write(f"onap-hpa sync: {what} needs the harness: pip install onap-hpa-harness\n")
        return 2
    with ExitStack() as stack:
        try:
            demo = stack.enter_context(provider(args.replay))
        except OnapHpaError as error:  # --replay DIR that is not a recorded region: the file that is missing
            sys.stderr.write(f"onap-hpa sync: --replay {args.replay}: {error}\n")
            return 2
        if not args.json:
            sys.stdout.write(demo.banner + "\n")
        settings = {dest: demo.env.get(_SETTINGS[dest][0], _SETTINGS[dest][1]) for dest in _SETTINGS}
        passwords = {variable: demo.env.get(variable) for variable in _PASSWORDS}
        return _sync(args, settings, passwords, show_records=True, environ=demo.env)


def _print(summary: SyncSummary, records: list[dict[str, Any]] | None, *, as_json: bool) -> None:
    out = sys.stdout
    if as_json:
        document = summary.as_dict()
        if records is not None:
            document["flavors"] = records
        out.write(json.dumps(document) + "\n")
        return
    s = summary
    if records is not None:
        # The demo's records first: the summary is what a person reads last, without scrolling back.
        out.write("AAI flavors after the sync:\n")
        out.write(json.dumps({"flavor": records}, indent=2) + "\n")
    if s.dry_run:
        _print_plan(s.plan)
    not_loaded = {name: status for name, status in s.drivers.items() if status != "loaded"}
    if not_loaded:
        listed = ", ".join(f"{name} ({status})" for name, status in sorted(not_loaded.items()))
        out.write(f"drivers not loaded this run: {listed}\n")
    if s.kept:
        by_driver: dict[str, int] = {}
        for kept in s.kept:
            name = kept["driver"] or "no loaded driver"
            by_driver[name] = by_driver.get(name, 0) + 1
        listed = ", ".join(f"{count} of {name}" for name, count in sorted(by_driver.items()))
        verb = "would keep" if s.dry_run else "kept"
        out.write(f"{verb} {len(s.kept)} stored capabilities no loaded driver owns ({listed}); --prune removes them\n")
    if s.pruned:
        verb = "would prune" if s.dry_run else "pruned"
        out.write(f"{verb} {s.pruned} stored capabilities no loaded driver owned (--prune)\n")
    if s.faults:
        out.write(f"faults ({len(s.faults)}):\n")
        for fault in s.faults:
            out.write(f"  flavor {fault.flavor_id!r} [{fault.driver}, {fault.kind}] {fault.message}\n")
    out.write(
        ("dry run, nothing written: " if s.dry_run else "")
        + f"region {s.cloud_owner}/{s.cloud_region_id}: {s.flavors_seen} flavors seen, {s.discovered} discovered; "
        f"AAI: {s.created} created, {s.updated} updated, {s.deleted} deleted, {s.unchanged} unchanged, "
        f"{s.skipped} skipped, {s.failed} failed; capabilities: {s.capabilities_created} created, "
        f"{s.capabilities_updated} updated, {s.capabilities_deleted} deleted, {len(s.kept)} kept; "
        f"{s.writes} writes in {s.seconds:.2f} s\n"
    )


def _print_plan(plan: list[dict[str, Any]]) -> None:
    """Per flavor that would change: the action, changed fields, and each capability created, updated, deleted."""
    out = sys.stdout
    out.write(f"plan ({len(plan)} flavors would change):\n")
    for change in plan:
        out.write(f"  flavor {change['flavor-id']!r}: {change['action']}\n")
        for name, (old, new) in change["fields"].items():
            out.write(f"    {name}: {json.dumps(old)} -> {json.dumps(new)}\n")
        caps = change["capabilities"]
        for verb in ("create", "update", "delete"):
            for cap in caps[verb]:
                out.write(f"    {verb} {cap['hpa-feature']} {cap['hpa-capability-id']}\n")
                for key, (old, new) in cap.get("attributes", {}).items():
                    out.write(f"      {key}: {old or '(none)'} -> {new or '(none)'}\n")


class _Progress:
    """A one-line progress bar on stderr. A dozen lines instead of a dependency in the plugin image."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream = stream
        self._width = width
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self._width * done // max(total, 1)
        bar = "#" * filled + "." * (self._width - filled)
        self._stream.write(f"\r[{bar}] {done}/{total} flavors" + ("\n" if done >= total else ""))
        self._stream.flush()


def _logging(verbose: int, fmt: str = "text") -> None:
    from onap_hpa_host.logs import configure

    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    configure(level, fmt, stream=sys.stderr)  # UTC timestamps and the run's RequestID on every line
