"""Deliberately broken onap-hpa driver, for the conformance tests only.

It breaks one rule: attribute order follows set iteration: stable in one process, not across processes.
"""

from __future__ import annotations

from typing import Any

from onap_hpa import DiscoveryRequest, DriverInfo, attribute, capability, hookimpl

#: NUMA nodes in a set of strings: its iteration order depends on the interpreter's hash seed.
_NODES = {f"numaCpu-{node}" for node in range(8)}

DRIVER = DriverInfo(name="broken-hashseed", version="0.0.1", features=frozenset({"numa"}))


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    """One numa record, its attributes in set order (which changes with the hash seed, so with the process)."""
    del request
    cpus = [attribute(key, key.rsplit("-", 1)[1]) for key in _NODES]
    return [capability("numa", "generic", [attribute("numaNodes", len(_NODES)), *cpus])]
