"""Kubernetes cloud regions: nodes -> node profiles -> the Kubernetes drivers -> AAI flavors.

* :mod:`~onap_hpa_host.kube.quantity`, :mod:`~onap_hpa_host.kube.profiles`: the node profile algorithm
  (pure; the Go host's ``kube`` package byte for byte, ``contract/vectors/node-profiles.json``).
"""
