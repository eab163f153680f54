"""Recorded Kubernetes clusters (``fixtures/regions/<name>/`` with ``cluster.json``): a Kubernetes cloud region.

A cluster directory holds (``fixtures/README.md`` documents the format)::

    cluster.json                {"name", "description", "source"}: marks a Kubernetes cluster (an OpenStack
                                region has region.json instead)
    vim.json                    the region as MultiCloud knows it: cloud_owner, cloud_region_id, type "k8s",
                                version, and the (fake) bearer token the replayed API server accepts
    kube/nodes.json             the API's GET /api/v1/nodes answer (a v1 NodeList)
    kube/nodefeatures.json      GET /apis/nfd.k8s-sigs.io/v1alpha1/nodefeatures (a NodeFeatureList); missing: the
                                cluster has no node-feature-discovery NodeFeature API (the replay answers 404)
    kube/version.json           GET /version (optional)
    aai/initial.json            AAI before the sync: the k8s cloud-region, usually without flavors
    aai/expected.json           AAI after a sync with the installed node drivers (``onap-hpa fixtures regenerate``)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from onap_hpa_harness.fixtures import FixtureError

__all__ = ["MARKER", "Cluster", "expected_document", "is_cluster", "load_cluster", "regenerate"]

#: The file that makes a directory of ``fixtures/regions/`` a Kubernetes cluster.
MARKER: Final = "cluster.json"
GENERATED_BY: Final = "onap-hpa fixtures regenerate"


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(path, "file is missing") from None
    except ValueError as error:
        raise FixtureError(path, f"not JSON ({error})") from None


def is_cluster(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a recorded Kubernetes cluster (it has ``cluster.json``)."""
    return (Path(path) / MARKER).is_file()


@dataclass(frozen=True)
class Cluster:
    """One recorded Kubernetes cluster: what its API server serves, what AAI holds before and after."""

    path: Path
    name: str
    description: str
    viminfo: dict[str, Any]
    nodes: dict[str, Any]  #: a v1 NodeList
    node_features: dict[str, Any] | None  #: a NodeFeatureList, or None: no NodeFeature API
    version: dict[str, Any]
    aai_initial: dict[str, Any]
    aai_expected: dict[str, Any] | None = None
    #: driver name -> version the expected state was generated with
    expected_drivers: dict[str, str] = field(default_factory=dict)

    @property
    def cloud_owner(self) -> str:
        """The region's cloud owner (as in AAI)."""
        return str(self.viminfo["cloud_owner"])

    @property
    def cloud_region_id(self) -> str:
        """The region's cloud region id (as in AAI)."""
        return str(self.viminfo["cloud_region_id"])

    @property
    def token(self) -> str:
        """The bearer token the replayed API server accepts (a fake one: fixtures hold no real secret)."""
        return str(self.viminfo.get("token") or "")


def load_cluster(path: str | os.PathLike[str]) -> Cluster:
    """Read a cluster directory; :class:`FixtureError` names the file and what is wrong."""
    root = Path(path)
    meta = _read(root / MARKER)
    viminfo = _read(root / "vim.json")
    for key in ("cloud_owner", "cloud_region_id", "token"):
        if not isinstance(viminfo, dict) or not isinstance(viminfo.get(key), str) or not viminfo[key]:
            raise FixtureError(root / "vim.json", f"needs a non-empty string {key!r}")
    nodes = _read(root / "kube" / "nodes.json")
    if not isinstance(nodes, dict) or not isinstance(nodes.get("items"), list):
        raise FixtureError(root / "kube" / "nodes.json", 'expected a NodeList {"kind": "NodeList", "items": [...]}')
    features_path = root / "kube" / "nodefeatures.json"
    features = _read(features_path) if features_path.exists() else None
    if features is not None and (not isinstance(features, dict) or not isinstance(features.get("items"), list)):
        raise FixtureError(features_path, 'expected a NodeFeatureList {"items": [...]}')
    version_path = root / "kube" / "version.json"
    version = _read(version_path) if version_path.exists() else {"major": "1", "minor": "29", "gitVersion": "v1.29.0"}
    expected_path = root / "aai" / "expected.json"
    expected = _read(expected_path) if expected_path.exists() else None
    return Cluster(
        path=root,
        name=str(meta.get("name", root.name)) if isinstance(meta, dict) else root.name,
        description=str(meta.get("description", "")) if isinstance(meta, dict) else "",
        viminfo=viminfo,
        nodes=nodes,
        node_features=features,
        version=version,
        aai_initial=_read(root / "aai" / "initial.json"),
        aai_expected={"cloud-region": expected["cloud-region"]} if expected else None,
        expected_drivers=dict(expected.get("drivers", {})) if expected else {},
    )


def expected_document(cluster: Cluster, host: Any | None = None) -> dict[str, Any]:
    """``aai/expected.json`` for ``cluster``: AAI after a sync with the installed drivers that read node facts.

    Computed without the sync: the profiles of the recorded nodes, each discovered by the node drivers
    (``host``: a :class:`~onap_hpa_host.kube.source.NodeDrivers`, default: found among the installed drivers),
    written over ``aai/initial.json`` (flavors AAI holds that are no profile are removed, as the sync removes them).
    """
    from onap_hpa.request import DiscoveryRequest
    from onap_hpa_harness.replay.aai_store import AaiStore
    from onap_hpa_host import Host
    from onap_hpa_host.kube.profiles import add_node_features, nodes_from_list, profiles
    from onap_hpa_host.kube.source import node_drivers

    found = host if host is not None else node_drivers(Host)
    try:
        nodes = nodes_from_list(cluster.nodes)
        if cluster.node_features is not None:
            add_node_features(nodes, cluster.node_features)
        found_profiles = profiles(nodes, found.relevance)
        owner, region = cluster.cloud_owner, cluster.cloud_region_id
        viminfo = {"cloud_owner": owner, "cloud_region_id": region, "type": cluster.viminfo.get("type", "k8s")}
        viminfo["version"] = cluster.viminfo.get("version", "")
        viminfo["name"] = region
        requests = [
            DiscoveryRequest.build(p.flavor(), {}, viminfo, node=p.facts)
            for p in found_profiles  # a profile is always a usable request
        ]
        store = AaiStore(cluster.aai_initial)
        store.remove_flavors_except(owner, region, {p.id for p in found_profiles})
        for result in found.host.discover_many(requests):
            assert result.record is not None  # noqa: S101 - built from a checked request
            store.replace_flavor(owner, region, result.record)
        records = found.host.drivers
    finally:
        if host is None:
            found.host.close()
    drivers = {d.name: d.version for d in records if d.status == "loaded"}
    return {"generated-by": GENERATED_BY, "drivers": dict(sorted(drivers.items())), **store.dump()}


def regenerate(path: str | os.PathLike[str], host: Any | None = None) -> bool:
    """Rewrite ``aai/expected.json`` of the cluster at ``path``; True when its content changed."""
    cluster = load_cluster(path)
    target = Path(path) / "aai" / "expected.json"
    text = json.dumps(expected_document(cluster, host), indent=2, ensure_ascii=False) + "\n"
    old = target.read_text(encoding="utf-8") if target.exists() else None
    if old != text:
        target.write_text(text, encoding="utf-8")
    return old != text
