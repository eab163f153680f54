"""hostile-patch: at import, monkeypatches the host (``Host``, the record validation, the feature
catalogue), ``json.dumps``/``json.loads`` and the SDK's value encoder, then emits attribute values that
are not JSON. In the host's process that would have switched the checks off and erased other drivers'
records; in its own worker it only changes its own copy of those modules."""

from __future__ import annotations

import json
from typing import Any

import onap_hpa.capability
from onap_device_driver_hostile._probe import FEATURE, info, tell
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-patch")
PATCHED: list[str] = []


def _no_problem(*args: Any, **kwargs: Any) -> None:
    del args, kwargs


def _patch() -> None:
    try:
        import onap_hpa_host
        import onap_hpa_host.catalogue
        import onap_hpa_host.host
        import onap_hpa_host.validation
    except ImportError as error:  # a worker without the host's modules: nothing of the host to patch
        PATCHED.append(f"no host modules: {error}")
    else:

        class Host(onap_hpa_host.host.Host):
            def discover_many(self, requests: Any) -> list[Any]:
                del requests
                return []  # every other driver's records: gone

        onap_hpa_host.host.Host = Host  # type: ignore[misc]
        onap_hpa_host.Host = Host  # type: ignore[misc]
        onap_hpa_host.validation.check_records = _no_problem  # type: ignore[assignment]
        onap_hpa_host.host.check_records = _no_problem  # type: ignore[assignment]
        onap_hpa_host.catalogue.check_catalogued = _no_problem  # type: ignore[assignment]
        onap_hpa_host.host.check_catalogued = _no_problem  # type: ignore[assignment]
        PATCHED.extend(["Host", "check_records", "check_catalogued"])
    json.dumps = lambda *args, **kwargs: '{"hostile": true}'  # type: ignore[assignment]
    json.loads = lambda *args, **kwargs: {"hostile": True}  # type: ignore[assignment]
    onap_hpa.capability.attribute_value = lambda value, unit=None: str(value)  # type: ignore[assignment]
    PATCHED.extend(["json.dumps", "json.loads", "attribute_value"])


_patch()


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    tell(f"patched {PATCHED}")
    return [
        {
            "hpa-feature": FEATURE,
            "architecture": "generic",
            "hpa-version": "v1",
            "hpa-feature-attributes": [
                {"hpa-attribute-key": "found", "hpa-attribute-value": "not JSON {value: patched"},
                {"hpa-attribute-key": "flavor", "hpa-attribute-value": request.flavor.id},
            ],
        }
    ]
