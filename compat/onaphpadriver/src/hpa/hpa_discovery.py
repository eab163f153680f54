"""Today's plugin call, unchanged, on top of the onap-hpa host.

ONAP MultiCloud's registration code does::

    from hpa import hpa_discovery
    hpa = hpa_discovery.HPADiscovery()
    capabilities = hpa.get_hpa_capabilities(
        {"flavor": flavor, "extra_specs": extra_specs, "viminfo": viminfo, "vimtype": vimtype})

Here that call goes to :class:`onap_hpa.Host`: every installed ``onap-device-driver-*`` wheel runs on
its own, under a deadline; records get stable ids and are validated; a driver fault costs only that
driver's records for that flavor. Faults are logged (by the host) and raised as VES alarms
(``ONAP_HPA_VES_URL``; logged when unset), cleared when the driver works on that flavor again; they
are never returned as capabilities. The VIM info, password included, is reduced to a credential-free
view before any driver sees it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from onap_hpa import DiscoveryRequest, RequestError
from onap_hpa_host import Host
from onap_hpa_host.alarms import AlarmBook

__all__ = ["HPADiscovery", "HPA_Discovery"]

log = logging.getLogger("hpa_discovery")

_lock = threading.Lock()
_runtime: tuple[Host, AlarmBook] | None = None


def _shared() -> tuple[Host, AlarmBook]:
    """One host and alarm book per process, built on first use (drivers load once, not per call)."""
    global _runtime  # noqa: PLW0603 - a lazily built per-process singleton, as the plugin expects
    with _lock:
        if _runtime is None:
            _runtime = (Host(), AlarmBook())
        return _runtime


class HPA_Discovery:  # noqa: N801 - the original class name, which plugins import
    """The original ``hpa.hpa_discovery.HPA_Discovery`` interface."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        # stevedore may pass invoke_args; the original ignored them too.
        del args, kwargs

    def get_hpa_capabilities(self, data: Any) -> list[dict[str, Any]]:
        """The flavor's ``hpa-capability`` records; ``[]`` when the data is unusable (logged)."""
        host, alarms = _shared()
        if not isinstance(data, Mapping):
            log.error("get_hpa_capabilities needs a dict with flavor, extra_specs, viminfo and vimtype")
            return []
        vimtype = data.get("vimtype")
        try:
            request = DiscoveryRequest.build(
                data.get("flavor"),
                data.get("extra_specs"),
                data.get("viminfo"),
                vimtype=vimtype if isinstance(vimtype, str) and vimtype else None,
            )
        except RequestError as error:
            log.error("%s", error)
            return []
        result = host.discover(request)
        faulted = {fault.driver: fault for fault in result.faults if fault.alarming}
        vim = request.vim
        for driver in sorted(set(result.capabilities) | set(faulted)):
            alarms.observe(vim.cloud_owner, vim.cloud_region_id, driver, request.flavor.id, faulted.get(driver))
        return [record for records in result.capabilities.values() for record in records]


#: The name today's plugin code imports.
HPADiscovery = HPA_Discovery
