"""A loopback HTTP/1.1 server (stdlib ``ThreadingHTTPServer``) that hands requests to an app and injects faults.

The standard library is enough here: one thread per connection, keep-alive for pooled clients, and
full control of the socket, which a dropped-connection fault needs. Every request served is logged
as ``(method, path with query, status)``; a dropped one has status 0.
"""

from __future__ import annotations

import json
import logging
import socket
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from onap_hpa_harness.replay.faults import FaultSet

__all__ = ["App", "LoopbackServer", "Request", "Response"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request as an app sees it."""

    method: str
    target: str  #: path and query as sent
    segments: list[str]  #: path split on ``/`` and percent-decoded, empty segments dropped
    query: dict[str, str]
    headers: Message
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON; ``ValueError`` when it is not."""
        return json.loads(self.body or b"null")


@dataclass(slots=True)
class Response:
    """An app's answer: status, JSON-able body (None: no body) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class App(Protocol):
    """What a replay app provides to the server."""

    faults: FaultSet

    def respond(self, request: Request) -> Response:
        """Serve one request."""
        ...

    def error(self, request: Request, status: int, detail: str) -> Response:
        """The app's error answer with ``status`` (used for injected faults and crashes)."""
        ...


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self.log_lock = threading.Lock()
        self.requests: list[tuple[str, str, int]] = []
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout) or a dropped connection is part of the tests, not an error.
        log.debug("replay connection from %s ended early", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without TCP_NODELAY, delayed ACKs stall each keep-alive
    # response ~40 ms on loopback (measured: 200 reads 9.0 s -> 0.2 s).
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = do_GET  # noqa: N815 - http.server's naming

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.server.app.__class__.__name__, *args)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        split = urlsplit(self.path)
        request = Request(
            method=self.command,
            target=self.path,
            segments=[unquote(part) for part in split.path.split("/") if part],
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers=self.headers,
            body=body,
        )
        app = self.server.app
        plan = app.faults.pick(self.command, self.path)
        if plan is not None and plan.delay > 0:
            time.sleep(plan.delay)
        if plan is None or (not plan.drop and plan.status is None):
            self._send(self._respond(app, request))
            return
        if plan.after:
            self._respond(app, request)  # the change is made; its answer is lost below
        if plan.drop:
            self._drop()
        else:
            status = plan.status or 500
            self._send(app.error(request, status, f"fault injected by the replay server ({status})"))

    def _respond(self, app: App, request: Request) -> Response:
        try:
            return app.respond(request)
        except Exception as error:
            log.exception("replay app failed on %s %s", request.method, request.target)
            return app.error(request, 500, f"replay server error: {type(error).__name__}: {error}")

    def _record(self, status: int) -> None:
        with self.server.log_lock:
            self.server.requests.append((self.command, self.path, status))

    def _drop(self) -> None:
        # Linger 0: the close sends RST, so the client sees a reset, not a clean end of response.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self._record(0)

    def _send(self, response: Response) -> None:
        payload = b"" if response.body is None else json.dumps(response.body).encode()
        # Logged before the client can see the answer, so the log's order is the order clients observe.
        self._record(response.status)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)


class LoopbackServer:
    """One app served on ``host:port`` (port 0: an ephemeral port) by a background thread.

    ``tls=(certfile, keyfile)`` serves HTTPS: each connection's handshake happens in its own thread,
    so a client that refuses the certificate costs only its connection.
    """

    def __init__(self, app: App, host: str = "127.0.0.1", port: int = 0, *, tls: tuple[str, str] | None = None) -> None:
        self._server = _Server((host, port), app)
        self._scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(
                self._server.socket, server_side=True, do_handshake_on_connect=False
            )
            self._scheme = "https"
        # A short poll interval: stop() waits up to one interval, and tests start and stop many servers.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name=f"replay-{type(app).__name__}", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://host:port`` the server listens on."""
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"{self._scheme}://{host}:{port}"

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """Every request served so far, in order: ``(method, path with query, status)``."""
        with self._server.log_lock:
            return list(self._server.requests)

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
