"""The plugin side of onap-hpa: an AAI client and the region sync (Nova -> drivers -> AAI).

``RegionSync(nova, aai, cloud_owner=..., cloud_region_id=...).run()`` is what ``onap-hpa sync`` runs;
a MultiCloud plugin can call it, or copy its per-flavor flow (:func:`plan_flavor`).
"""

from __future__ import annotations

from onap_hpa_host.aai.client import DEFAULT_VERSION, AaiClient, AaiConfig
from onap_hpa_host.aai.http import RetryPolicy
from onap_hpa_host.aai.plan import FlavorPlan, plan_flavor, same_state
from onap_hpa_host.aai.sync import DEFAULT_PREFIX, RegionSync, SyncSummary, name_prefix, viminfo_from_region
from onap_hpa_host.errors import AaiConflictError, AaiError, AaiUnavailableError, NovaError, SyncConfigError

__all__ = [
    "DEFAULT_PREFIX",
    "DEFAULT_VERSION",
    "AaiClient",
    "AaiConfig",
    "AaiConflictError",
    "AaiError",
    "AaiUnavailableError",
    "FlavorPlan",
    "NovaError",
    "RegionSync",
    "RetryPolicy",
    "SyncConfigError",
    "SyncSummary",
    "name_prefix",
    "plan_flavor",
    "same_state",
    "viminfo_from_region",
]
