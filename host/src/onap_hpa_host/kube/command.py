"""``onap-hpa sync`` for a Kubernetes cloud region: ``--kubeconfig`` (``ONAP_HPA_KUBECONFIG``) instead of ``OS_*``.

The region's node profiles are synced like a VIM's flavors, through the same :class:`~onap_hpa_host.aai.RegionSync`
(zero-write resync, ownership, faults, alarms): the kubeconfig the Kubernetes plugin stores for the region says
where the API server is; ``ONAP_HPA_AAI_*`` and ``ONAP_HPA_CLOUD_*`` say where AAI and the region are, as for
OpenStack. Only the installed drivers that read node facts run (the Kubernetes drivers, e.g.
``onap-device-driver-k8s``), and every profile is discovered (no flavor name prefix: profiles are ``onap.k8s-*``).
"""

from __future__ import annotations

import argparse
import os
import sys

from onap_hpa_host import env

__all__ = ["sync_cluster"]

#: flag dest -> variable, of the settings a Kubernetes region needs besides the kubeconfig
_REQUIRED = {
    "aai_url": env.AAI_URL,
    "aai_user": env.AAI_USER,
    "cloud_owner": env.CLOUD_OWNER,
    "cloud_region_id": env.CLOUD_REGION_ID,
}


def sync_cluster(
    args: argparse.Namespace,
    settings: dict[str, str | None],
    passwords: dict[str, str | None],
    *,
    show_records: bool,
) -> int:
    """Sync the Kubernetes region ``settings["kubeconfig"]`` names into AAI; the exit status of ``onap-hpa sync``.

    :raises SyncConfigError: a setting is missing or malformed, or no installed driver reads node facts
        (nothing is read or written then).
    """
    from onap_hpa_host import Host
    from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, name_prefix
    from onap_hpa_host.alarms import AlarmBook, VesSender
    from onap_hpa_host.cli.sync import _print, _Progress, _stable
    from onap_hpa_host.errors import AaiError, NovaError, SyncConfigError
    from onap_hpa_host.kube.kubeconfig import read_kubeconfig
    from onap_hpa_host.kube.source import ApiOptions, ClusterSource, KubeApi, ProfileHost, node_drivers

    missing = [f"${name} (or --{dest.replace('_', '-')})" for dest, name in _REQUIRED.items() if not settings.get(dest)]
    if not passwords.get(env.AAI_PASSWORD):
        missing.append(f"${env.AAI_PASSWORD}")
    if missing:
        raise SyncConfigError("onap-hpa sync --kubeconfig", f"is missing {', '.join(missing)}", "every AAI setting")
    bundle = settings.get("aai_cacert")
    if bundle and not os.path.isfile(bundle):
        raise SyncConfigError(f"${env.AAI_CACERT}={bundle}", "is not a file", "a PEM CA bundle")
    timeout = env.positive(env.HTTP_TIMEOUT, 30.0)
    workers = args.workers if args.workers and args.workers > 0 else env.whole(env.SYNC_WORKERS, 8)
    kubeconfig = read_kubeconfig(str(settings["kubeconfig"]))
    aai_config = AaiConfig(
        url=str(settings["aai_url"]),
        user=str(settings["aai_user"]),
        password=str(passwords[env.AAI_PASSWORD]),
        version=str(settings.get("aai_version") or "v13"),
        cacert=bundle,
        app_id=str(settings.get("aai_app_id") or "onap-hpa"),
        timeout=timeout,
        pool=workers,
    )
    found = node_drivers(Host)
    if not found.names:
        found.host.close()
        raise SyncConfigError(
            "onap-hpa sync --kubeconfig",
            "found no installed driver that reads Kubernetes node facts",
            "a driver declaring node.<part>/<key> reads, e.g. pip install onap-device-driver-k8s",
        )
    owner, region = str(settings["cloud_owner"]), str(settings["cloud_region_id"])
    source = ClusterSource(KubeApi(kubeconfig, ApiOptions(timeout=timeout)), found.relevance)
    host = ProfileHost(found.host, source, hidden=found.hidden)
    try:
        with AaiClient(aai_config) as aai:
            alarms = AlarmBook(VesSender.from_env(), assume_clear=False)
            sync = RegionSync(
                source,  # type: ignore[arg-type]  # reads like a NovaSource: flavors() and extra_specs()
                aai,
                cloud_owner=owner,
                cloud_region_id=region,
                host=host,  # type: ignore[arg-type]  # discovers like a Host: drivers and discover_data()
                discover=name_prefix(""),
                workers=workers,
                alarms=alarms,
                prune=args.prune,
                dry_run=getattr(args, "dry_run", False),
            )
            show = not args.no_progress and sys.stderr.isatty()
            try:
                summary = sync.run(progress=_Progress(sys.stderr) if show else None)
                records = aai.flavors(owner, region) if show_records and not sync.dry_run else None
            except (AaiError, NovaError) as error:
                sys.stderr.write(f"onap-hpa sync: region {owner}/{region} not synced: {error}\n")
                return 1
    finally:
        source.close()
        host.close()
    _print(summary, _stable(records), as_json=args.json)
    return 0 if summary.complete else 1
