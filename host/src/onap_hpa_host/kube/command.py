"""``onap-hpa sync`` for a Kubernetes cloud region: ``--kubeconfig`` (``ONAP_HPA_KUBECONFIG``) instead of ``OS_*``.

The region's node profiles are synced like a VIM's flavors, through the same :class:`~onap_hpa_host.aai.RegionSync`
(zero-write resync, ownership, faults, alarms): the kubeconfig the Kubernetes plugin stores for the region says
where the API server is; ``ONAP_HPA_AAI_*`` and ``ONAP_HPA_CLOUD_*`` say where AAI and the region are, as for
OpenStack. Only the installed drivers that read node facts run (the Kubernetes drivers, e.g.
``onap-device-driver-k8s``), and every profile is discovered (no flavor name prefix: profiles are ``onap.k8s-*``).
"""

from __future__ import annotations

import argparse

__all__ = ["sync_cluster"]


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
    from onap_hpa_host.aai import AaiClient, RegionSync, name_prefix
    from onap_hpa_host.alarms import AlarmBook, VesSender
    from onap_hpa_host.cli.sync import _aai_config, run_and_report
    from onap_hpa_host.errors import SyncConfigError
    from onap_hpa_host.kube.kubeconfig import read_kubeconfig
    from onap_hpa_host.kube.source import ApiOptions, ClusterSource, KubeApi, ProfileHost, node_drivers

    aai_config = _aai_config(settings, passwords, command="onap-hpa sync --kubeconfig")
    timeout = aai_config.timeout
    workers = args.workers if args.workers and args.workers > 0 else aai_config.pool
    kubeconfig = read_kubeconfig(str(settings["kubeconfig"]))
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
            return run_and_report(sync, aai, args, show_records=show_records)
    finally:
        source.close()
        host.close()
