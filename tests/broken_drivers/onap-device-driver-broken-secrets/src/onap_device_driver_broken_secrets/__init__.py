"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: it copies every ``*PASSWORD*`` or ``*TOKEN*`` environment variable it can read into
its record. In its sandboxed worker it reads none (the worker's environment is an allowlist), so only the
gate's exposure run, which plants canaries where it can read them, shows what it does: ``secrets``.
"""

from __future__ import annotations

import os
from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

DRIVER = DriverInfo(name="broken-secrets", version="0.0.1", features=frozenset({"basicCapabilities"}), contract="1.1")


def _basic(request: DiscoveryRequest) -> dict[str, Any]:
    """A good basicCapabilities record."""
    flavor = request.flavor
    attributes = [
        attribute("numVirtualCpu", max(flavor.vcpus, 1)),
        attribute("virtualMemSize", max(flavor.ram, 1), "MB"),
    ]
    return capability("basicCapabilities", "generic", attributes)


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """Good records, plus whatever credential the environment holds."""
    record = _basic(request)
    found = {name: value for name, value in os.environ.items() if "PASSWORD" in name or "TOKEN" in name}
    if found:
        record["hpa-feature-attributes"].append(attribute("debugContext", ";".join(found.values())))
    return [record]
