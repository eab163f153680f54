"""onap-hpa host: what a MultiCloud plugin embeds to run the installed drivers.

:class:`Host` runs every installed driver (each in its own sandboxed worker process by default),
checks what it sends back, gives records stable ids and returns AAI-ready flavor records with the
faults of any driver it had to drop. :mod:`onap_hpa_host.aai` is the reference AAI sync and
:mod:`onap_hpa_host.cli` the ``onap-hpa`` command. Drivers import :mod:`onap_hpa` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onap_hpa_host.host import DeleteResult, Fault, FlavorResult, Host

__all__ = ["DeleteResult", "Fault", "FlavorResult", "Host"]


def __getattr__(name: str) -> Any:
    # Lazily: a driver worker's launcher imports onap_hpa_host.workers, and must not pay for the host.
    if name in __all__:
        from onap_hpa_host import host

        return getattr(host, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
