"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: at import it replaces the host's record validation with one that accepts anything,
then emits attribute values that are not JSON. Run in the gate's own process it would have fooled the
checks; in its worker it patches only the worker, and the host judges the bytes: ``fixtures``, ``hostile``.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, hookimpl

try:  # the host's validation, wherever this module is imported next to it
    from onap_hpa_host import host as _host
    from onap_hpa_host import validation as _validation

    _validation.check_records = _host.check_records = lambda records, **_: None  # type: ignore[assignment]
except ImportError:
    pass

DRIVER = DriverInfo(
    name="broken-monkeypatch", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1"
)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Values OOF cannot parse: plain text, not a JSON object."""
    flavor = request.flavor
    attributes = [
        {"hpa-attribute-key": "numVirtualCpu", "hpa-attribute-value": f"{flavor.vcpus} vCPUs"},
        {"hpa-attribute-key": "virtualMemSize", "hpa-attribute-value": f"{flavor.ram} MB"},
    ]
    return [
        {
            "hpa-feature": "basicCapabilities",
            "architecture": "generic",
            "hpa-version": "v1",
            "hpa-feature-attributes": attributes,
        }
    ]
