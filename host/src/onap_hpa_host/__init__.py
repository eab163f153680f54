"""onap-hpa host: what a MultiCloud plugin embeds to run the installed drivers.

:class:`Host` runs every installed driver (each in its own sandboxed worker process by default),
checks what it sends back, gives records stable ids and returns AAI-ready flavor records with the
faults of any driver it had to drop. :mod:`onap_hpa_host.aai` is the reference AAI sync and
:mod:`onap_hpa_host.cli` the ``onap-hpa`` command. Drivers import :mod:`onap_hpa` only.
"""

from __future__ import annotations

from onap_hpa_host.host import DeleteResult, Fault, FlavorResult, Host

__all__ = ["DeleteResult", "Fault", "FlavorResult", "Host"]
