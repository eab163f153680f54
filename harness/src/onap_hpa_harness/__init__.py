"""onap-hpa test harness: recorded regions, replay servers (Keystone, Nova, AAI) and the driver conformance gate.

* :mod:`onap_hpa_harness.fixtures`: ``load_region``, ``default_region``, hostile requests.
* :mod:`onap_hpa_harness.replay`: ``ReplayServers``, ``FaultPlan``.
* :mod:`onap_hpa_harness.conformance`: the checks behind ``onap-hpa conformance`` and the pytest plugin.
"""

from __future__ import annotations

from onap_hpa_harness.__about__ import __version__

__all__ = ["__version__"]
