"""The Kubernetes side of the sync: a cluster's nodes (and NodeFeature objects) over its REST API, as flavors.

Plain ``requests`` against the API server a kubeconfig names (:mod:`onap_hpa_host.kube.kubeconfig`), no
client library: two list calls do not justify one in the plugin image.

* ``GET /api/v1/nodes`` and ``GET /apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures`` (every namespace), in
  chunks (``limit`` / ``continue``), bounded and checked for cycles. A cluster without
  node-feature-discovery's NodeFeature API answers the second with 404: the nodes then have no attribute
  sets. Any other failure stops the region before anything is written: a profile made without facts
  it should have had would get another id, and AAI would churn.
* Reads are retried with backoff on 5xx, timeouts and dropped connections; an expired continue token (410)
  restarts the listing once. The token, password and client key never appear in a log line or an error.

:class:`ClusterSource` is what :class:`~onap_hpa_host.aai.RegionSync` reads instead of Nova: the node
profiles as flavors (:mod:`onap_hpa_host.kube.profiles`), no extra_specs. :class:`ProfileHost` is the host
it discovers them with: only the drivers that read node facts, each request carrying its profile's node part.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Final

import requests

from onap_hpa.errors import RequestError
from onap_hpa.request import DiscoveryRequest, NodeView
from onap_hpa_host import secrets
from onap_hpa_host.aai.http import (
    TRANSIENT_ERRORS,
    RetryPolicy,
    describe,
    exact_request,
    is_certificate_error,
    new_session,
    scrub,
    send,
)
from onap_hpa_host.errors import NovaError
from onap_hpa_host.kube.profiles import (
    NodeListError,
    Profile,
    Relevance,
    add_node_features,
    nodes_from_list,
    profiles,
    reads_nodes,
)

if TYPE_CHECKING:
    from onap_hpa.drivers import DriverRecord
    from onap_hpa_host.host import FlavorResult, Host
    from onap_hpa_host.kube.kubeconfig import KubeConfig

__all__ = [
    "NODES_PATH",
    "NODE_FEATURES_PATH",
    "ClusterSource",
    "KubeApi",
    "KubeError",
    "NodeDrivers",
    "ProfileHost",
    "driver_reads",
    "node_drivers",
]

log = logging.getLogger(__name__)

NODES_PATH: Final = "/api/v1/nodes"
NODE_FEATURES_PATH: Final = "/apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures"


class KubeError(NovaError):
    """The Kubernetes API refused a request, could not be reached, or listed something unusable.

    A VIM error like Nova's (the sync and ``onap-hpa sync`` treat both alike: the region is not synced,
    nothing is written, exit status 1).
    """


@dataclass(frozen=True)
class ApiOptions:
    """How patiently and how far the Kubernetes API is read."""

    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    page_size: int = 500  #: objects per list call (the API's ``limit``)
    max_pages: int = 1000  #: list calls per listing at most
    max_objects: int = 100_000  #: objects per listing at most


class KubeApi:
    """One cluster's API server, authenticated as its kubeconfig says. Close it (or use ``with``)."""

    def __init__(self, config: KubeConfig, options: ApiOptions | None = None) -> None:
        self.config = config
        self.options = options or ApiOptions()
        self._secrets = config.secrets
        self._dir = tempfile.mkdtemp(prefix="onap-hpa-kube-")  # 0700: CA and client key files requests needs
        try:
            self._verify: bool | str = self._write("ca.pem", config.ca_pem) if config.ca_pem else True
            cert = None
            if config.client_cert_pem and config.client_key_pem:
                cert = (
                    self._write("client.pem", config.client_cert_pem),
                    self._write("client.key", config.client_key_pem),
                )
        except BaseException:
            self.close()
            raise
        self._session = new_session(self._verify, 2)
        self._session.cert = cert
        if config.proxy_url:
            self._session.proxies = {"http": config.proxy_url, "https": config.proxy_url}
        self._headers = {"Accept": "application/json", "User-Agent": "onap-hpa"}
        if config.token:
            self._headers["Authorization"] = f"Bearer {config.token}"
        self._auth = (config.username, config.password or "") if config.username and not config.token else None

    def _write(self, name: str, data: bytes) -> str:
        path = os.path.join(self._dir, name)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        return path

    def close(self) -> None:
        """Close the connections and remove the key material written for them."""
        session = getattr(self, "_session", None)
        if session is not None:
            session.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> KubeApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def nodes(self) -> list[Any]:
        """Every Node object (``GET /api/v1/nodes``)."""
        items = self._list(NODES_PATH, "list nodes")
        assert items is not None  # noqa: S101 - only optional listings answer None
        return items

    def node_features(self) -> list[Any] | None:
        """Every NodeFeature object, or None when the cluster has no NodeFeature API (404)."""
        return self._list(NODE_FEATURES_PATH, "list NodeFeature objects", optional=True)

    def _list(self, path: str, what: str, *, optional: bool = False) -> list[Any] | None:
        options = self.options
        for restart in (False, True):
            items: list[Any] = []
            tokens: set[str] = set()
            params = {"limit": str(options.page_size)}
            for page in range(1, options.max_pages + 1):
                response = self._get(path, params)
                if response.status_code == 404 and optional and page == 1:
                    log.info("Kubernetes GET %s: 404, the cluster has no such API", path)
                    return None
                if response.status_code == 410 and page > 1:
                    if restart:
                        raise KubeError(
                            f"Kubernetes GET {path}", "the continue token expired twice (410)", "rerun the sync"
                        )
                    log.info("Kubernetes GET %s: the continue token expired (410); listing again", path)
                    break
                if response.status_code != 200:
                    raise KubeError(f"Kubernetes GET {path}", self._status(response), self._fix(response, what))
                body = self._json(response, path)
                page_items = body.get("items")
                if page_items is None:
                    page_items = []
                if not isinstance(page_items, list):
                    raise KubeError(f"Kubernetes GET {path}", "the body has no items list", "check the server URL")
                items.extend(page_items)
                if len(items) > options.max_objects:
                    detail = f"the listing passed {options.max_objects} objects after {page} pages"
                    raise KubeError(f"Kubernetes GET {path}", detail, "nothing was written")
                metadata = body.get("metadata")
                token = metadata.get("continue") if isinstance(metadata, dict) else None
                if not token:
                    return items
                if not isinstance(token, str) or token in tokens:
                    raise KubeError(
                        f"Kubernetes GET {path}",
                        "the listing loops (a continue token came twice)",
                        "nothing was written",
                    )
                tokens.add(token)
                params = {"limit": str(options.page_size), "continue": token}
            else:
                detail = f"the listing did not end after {options.max_pages} pages ({len(items)} objects)"
                raise KubeError(f"Kubernetes GET {path}", detail, "nothing was written")
        raise AssertionError("unreachable: the second listing returns or raises")  # pragma: no cover

    def _get(self, path: str, params: dict[str, str]) -> requests.Response:
        options = self.options
        call = partial(
            exact_request,
            self._session,
            "GET",
            self.config.server + path,
            params=params,
            headers=self._headers,
            auth=self._auth,
            timeout=options.timeout,
            verify=self._verify,
        )
        what = f"Kubernetes GET {path}"

        def retrying(reason: str) -> None:
            log.info("%s: %s; retrying", what, scrub(reason, self._secrets))

        try:
            return send(call, options.retry, on_retry=retrying)
        except TRANSIENT_ERRORS as error:
            detail = scrub(describe(error, limit=4096), self._secrets)[:300]
            if is_certificate_error(error):
                where = "certificate-authority(-data)" if self.config.ca_pem else "the system trust store"
                fix = f"the API server's TLS certificate is not trusted: check the kubeconfig's {where}"
                raise KubeError(what, detail, fix) from None
            raise KubeError(what, detail, f"check that the API server {self.config.server} is reachable") from None

    def _status(self, response: requests.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            body = None
        message = body.get("message") if isinstance(body, dict) else None
        text = scrub(message, self._secrets)[:200] if isinstance(message, str) and message else ""
        return f"HTTP {response.status_code}" + (f": {text}" if text else "")

    def _fix(self, response: requests.Response, what: str) -> str:
        if response.status_code == 401:
            return f"could not {what}: check the kubeconfig's user credentials ({self.config.path})"
        if response.status_code == 403:
            return (
                f"could not {what}: the kubeconfig's user needs get/list on nodes "
                "(and nodefeatures.nfd.k8s-sigs.io) cluster-wide"
            )
        return f"could not {what}"

    def _json(self, response: requests.Response, path: str) -> dict[str, Any]:
        try:
            # As Go decodes it: bytes that are not UTF-8 are U+FFFD, not a failed region.
            body = json.loads(response.content.decode("utf-8", "replace"))
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise KubeError(f"Kubernetes GET {path}", "the body is not a JSON object", "check the server URL")
        return body


class ClusterSource:
    """A Kubernetes cluster as the region sync reads a VIM: its node profiles as flavors, no extra_specs.

    :meth:`flavors` reads the nodes (and NodeFeature objects) and groups them into profiles under
    ``relevance`` (the node facts the drivers read); :meth:`node` then gives each profile's node part.
    """

    def __init__(self, api: KubeApi, relevance: Relevance) -> None:
        self.api = api
        self.relevance = relevance
        self.profiles: list[Profile] = []
        self._nodes: dict[str, NodeView] = {}
        self._lock = threading.Lock()

    def flavors(self) -> list[dict[str, Any]]:
        """One flavor per node profile (``GET /flavors/detail`` shape), sorted by id."""
        items = self.api.nodes()
        features = self.api.node_features()
        try:
            nodes = nodes_from_list({"items": items})
            if features is not None:
                add_node_features(nodes, {"items": features})
        except NodeListError as error:
            raise KubeError("Kubernetes node listing", str(error), "nothing was written") from None
        found = profiles(nodes, self.relevance)
        with self._lock:
            self.profiles = found
            self._nodes = {profile.id: profile.facts for profile in found}
        log.info(
            "%d nodes, %d NodeFeature objects: %d node profiles",
            len(nodes),
            len(features) if features is not None else 0,
            len(found),
        )
        return [profile.flavor() for profile in found]

    def extra_specs(self, flavor_id: str) -> dict[str, Any]:
        """A node profile has none."""
        del flavor_id
        return {}

    def node(self, flavor_id: str) -> NodeView | None:
        """The node part of the profile ``flavor_id`` (None: not a profile of the last listing)."""
        with self._lock:
            return self._nodes.get(flavor_id)

    def close(self) -> None:
        """Close the API connections."""
        self.api.close()


class ProfileHost:
    """The host as :class:`~onap_hpa_host.aai.RegionSync` uses it, for a Kubernetes region's node profiles.

    Each flavor's request carries its profile's node part; everything else (isolation, validation, ids,
    faults) is the wrapped host's.
    """

    def __init__(self, host: Host, source: ClusterSource, *, hidden: Iterable[str] = ()) -> None:
        self.host = host
        self.source = source
        self._hidden = frozenset(hidden)

    @property
    def drivers(self) -> tuple[DriverRecord, ...]:
        """The wrapped host's drivers but the ``hidden`` ones (Nova drivers, never run on this region)."""
        return tuple(record for record in self.host.drivers if record.name not in self._hidden)

    def discover_data(
        self, flavor: object, extra_specs: object, vim: object, *, vimtype: str | None = None
    ) -> FlavorResult:
        """:meth:`Host.discover_data` for a profile: the request is built with the profile's node part."""
        from onap_hpa_host.host import HOST, Fault, FlavorResult

        secrets.remember_viminfo(vim)
        flavor_id = str(flavor.get("id")) if isinstance(flavor, Mapping) else "<unknown>"
        node = self.source.node(flavor_id)
        try:
            if node is None:
                raise RequestError(flavor_id, "node", None, "a node profile of this cluster's last listing")
            request = DiscoveryRequest.build(flavor, extra_specs, vim, vimtype=vimtype, node=node)
        except RequestError as error:
            return FlavorResult(error.flavor_id, None, {}, (Fault(error.flavor_id, HOST, "bad-request", str(error)),))
        return self.host.discover(request)

    def close(self) -> None:
        """Stop the host's workers."""
        self.host.close()


def driver_reads(host: Host) -> dict[str, tuple[str, ...]]:
    """What every loaded driver of ``host`` declares it reads (``DriverInfo.reads``), by driver name."""
    found = {}
    for record in host.drivers:
        if record.status != "loaded":
            continue
        found[record.name] = tuple(record.reads)
    return found


@dataclass
class NodeDrivers:
    """The host for a Kubernetes region: what :func:`node_drivers` found."""

    host: Host  #: runs the node drivers (and retries the drivers that did not load, so their faults show)
    relevance: Relevance  #: the node facts the node drivers read: what profiles are made of
    names: list[str]  #: the node drivers
    hidden: frozenset[str]  #: loaded drivers that read no node fact: not run here, and not listed


def node_drivers(make_host: Callable[..., Host], **options: Any) -> NodeDrivers:
    """A host running only the drivers that read node facts (``DriverInfo.reads`` ``node.<part>/<key>``).

    ``make_host(**options)`` is called twice: once to learn what every driver reads (its workers are
    stopped again), then with ``only=`` the node drivers, so that a Nova driver never runs on a node
    profile (it would read the profile's vcpus and ram as a flavor's and conflict with the node drivers).
    Drivers that did not load the first time are tried again (a driver that cannot start is a fault and an
    alarm, whatever it reads); drivers ``ONAP_HPA_DRIVERS`` / ``ONAP_HPA_DISABLE`` block stay blocked.
    """
    probe = make_host(**options)
    try:
        records = probe.drivers
        reads = driver_reads(probe)
    finally:
        probe.close()
    names = sorted(name for name, declared in reads.items() if reads_nodes(declared))
    failed = {record.name for record in records if record.status not in ("loaded", "blocked")}
    hidden = frozenset(reads) - set(names)
    host = make_host(**{**options, "only": set(names) | failed})
    return NodeDrivers(host, Relevance(read for name in names for read in reads[name]), names, hidden)
