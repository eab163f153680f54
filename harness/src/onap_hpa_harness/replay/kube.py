"""A kube-apiserver replay on loopback: a recorded cluster's Node and NodeFeature objects, and an AAI.

    with KubeServers.start(load_cluster("fixtures/regions/k8s-nfd-lab")) as servers:
        servers.env                  # ONAP_HPA_KUBECONFIG (a kubeconfig for this API server) and the AAI variables
        servers.kube.add_node(node)  # the cluster changes under the next sync: an autoscaler, a new kind of node
        servers.aai.dump()

The API server (every path but ``/version`` needs ``Authorization: Bearer <the cluster's token>``, else 401,
as a real one answers an unauthenticated client; errors are ``Status`` objects):

* ``GET /version``;
* ``GET /api/v1/nodes`` (sorted by name) and ``GET /api/v1/nodes/{name}``;
* ``GET /apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures`` (every namespace) and
  ``.../namespaces/{namespace}/nodefeatures``: 404 when the cluster has no NodeFeature API.

Lists are chunked as the real server chunks them: ``limit`` objects per answer and an opaque
``metadata.continue`` token while more remain (an unknown token: 410 Gone, as for an expired one).
"""

from __future__ import annotations

import base64
import copy
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from onap_hpa_harness.replay.aai import AaiReplay
from onap_hpa_harness.replay.faults import FaultSet
from onap_hpa_harness.replay.http import LoopbackServer, Request, Response

if TYPE_CHECKING:
    from onap_hpa_harness.cluster import Cluster

__all__ = ["KubeReplay", "KubeServers", "write_kubeconfig"]

NFD_GROUP: Final = "nfd.k8s-sigs.io"
NFD_VERSION: Final = "v1alpha1"
_REASONS: Final = {401: "Unauthorized", 404: "NotFound", 405: "MethodNotAllowed", 410: "Expired", 400: "BadRequest"}


class KubeReplay:
    """Serves one recorded cluster's API; nodes can be added, changed and removed while it runs."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.token = cluster.token
        self.faults = FaultSet()
        self.server: LoopbackServer | None = None
        self._lock = threading.Lock()
        self._nodes = {str(n["metadata"]["name"]): copy.deepcopy(n) for n in cluster.nodes.get("items", [])}
        self._features: dict[str, Any] | None = None
        if cluster.node_features is not None:
            self._features = {_feature_key(item): copy.deepcopy(item) for item in cluster.node_features["items"]}
        self._version = 1000

    @property
    def url(self) -> str:
        """The API server's base URL (a kubeconfig's ``server``)."""
        if self.server is None:
            message = "the kube-apiserver replay is not started; use KubeServers.start()"
            raise RuntimeError(message)
        return self.server.url

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """Every request served, in order: ``(method, path with query, status)``; 0 for a dropped one."""
        return self.server.requests if self.server is not None else []

    # -- the cluster changing -------------------------------------------------------------------

    def add_node(self, node: dict[str, Any], features: dict[str, Any] | None = None) -> None:
        """Add (or replace) a Node object, and optionally its NodeFeature object."""
        with self._lock:
            self._nodes[str(node["metadata"]["name"])] = copy.deepcopy(node)
            if features is not None:
                if self._features is None:
                    self._features = {}
                self._features[_feature_key(features)] = copy.deepcopy(features)
            self._version += 1

    def remove_node(self, name: str) -> None:
        """Remove a node (its NodeFeature object stays, as NFD's garbage collector removes it later)."""
        with self._lock:
            del self._nodes[name]
            self._version += 1

    def node(self, name: str) -> dict[str, Any]:
        """A copy of a served Node object."""
        with self._lock:
            return copy.deepcopy(self._nodes[name])

    def feature(self, node_name: str) -> dict[str, Any] | None:
        """A copy of the NodeFeature object of ``node_name`` (None: it has none)."""
        with self._lock:
            for item in (self._features or {}).values():
                if item.get("metadata", {}).get("labels", {}).get("nfd.node.kubernetes.io/node-name") == node_name:
                    return copy.deepcopy(item)
        return None

    # -- HTTP ------------------------------------------------------------------------------------

    def error(self, request: Request, status: int, detail: str) -> Response:
        """A Kubernetes ``Status`` object."""
        del request
        body = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": detail,
            "reason": _REASONS.get(status, "InternalError"),
            "code": status,
        }
        return Response(status, body)

    def respond(self, request: Request) -> Response:
        """Route one request."""
        segments = request.segments
        if request.method != "GET":
            return self.error(request, 405, f"the replay serves GET only, not {request.method}")
        if segments == ["version"]:
            return Response(200, self.cluster.version)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self.error(request, 401, "Unauthorized")
        if segments[:3] == ["api", "v1", "nodes"]:
            return self._nodes_api(request, segments[3:])
        if segments[:3] == ["apis", NFD_GROUP, NFD_VERSION]:
            return self._node_features(request, segments[3:])
        return self.error(request, 404, "the server could not find the requested resource")

    def _nodes_api(self, request: Request, rest: list[str]) -> Response:
        if not rest:
            return self._list(request, "NodeList", "v1", self._snapshot(self._nodes))
        with self._lock:
            node = copy.deepcopy(self._nodes.get(rest[0])) if len(rest) == 1 else None
        if node is None:
            return self.error(request, 404, f'nodes "{"/".join(rest)}" not found')
        return Response(200, node)

    def _node_features(self, request: Request, rest: list[str]) -> Response:
        with self._lock:
            features = None if self._features is None else list(self._features.items())
        if features is None:  # no NodeFeature CRD: the API group does not exist
            return self.error(request, 404, "the server could not find the requested resource")
        if rest == ["nodefeatures"]:
            return self._list(
                request, "NodeFeatureList", f"{NFD_GROUP}/{NFD_VERSION}", [i for _, i in sorted(features)]
            )
        if len(rest) == 3 and rest[0] == "namespaces" and rest[2] == "nodefeatures":
            items = [item for key, item in sorted(features) if key[0] == rest[1]]
            return self._list(request, "NodeFeatureList", f"{NFD_GROUP}/{NFD_VERSION}", items)
        return self.error(request, 404, "the server could not find the requested resource")

    def _snapshot(self, objects: dict[str, Any]) -> list[Any]:
        with self._lock:
            return [objects[name] for name in sorted(objects)]

    def _list(self, request: Request, kind: str, api_version: str, items: list[Any]) -> Response:
        query = request.query
        start = 0
        if query.get("continue"):
            try:
                start = int(json.loads(base64.urlsafe_b64decode(query["continue"]))["start"])
            except (ValueError, KeyError, TypeError):
                return self.error(request, 410, "The provided continue parameter is too old or malformed")
        limit = len(items)
        if "limit" in query:
            raw = query["limit"]
            if not (raw.isascii() and raw.isdigit()):
                return self.error(request, 400, f"invalid limit {raw!r}")
            limit = int(raw) or len(items)
        page = items[start : start + limit]
        metadata: dict[str, Any] = {"resourceVersion": str(self._version)}
        if start + limit < len(items):
            token = json.dumps({"start": start + limit, "rv": self._version}).encode()
            metadata["continue"] = base64.urlsafe_b64encode(token).decode()
            metadata["remainingItemCount"] = len(items) - start - limit
        return Response(200, {"kind": kind, "apiVersion": api_version, "metadata": metadata, "items": page})


def _feature_key(item: dict[str, Any]) -> tuple[str, str]:
    metadata = item.get("metadata", {})
    return str(metadata.get("namespace", "")), str(metadata.get("name", ""))


def write_kubeconfig(path: Path, server: str, token: str, *, name: str = "replay") -> Path:
    """A kubeconfig (the plain YAML kubectl writes) for ``server`` with a bearer ``token``, at ``path``."""
    text = (
        "apiVersion: v1\n"
        "kind: Config\n"
        "clusters:\n"
        f"- name: {name}\n"
        "  cluster:\n"
        f"    server: {server}\n"
        "contexts:\n"
        f"- name: {name}\n"
        "  context:\n"
        f"    cluster: {name}\n"
        f"    user: {name}\n"
        f"current-context: {name}\n"
        "preferences: {}\n"
        "users:\n"
        f"- name: {name}\n"
        "  user:\n"
        f"    token: {token}\n"
    )
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


@dataclass(frozen=True)
class KubeServers:
    """A running kube-apiserver replay and AAI replay for one recorded cluster, and a kubeconfig for them."""

    cluster: Cluster
    kube: KubeReplay
    aai: AaiReplay
    kubeconfig: Path
    _kube_server: LoopbackServer
    _aai_server: LoopbackServer
    _dir: Path

    @classmethod
    @contextmanager
    def start(cls, cluster: Cluster, **options: Any) -> Iterator[KubeServers]:
        """Serve ``cluster`` until the ``with`` block ends; ``options`` as for :meth:`launch`."""
        servers = cls.launch(cluster, **options)
        try:
            yield servers
        finally:
            servers.stop()

    @classmethod
    def launch(
        cls,
        cluster: Cluster,
        *,
        host: str = "127.0.0.1",
        kube_port: int = 0,
        aai_port: int = 0,
        aai_user: str = "AAI",
        aai_password: str = "AAI",  # noqa: S107 - ONAP's public default, loopback only
        tls: tuple[str, str] | None = None,
    ) -> KubeServers:
        """Start serving and return; the caller must call :meth:`stop` (``start`` does it for you)."""
        kube = KubeReplay(cluster)
        aai = AaiReplay(cluster.aai_initial, user=aai_user, password=aai_password)
        kube.server = kube_server = LoopbackServer(kube, host, kube_port, tls=tls)
        try:
            aai.server = aai_server = LoopbackServer(aai, host, aai_port, tls=tls)
        except BaseException:
            kube_server.stop()
            raise
        directory = Path(tempfile.mkdtemp(prefix="onap-hpa-kube-replay-"))
        kubeconfig = write_kubeconfig(directory / "kubeconfig", kube_server.url, cluster.token, name=cluster.name)
        return cls(cluster, kube, aai, kubeconfig, kube_server, aai_server, directory)

    def stop(self) -> None:
        """Stop both servers and remove the kubeconfig."""
        self._kube_server.stop()
        self._aai_server.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def kube_url(self) -> str:
        """The API server's base URL."""
        return self._kube_server.url

    @property
    def aai_url(self) -> str:
        """AAI base URL, ``http://127.0.0.1:PORT/aai/v13``."""
        from onap_hpa_harness.replay import AAI_API_PATH

        return self._aai_server.url + AAI_API_PATH

    @property
    def env(self) -> dict[str, str]:
        """Environment variables pointing ``onap-hpa sync`` at these servers."""
        return {
            "ONAP_HPA_KUBECONFIG": str(self.kubeconfig),
            "ONAP_HPA_AAI_URL": self.aai_url,
            "ONAP_HPA_AAI_USER": self.aai.user,
            "ONAP_HPA_AAI_PASSWORD": self.aai.password,
            "ONAP_HPA_CLOUD_OWNER": self.cluster.cloud_owner,
            "ONAP_HPA_CLOUD_REGION_ID": self.cluster.cloud_region_id,
        }
