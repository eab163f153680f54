"""The demo ``onap-hpa sync`` runs with nothing configured: a recorded region replayed on loopback.

Registered in the ``onap.hpa.demo`` entry point group, so the host finds it by metadata and never
imports the harness (dependencies run one way: harness -> host). The host calls the entry point
with a region directory (None: the region bundled with the harness) and enters the context manager
it returns; the object it yields has ``env`` (the OS_* and ONAP_HPA_* variables pointing at the
replay servers) and ``banner`` (one line saying what is replayed where).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from onap_hpa_harness.cluster import is_cluster, load_cluster
from onap_hpa_harness.fixtures import default_region, load_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_harness.replay.kube import KubeServers

__all__ = ["Demo", "demo"]


@dataclass(frozen=True)
class Demo:
    """A running demo: where its servers are, as the sync's settings."""

    env: Mapping[str, str]
    banner: str


@contextmanager
def demo(region_dir: str | None = None) -> Iterator[Demo]:
    """Serve ``region_dir`` (default: the bundled region) on loopback until the ``with`` block ends.

    A directory that is not a recorded region raises :class:`~onap_hpa_harness.fixtures.FixtureError`
    naming the file that is missing or malformed. A recorded Kubernetes cluster (``cluster.json``) is served
    by a kube-apiserver replay, its ``env`` naming a kubeconfig for it (``ONAP_HPA_KUBECONFIG``).
    """
    if region_dir and is_cluster(region_dir):  # a Kubernetes cluster: an API server and a kubeconfig for it
        cluster = load_cluster(region_dir)
        with KubeServers.start(cluster, host="127.0.0.1") as kube:
            banner = (
                f"Replaying Kubernetes cluster {cluster.name!r} ({cluster.cloud_owner}/{cluster.cloud_region_id}) on "
                f"loopback: kube-apiserver {kube.kube_url} (kubeconfig {kube.kubeconfig}), AAI {kube.aai_url}"
            )
            yield Demo(kube.env, banner)
        return
    region = load_region(region_dir) if region_dir else default_region()
    with ReplayServers.start(region, host="127.0.0.1") as servers:
        banner = (
            f"Replaying region {region.name!r} ({region.cloud_owner}/{region.cloud_region_id}) on loopback: "
            f"Keystone+Nova {servers.nova_url}, AAI {servers.aai_url}"
        )
        yield Demo(servers.env, banner)
