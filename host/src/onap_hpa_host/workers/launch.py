"""The worker launcher: ``python -I -m onap_hpa_host.workers.launch POLICY -- python NAME VALUE [DIST]``
or ``... -- exec BINARY [ARG...]``.

The host execs this module (a fresh interpreter; ``-I`` ignores ``PYTHON*`` variables, the user's
site directory and the working directory) with the sandbox policy as JSON. It confines itself
(:func:`onap_hpa_host.workers.sandbox.apply`), writes what is active as its first stderr line, then
either serves a Python driver in this same process or execs a protocol binary (a Go driver), which
inherits every restriction.
"""

from __future__ import annotations

import json
import os
import sys

from onap_hpa_host.workers.sandbox import REPORT_PREFIX, SandboxPolicy, apply


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[1] != "--" or argv[2] not in ("python", "exec"):
        sys.stderr.write("usage: launch POLICY -- python NAME VALUE [DIST] | launch POLICY -- exec BINARY [ARG...]\n")
        return 2
    policy = SandboxPolicy.from_json(argv[0])
    if argv[2] == "python":
        # Imported before the sandbox closes: the worker's own modules, not the driver's.
        from onap_hpa.worker.serve import serve

    report = apply(policy)
    sys.stderr.write(REPORT_PREFIX + json.dumps(report, separators=(",", ":")) + "\n")
    sys.stderr.flush()
    if argv[2] == "python":
        serve(*argv[3:])
        return 0
    os.execv(argv[3], argv[3:])  # noqa: S606 - the driver binary the host was configured with
    return 127  # pragma: no cover - execv does not return


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
