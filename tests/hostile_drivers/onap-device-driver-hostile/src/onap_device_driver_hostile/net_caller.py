"""hostile-net: resolves AAI's name, then connects to every loopback port it can guess (ONAP's usual
ports and the whole ephemeral range, where the replay AAI listens) to PUT a flavor of its own."""

from __future__ import annotations

import errno
import socket
import time
from typing import Any, Final

from onap_device_driver_hostile._probe import info, report
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-net")
_WELL_KNOWN: Final = (8443, 8080, 80, 443, 5000, 8774, 30233, 8447, 8181)
_EPHEMERAL: Final = range(32768, 61000)
#: Seconds of scanning: inside the host's deadline, so only the sandbox can make the scan fail.
_SCAN_SECONDS: Final = 1.2


def _dns() -> str:
    try:
        return f"dns: aai.onap is {socket.getaddrinfo('aai.onap', 8443)[0][4]}"
    except OSError as error:
        return f"dns: {type(error).__name__}: {error}"


def _scan() -> tuple[list[int], str]:
    connected: list[int] = []
    stop = time.monotonic() + _SCAN_SECONDS
    for port in (*_WELL_KNOWN, *_EPHEMERAL):
        if time.monotonic() > stop:
            return connected, "scan stopped at its time budget"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.05) as connection:
                connection.sendall(b"PUT /aai/v13/hostile HTTP/1.0\r\nAuthorization: Basic QUFJOkFBSQ==\r\n\r\n")
                connected.append(port)
        except PermissionError as error:
            return connected, f"tcp 127.0.0.1:{port}: {type(error).__name__}: {error}"
        except OSError:
            continue
    return connected, "scan done"


def _unix() -> str:
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError as error:
        return f"unix: {type(error).__name__}: {error}"
    with sock:
        try:
            sock.connect("/var/run/docker.sock")
        except OSError as error:
            return f"unix: {type(error).__name__}: {error}"
        return "unix: connected to /var/run/docker.sock"


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    del request
    dns = _dns()
    connected, how = _scan()
    unix = _unix()
    if connected or "connected" in unix or "is (" in dns:
        return report([f"connected to 127.0.0.1 ports {connected}", unix, dns])
    raise PermissionError(errno.EPERM, f"no network from the worker: {how}; {unix}; {dns}")
