"""Many Python workers started at once through the zygote (:mod:`onap_hpa_host.workers.zygote`).

Seven workers each importing the SDK and the sandbox cost seven interpreter start-ups; forked from one
zygote they cost one, and a host is ready in about half the time. The workers are the zygote's children,
not the host's: :class:`ForkedProcess` gives the pool what it uses of :class:`subprocess.Popen` (pipes,
``poll``, ``wait``, ``kill``, ``returncode``), with exit statuses read from the zygote and signals sent
through a pidfd, so a kill can never reach a process that reused a dead worker's pid.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import IO, Any, Final

from onap_hpa_host._json import orjson

__all__ = ["ForkedProcess", "start_forked"]

#: Seconds the zygote has to fork every worker and say so.
_ZYGOTE_START: Final = 20.0


class _Zygote:
    """The zygote process and the exit statuses it reports."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.exits: dict[int, int] = {}
        self.children = 0  #: children forked, set once the zygote has said so
        self._reported = 0
        self._buffer = b""
        self._open = True

    def readable(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the zygote to say something (or end); True if it did."""
        stdout = self.process.stdout
        if not self._open or stdout is None:
            return False
        poller = select.poll()  # not select(): a plugin's process may hold more than 1024 descriptors
        poller.register(stdout, select.POLLIN)
        return bool(poller.poll(max(timeout, 0.0) * 1000))

    def read_line(self, deadline: float) -> bytes | None:
        """The next line (blocking until ``deadline``); None at end of stream or time."""
        stdout = self.process.stdout
        assert stdout is not None  # noqa: S101 - a pipe
        while b"\n" not in self._buffer:
            if not self.readable(deadline - time.monotonic()):
                return None
            chunk = os.read(stdout.fileno(), 4096)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def drain(self) -> None:
        """Read every exit status the zygote has reported so far (never blocks)."""
        stdout = self.process.stdout
        while self._open and stdout is not None:
            try:
                chunk = os.read(stdout.fileno(), 4096)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self._finish()
                break
            self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and parts[0] == b"exit":
                self.exits[int(parts[1])] = int(parts[2])
                self._reported += 1
        if self._open and self.children and self._reported >= self.children:
            self._finish()  # its last child is gone: so is the zygote, now or in a moment

    def _finish(self) -> None:
        self._open = False
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=1)
        if self.process.stdout is not None:
            self.process.stdout.close()

    @property
    def finished(self) -> bool:
        """True once the zygote has exited: every child's status has been read."""
        return not self._open


class ForkedProcess:
    """A worker forked by the zygote, as the pool handles a :class:`subprocess.Popen`."""

    def __init__(self, zygote: _Zygote, pid: int, stdin: IO[bytes], stdout: IO[bytes], stderr: IO[bytes]) -> None:
        self._zygote = zygote
        self.pid = pid
        self.stdin: IO[bytes] | None = stdin
        self.stdout: IO[bytes] | None = stdout
        self.stderr: IO[bytes] | None = stderr
        self.returncode: int | None = None
        self._pidfd: int | None = None
        with contextlib.suppress(AttributeError, OSError):  # pidfds: Linux >= 5.3, Python >= 3.9
            self._pidfd = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None:
            self._zygote.drain()
            if self.pid in self._zygote.exits:
                self.returncode = self._zygote.exits.pop(self.pid)
                self._close_pidfd()
            elif self._zygote.finished:
                self.returncode = 0  # as Popen says of a child someone else reaped: nothing more is known
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            # Its exit comes as a line from the zygote: wait for the zygote to write, not a fixed time.
            remaining = 1.0 if deadline is None else deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0.0)
            self._zygote.readable(remaining)
        assert self.returncode is not None  # noqa: S101 - set by poll
        return self.returncode

    def kill(self) -> None:
        if self.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, OSError):
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)

    def _close_pidfd(self) -> None:
        if self._pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self._pidfd)
            self._pidfd = None

    def __del__(self) -> None:
        self._close_pidfd()


def start_forked(
    workers: Sequence[tuple[str, dict[str, str], list[str]]], env: dict[str, str]
) -> list[ForkedProcess | None]:
    """Start one worker per ``(cwd, env, launcher argv)`` through a zygote; None for any it did not start
    (the caller starts those on their own). Descriptors are non-blocking on the host's side."""
    pipes: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    try:
        for _ in workers:
            pipes.append((os.pipe(), os.pipe(), os.pipe()))
    except OSError:
        _close_all(pipes)
        return [None] * len(workers)
    child_ends = [(stdin[0], stdout[1], stderr[1]) for stdin, stdout, stderr in pipes]
    request = {
        "workers": [
            {"fds": list(fds), "cwd": cwd, "env": worker_env, "argv": argv}
            for fds, (cwd, worker_env, argv) in zip(child_ends, workers)
        ]
    }
    try:
        process = subprocess.Popen(  # our zygote, the host's own interpreter
            [sys.executable, "-I", "-m", "onap_hpa_host.workers.zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=workers[0][0],
            env=env,
            close_fds=True,
            pass_fds=[fd for fds in child_ends for fd in fds],
            start_new_session=True,
        )
    except OSError:
        _close_all(pipes)
        return [None] * len(workers)
    for fds in child_ends:
        for fd in fds:
            os.close(fd)
    zygote = _Zygote(process)
    pids = _pids(zygote, process, orjson.dumps(request), len(workers))
    started: list[ForkedProcess | None] = []
    for index, (stdin, stdout, stderr) in enumerate(pipes):
        pid = pids.get(index)
        if pid is None:
            for fd in (stdin[1], stdout[0], stderr[0]):
                os.close(fd)
            started.append(None)
            continue
        for fd in (stdin[1], stdout[0], stderr[0]):
            os.set_blocking(fd, False)
        started.append(
            ForkedProcess(
                zygote, pid, os.fdopen(stdin[1], "wb", buffering=0), os.fdopen(stdout[0], "rb", buffering=0),
                os.fdopen(stderr[0], "rb", buffering=0),
            )
        )  # fmt: skip
    return started


def _pids(zygote: _Zygote, process: subprocess.Popen[bytes], request: bytes, count: int) -> dict[int, int]:
    """Send the zygote its workers; the pid of each one it forked, by index."""
    assert process.stdin is not None  # noqa: S101 - a pipe
    try:
        process.stdin.write(request)
        process.stdin.close()
    except OSError:
        pass
    pids: dict[int, int] = {}
    deadline = time.monotonic() + _ZYGOTE_START
    while True:
        line = zygote.read_line(deadline)
        if line is None or line == b"started":
            break
        parts = line.split()
        if len(parts) == 3 and parts[0] == b"pid" and int(parts[1]) < count:
            pids[int(parts[1])] = int(parts[2])
    if line is None:  # the zygote failed or hung: whatever it forked is killed, the rest start on their own
        for pid in pids.values():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
        return {}
    assert process.stdout is not None  # noqa: S101 - a pipe
    os.set_blocking(process.stdout.fileno(), False)
    zygote.children = len(pids)
    return pids


def _close_all(pipes: Sequence[Any]) -> None:
    for pair in (pair for triple in pipes for pair in triple):
        for fd in pair:
            with contextlib.suppress(OSError):
                os.close(fd)
