"""The worker zygote: start many Python workers from one fresh interpreter, paying its start-up once.

``python -I -m onap_hpa_host.workers.zygote`` (the host execs it, as it execs the launcher: a fresh
interpreter with an allowlisted environment, which never held a credential). It reads one JSON object on
stdin, ``{"workers": [{"fds": [IN, OUT, ERR], "cwd": DIR, "env": {...}, "argv": [...]}, ...]}``, imports
what every Python worker imports (the SDK, the worker, the sandbox) and then, for each worker, forks a
child that takes the three descriptors as its stdin/stdout/stderr, its own working directory and
environment, and runs the launcher (:func:`onap_hpa_host.workers.launch.main`) with ``argv``: the child
confines itself and imports its driver exactly as a launcher of its own would, minus the seconds-long
imports it inherits. No driver code ever runs in the zygote.

On stdout the zygote writes ``pid INDEX PID`` per child, then ``started``, then ``exit PID CODE`` as each
child ends (CODE as :attr:`subprocess.Popen.returncode` gives it: negative for a signal), and exits once
the last child has: the host, which is not the children's parent, learns their exit status from it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from typing import Any, NoReturn


def _become(spec: dict[str, Any]) -> NoReturn:
    """In the child: the worker's descriptors, session, directory and environment, then the launcher."""
    code = 70
    try:
        os.setsid()  # a ^C to the host's terminal is the host's to handle, as for a launcher of its own
        for target, fd in enumerate(spec["fds"]):
            os.dup2(fd, target)
        _close_from(3)
        os.chdir(spec["cwd"])
        os.environ.clear()
        os.environ.update(spec["env"])
        # Fresh standard streams on the new descriptors (the zygote's read its specs and wrote its pids).
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
            encoding="utf-8",
            errors="backslashreplace",
            line_buffering=True,
        )
        from onap_hpa_host.workers import launch

        code = launch.main(list(spec["argv"]))
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 - a worker that cannot start says why on its stderr, then exits
        import traceback

        with contextlib.suppress(Exception):
            traceback.print_exc()
        code = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
    os._exit(code)


def _close_from(lowest: int) -> None:
    """Close every descriptor from ``lowest`` up: the child keeps only its three."""
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: every possible descriptor (close_range where the kernel has it)
        os.closerange(lowest, os.sysconf("SC_OPEN_MAX"))
        return
    for fd in open_fds:
        if fd >= lowest:
            with contextlib.suppress(OSError):
                os.close(fd)


def main() -> int:
    specs = json.loads(sys.stdin.buffer.read())["workers"]
    # What every Python worker imports before its driver: imported once here, shared by every child.
    import onap_hpa.worker.serve  # noqa: F401
    import onap_hpa_host.workers.launch  # noqa: F401
    from onap_hpa_host.workers.sandbox import _import_seccomp

    _import_seccomp()
    out = sys.stdout.buffer
    children = 0
    for index, spec in enumerate(specs):
        out.flush()  # nothing buffered may be written twice, by the child too
        try:
            pid = os.fork()
        except OSError:  # out of processes: the host starts this one on its own, or says why it cannot
            continue
        if pid == 0:
            _become(spec)
        children += 1
        out.write(b"pid %d %d\n" % (index, pid))
    for spec in specs:
        for fd in spec["fds"]:
            with contextlib.suppress(OSError):
                os.close(fd)
    out.write(b"started\n")
    out.flush()
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        children -= 1
        with contextlib.suppress(OSError):
            out.write(b"exit %d %d\n" % (pid, os.waitstatus_to_exitcode(status)))
            out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
