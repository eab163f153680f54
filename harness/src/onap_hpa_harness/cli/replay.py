"""``onap-hpa replay REGION_DIR``: serve a recorded region's Keystone, Nova and AAI on loopback.

Prints ONE JSON line ``{"nova": URL, "aai": URL, "keystone": URL, "env": {...}}`` once both servers
listen, then serves until SIGINT (Ctrl-C) or SIGTERM, and exits 0. A recorded Kubernetes cluster
(``cluster.json``) is served by a kube-apiserver replay instead: ``{"kube": URL, "aai": URL, "kubeconfig":
PATH, "env": {...}}``, ``env`` holding ``ONAP_HPA_KUBECONFIG`` (a kubeconfig for the replayed API server,
removed when the replay stops) and the AAI variables, which point ``onap-hpa sync`` at it.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """REGION_DIR, host and ports."""
    parser.add_argument("region", metavar="REGION_DIR", help="a fixtures/regions/<name> directory")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--nova-port", type=int, default=0, help="Keystone+Nova port (default: ephemeral)")
    parser.add_argument("--aai-port", type=int, default=0, help="AAI port (default: ephemeral)")
    parser.add_argument(
        "--kube-port", type=int, default=0, help="kube-apiserver port of a cluster (default: ephemeral)"
    )
    parser.add_argument("--page-size", type=int, default=None, help="Nova flavors per page (default 4)")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from onap_hpa_harness.cluster import is_cluster, load_cluster
    from onap_hpa_harness.fixtures import FixtureError, load_region
    from onap_hpa_harness.replay import ReplayServers
    from onap_hpa_harness.replay.kube import KubeServers

    try:
        if is_cluster(args.region):
            cluster = load_cluster(args.region)
        else:
            region = load_region(args.region)
    except FixtureError as error:
        sys.stderr.write(f"onap-hpa replay: {error}\n")
        return 2
    stop = threading.Event()

    def _stop(signum: int, frame: object) -> None:
        del signum, frame
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    options = {} if args.page_size is None else {"page_size": args.page_size}
    servers: ReplayServers | KubeServers
    try:
        if is_cluster(args.region):
            servers = KubeServers.launch(cluster, host=args.host, kube_port=args.kube_port, aai_port=args.aai_port)
        else:
            servers = ReplayServers.launch(
                region, host=args.host, nova_port=args.nova_port, aai_port=args.aai_port, **options
            )
    except OSError as error:
        sys.stderr.write(f"onap-hpa replay: cannot listen on {args.host}: {error}\n")
        return 2
    try:
        line: dict[str, object]
        if isinstance(servers, KubeServers):
            line = {"kube": servers.kube_url, "aai": servers.aai_url, "kubeconfig": str(servers.kubeconfig)}
        else:
            line = {"nova": servers.nova_url, "aai": servers.aai_url, "keystone": servers.keystone_url}
        line["env"] = servers.env
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    finally:
        servers.stop()
    return 0
