"""A protocol worker for the pool's tests, in plain Python: ``fake_worker.py MODE [ARG]``.

MODE says how it misbehaves on the flavor named ARG, or on every flavor when ARG is ``*`` (every other
flavor gets one good record):
``ok``, ``hang`` (sleeps in C), ``crash`` (os._exit(3)), ``segv``, ``garbage`` (a line that is not
JSON), ``wrong-id``, ``huge`` (a line past 1 MiB), ``noisy`` (writes to stdout behind the protocol's
back, through the file descriptor the worker does not use for results), ``slow-hello`` (never says
hello), ``fatal`` (refuses to load).
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import time

mode = sys.argv[1]
target = sys.argv[2] if len(sys.argv) > 2 else ""
out = os.fdopen(os.dup(1), "wb", buffering=0)
os.dup2(2, 1)


def send(message: dict) -> None:
    out.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")


hello = json.loads(sys.stdin.readline())
assert hello["type"] == "hello"
if mode == "slow-hello":
    time.sleep(60)
if mode == "fatal":
    send({"type": "fatal", "kind": "load-failed", "message": "import of 'nowhere' failed"})
    sys.exit(3)
send(
    {
        "type": "hello",
        "protocol": "1",
        "driver": {
            "name": "fake",
            "version": "1.0",
            "contract": "1.1",
            "features": ["cpuPinning"],
            "hooks": ["hpa_discover"],
        },
    }
)
GOOD = [
    {
        "hpa-feature": "cpuPinning",
        "architecture": "generic",
        "hpa-version": "v1",
        "hpa-feature-attributes": [
            {"hpa-attribute-key": "logicalCpuPinningPolicy", "hpa-attribute-value": '{"value":"dedicated"}'}
        ],
    }
]
for line in sys.stdin:
    batch = json.loads(line)
    for request in batch["requests"]:
        flavor = request["flavor"]["id"]
        print(f"working on {flavor}", file=sys.stderr, flush=True)
        if target in (flavor, "*"):
            if mode == "hang":
                time.sleep(60)
            elif mode == "crash":
                os._exit(3)
            elif mode == "segv":
                ctypes.string_at(0)
            elif mode == "garbage":
                out.write(b"this is not json\n")
                continue
            elif mode == "wrong-id":
                send({"type": "result", "id": "999", "records": [], "errors": []})
                continue
            elif mode == "huge":
                out.write(b'{"type":"result","id":"' + request["id"].encode() + b'","records":[' + b" " * (1 << 21))
                continue
            elif mode == "noisy":
                os.write(1, b"stdout noise\n")
                print("more noise")
        send({"type": "result", "id": request["id"], "records": GOOD, "errors": []})
