"""Kubernetes cloud regions: nodes -> node profiles -> the drivers that read node facts -> AAI flavors.

* :mod:`~onap_hpa_host.kube.quantity`, :mod:`~onap_hpa_host.kube.profiles`: the node profile algorithm
  (pure; the Go host's ``kube`` package byte for byte, ``contract/vectors/node-profiles.json``).
* :mod:`~onap_hpa_host.kube.kubeconfig`: the kubeconfig the Kubernetes plugin stores per region, read
  without a client library.
* :mod:`~onap_hpa_host.kube.source`: Node and NodeFeature objects over the API server's REST API; the
  cluster as a flavor source of :class:`~onap_hpa_host.aai.RegionSync`, and the host restricted to the
  node drivers.
* :mod:`~onap_hpa_host.kube.command`: ``onap-hpa sync --kubeconfig``.
"""
