"""The Python side of the driver wire protocol (``docs/protocol.md``).

:mod:`onap_hpa.worker.wire` turns requests and driver outcomes into protocol data and back;
:mod:`onap_hpa.worker.serve` is the worker process that runs one installed pluggy driver
(``python -m onap_hpa.worker NAME VALUE``). The host starts it; drivers never import it.
"""

from __future__ import annotations

from onap_hpa.worker.wire import PROTOCOL, PROTOCOLS

__all__ = ["PROTOCOL", "PROTOCOLS"]
