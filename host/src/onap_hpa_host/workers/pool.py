"""Driver worker processes: start them sandboxed, keep them warm, feed them batches, kill what misbehaves.

One :class:`Worker` per driver. :class:`WorkerPool` drives all of them from the calling thread with one
``selectors`` loop: requests are written to every worker's stdin, results read from every stdout as
they come, every stderr logged, and each worker's oldest pending request timed. The parent enforces
the deadline by killing, never by asking: a worker past it is killed and replaced, so a driver stuck in
C costs one deadline. A worker that dies costs exactly its driver's records for the request it was on —
requests are answered strictly in order, so the first unanswered one is the poison — and the rest of
the batch is re-run in a new worker. A driver that crashes or hangs :data:`STRIKES` times is quarantined
for the life of the pool: one fault per request, no restart storm.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from onap_hpa.worker.wire import MAX_LINE, PROTOCOLS
from onap_hpa_host._json import orjson
from onap_hpa_host.workers.forked import ForkedProcess, start_forked
from onap_hpa_host.workers.sandbox import REPORT_PREFIX, SandboxPolicy

__all__ = ["STRIKES", "Outcome", "SharedVim", "Worker", "WorkerPool", "WorkerSpec"]

#: Crashes, kills and protocol violations after which a driver is quarantined for the pool's life.
STRIKES: Final = 3
#: Requests per batch message, and batches a worker may have in flight.
BATCH: Final = 64
WINDOW: Final = 2 * BATCH
#: Longest stderr line logged; lines kept for crash reports.
_LOG_LINE: Final = 4096
_TAIL: Final = 8
#: Driver output lines logged per worker before the rest is only counted.
_LOG_BUDGET: Final = 1000
_READ: Final = 1 << 16
#: Seconds a worker whose stdout closed has to finish exiting before it is killed.
_EXIT_GRACE: Final = 0.2
#: Seconds a replacement worker has to say hello (or the deadline, if longer).
RESTART_HELLO: Final = 5.0
#: Distinct results remembered per worker.
_SEEN: Final = 4096
#: Bytes of the pipes to and from a worker (Linux; unprivileged processes may go up to 1 MiB).
_PIPE_SIZE: Final = 1 << 20
_F_SETPIPE_SZ: Final = getattr(fcntl, "F_SETPIPE_SZ", 1031)


class SharedVim:
    """A run's requests without their VIM views, which batches carry (protocol 2): a region's flavors share
    one VIM, so it crosses the pipe once per batch instead of once per flavor. A worker that speaks only
    protocol 1 gets each request whole (:meth:`whole`)."""

    __slots__ = ("requests", "vim_of", "vims")

    def __init__(self, requests: Sequence[bytes], vims: Sequence[bytes], vim_of: Sequence[int]) -> None:
        self.requests = requests  #: each request's JSON object, without ``vim``
        self.vims = vims  #: the distinct VIM views' JSON
        self.vim_of = vim_of  #: each request's VIM view: its index in :attr:`vims`

    def __len__(self) -> int:
        return len(self.requests)

    def whole(self, index: int) -> bytes:
        """Request ``index`` with its own VIM view, as protocol 1 carries it."""
        return self.requests[index][:-1] + b',"vim":' + self.vims[self.vim_of[index]] + b"}"


@dataclass(frozen=True)
class WorkerSpec:
    """How to start one driver's worker."""

    name: str  #: the entry point name
    target: tuple[str, ...]  #: ``("python", name, value, distribution)`` or ``("exec", binary, *args)``
    distribution: str = ""
    version: str = ""


class Outcome:
    """One driver's answer to one request: its result message, or the fault that replaced it.

    A worker's repeated answers (equal bytes) are one shared object, so what the host concludes from one
    (its checks, its records' id suffixes) is kept on it in :attr:`judged`, computed once.
    """

    __slots__ = ("fault", "judged", "key", "result")

    def __init__(
        self,
        result: dict[str, Any] | None = None,
        fault: tuple[str, str] | None = None,
        key: bytes | None = None,
    ) -> None:
        self.result = result
        self.fault = fault  #: (kind, message)
        #: The result's bytes after its id: equal keys are equal results.
        self.key = key
        self.judged: Any = None  #: the host's verdict on this answer (its business, not the pool's)

    def __repr__(self) -> str:
        return f"Outcome(result={self.result!r}, fault={self.fault!r})"


@dataclass(eq=False)  # a process handle: equal only to itself
class Worker:
    """One driver's worker process and what the host learnt about it."""

    spec: WorkerSpec
    state: str = "new"  #: new, ready, failed (never started), quarantined
    driver: dict[str, Any] = field(default_factory=dict)  #: the hello's self-description
    protocol: str = "1"  #: the protocol version its hello chose
    protections: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    strikes: int = 0
    starts: int = 0
    startup_seconds: float = 0.0
    process: subprocess.Popen[bytes] | ForkedProcess | None = None
    workdir: str = ""
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=_TAIL))
    logged: int = 0
    fresh: bool = False  #: no stderr line read since this start (the first one is the sandbox's report)
    #: Results already parsed and checked, by their bytes after the id: drivers repeat themselves.
    seen: dict[bytes, Outcome] = field(default_factory=dict)
    # per run
    inbuf: bytearray = field(default_factory=bytearray)
    errbuf: bytearray = field(default_factory=bytearray)
    outbuf: bytearray = field(default_factory=bytearray)
    queue: deque[int] = field(default_factory=deque)  #: requests still to send
    inflight: deque[int] = field(default_factory=deque)  #: sent, unanswered, in order
    written: int = 0  #: bytes of outbuf's batches already written (for timing the head)
    marks: deque[tuple[int, int]] = field(default_factory=deque)  #: unwritten batches: (end offset, first index)
    head_since: float | None = None
    watching: bool = False  #: its stdin is registered for writing

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def written_past(self, index: int) -> bool:
        """True when request ``index`` was written whole to the worker (its time may start)."""
        return not self.marks or index < self.marks[0][1]


class WorkerPool:
    """Warm, sandboxed workers for a set of drivers, and the loop that runs requests through them.

    :param specs: one per driver.
    :param deadline: seconds one request may take in one worker.
    :param policy: the sandbox policy factory, called with a fresh working directory per worker start.
    :param env: the complete environment of a worker, given its working directory (the host's own
        environment never reaches a worker).
    :param log: called with (driver name, stderr line) for what drivers print.
    :param scrub: applied to every text a worker sends before it is logged or stored.
    :param fork: start the Python workers of one :meth:`start` from one zygote
        (:mod:`onap_hpa_host.workers.zygote`) rather than one interpreter each.
    """

    def __init__(
        self,
        specs: Iterable[WorkerSpec],
        *,
        deadline: float,
        policy: Callable[[str, WorkerSpec], SandboxPolicy],
        env: Callable[[str], dict[str, str]],
        log: Callable[[str, str], None],
        scrub: Callable[[str], str],
        startup_timeout: float = 20.0,
        fork: bool = True,
    ) -> None:
        self.workers = {spec.name: Worker(spec) for spec in specs}
        # Python workers started together come from one zygote (where the platform has /proc and fork).
        self._fork = fork and sys.platform == "linux"
        self.deadline = deadline
        self._policy = policy
        self._env = env
        self._log = log
        self._scrub = scrub
        self._startup_timeout = startup_timeout
        self._selector = selectors.DefaultSelector()

    # -- starting ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start every worker that is not running, all at once, and wait for their hellos."""
        since = time.monotonic()
        pending = [w for w in self.workers.values() if w.state in ("new", "ready") and not w.alive]
        python = [w for w in pending if w.spec.target[0] == "python"]
        if len(python) > 1 and self._fork:
            # One zygote pays the interpreter's start-up and the common imports once for all of them.
            self._spawn_forked(python)
        for worker in pending:
            if worker.process is None or not worker.alive:
                self._spawn(worker)
        self._handshake(pending, since=since)

    def _prepare(self, worker: Worker) -> tuple[str, list[str]]:
        """A fresh working directory, and the launcher's arguments for the worker's sandbox and target."""
        # A binary's worker is keyed by its path: keep the directory name to safe characters.
        label = re.sub(r"[^A-Za-z0-9_.-]+", "_", worker.spec.name)[-40:]
        worker.workdir = tempfile.mkdtemp(prefix=f"onap-hpa-{label}-")
        policy = self._policy(worker.workdir, worker.spec)
        return worker.workdir, [policy.to_json(), "--", *worker.spec.target]

    def _spawn(self, worker: Worker) -> None:
        workdir, argv = self._prepare(worker)
        worker.starts += 1
        command = [sys.executable, "-I", "-m", "onap_hpa_host.workers.launch", *argv]
        try:
            worker.process = subprocess.Popen(  # noqa: S603 - our launcher, the host's own interpreter
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=workdir,
                env=self._env(workdir),
                close_fds=True,
                start_new_session=True,  # a ^C to the host's terminal is the host's to handle, not the worker's
            )
        except OSError as error:  # out of processes or memory: this driver cannot run, the others can
            worker.process = None
            worker.state, worker.error = "failed", f"its worker could not be started: {error}"
            return
        for stream in (worker.process.stdout, worker.process.stderr, worker.process.stdin):
            os.set_blocking(stream.fileno(), False)  # type: ignore[union-attr]
        self._attached(worker)

    def _spawn_forked(self, workers: Sequence[Worker]) -> None:
        """Start ``workers`` through one zygote; any it could not start is left without a process."""
        prepared = [self._prepare(worker) for worker in workers]
        started = start_forked(
            [(workdir, self._env(workdir), argv) for workdir, argv in prepared], self._env(prepared[0][0])
        )
        for worker, process in zip(workers, started):
            if process is None:
                self._cleanup(worker)  # start() starts it on its own
                continue
            worker.starts += 1
            worker.process = process  # type: ignore[assignment]
            self._attached(worker)

    def _attached(self, worker: Worker) -> None:
        """A just-started worker: larger pipes, clean buffers, and the protocol hello queued."""
        process = worker.process
        if process is not None:
            for stream in (process.stdin, process.stdout):
                # A window of requests (or of results) in one pipe: fewer, larger writes and wake-ups.
                with contextlib.suppress(OSError, AttributeError):
                    fcntl.fcntl(stream.fileno(), _F_SETPIPE_SZ, _PIPE_SIZE)  # type: ignore[union-attr]
        worker.fresh = True
        worker.inbuf.clear()
        worker.errbuf.clear()
        worker.outbuf.clear()
        worker.marks.clear()
        worker.written = 0
        worker.outbuf += orjson.dumps({"type": "hello", "protocols": list(PROTOCOLS)}) + b"\n"

    def _handshake(self, workers: Sequence[Worker], timeout: float | None = None, since: float | None = None) -> None:
        started = time.monotonic() if since is None else since
        limit = self._startup_timeout if timeout is None else timeout
        waiting = {id(w): w for w in workers if w.process is not None}
        for worker in waiting.values():
            self._register(worker)
        while waiting:
            remaining = started + limit - time.monotonic()
            if remaining <= 0:
                for worker in waiting.values():
                    self._kill(worker)
                    worker.state, worker.error = "failed", f"no hello within {limit:g} s of start"
                break
            for key, events in self._selector.select(remaining):
                worker, role = key.data
                if id(worker) not in waiting or not _current(worker, key.fileobj):
                    continue
                done = self._on_event(worker, role, events, handshake=True)
                if done:
                    worker.startup_seconds = time.monotonic() - started
                    del waiting[id(worker)]
        for worker in workers:
            if worker.state != "ready":
                self._unregister(worker)

    def _register(self, worker: Worker) -> None:
        assert worker.process is not None  # noqa: S101 - spawned just before
        self._selector.register(worker.process.stdout, selectors.EVENT_READ, (worker, "out"))  # type: ignore[arg-type]
        self._selector.register(worker.process.stderr, selectors.EVENT_READ, (worker, "err"))  # type: ignore[arg-type]
        self._selector.register(worker.process.stdin, selectors.EVENT_WRITE, (worker, "in"))  # type: ignore[arg-type]
        worker.watching = True

    def _unregister(self, worker: Worker) -> None:
        worker.watching = False
        if worker.process is None:
            return
        for stream in (worker.process.stdout, worker.process.stderr, worker.process.stdin):
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(stream)  # type: ignore[arg-type]

    # -- the loop ---------------------------------------------------------------------------

    def run(
        self, requests: Sequence[bytes] | Mapping[str, Sequence[bytes] | SharedVim], *, delete_urls: bool = False
    ) -> dict[str, list[Outcome]]:
        """Every ready driver's outcome for every request (each request's compact JSON, with its ``id``
        the string of its index; one list for all workers, or one per worker name). Returns one list per
        driver, in request order."""
        found: dict[str, list[Outcome]] = {}
        for _, outcomes in self.run_iter(requests, delete_urls=delete_urls):
            for name, outcome in outcomes.items():
                found.setdefault(name, []).append(outcome)
        return found

    def run_iter(
        self, requests: Sequence[bytes] | Mapping[str, Sequence[bytes] | SharedVim], *, delete_urls: bool = False
    ) -> Iterator[tuple[int, dict[str, Outcome]]]:
        """:meth:`run`, request by request: ``(index, {driver: outcome})`` as soon as every worker answered
        it, in order, so the caller checks one flavor's records while the workers go on with the next."""
        self.start()
        per_worker = requests if isinstance(requests, Mapping) else dict.fromkeys(self.workers, requests)
        count = len(next(iter(per_worker.values()), ()))
        outcomes, active = self._begin(count)
        head = b'{"type":"batch","delete_urls":true' if delete_urls else b'{"type":"batch"'
        ready = 0
        finished = False
        try:
            while active:
                now = time.monotonic()
                for worker in active:
                    self._feed(worker, per_worker[worker.spec.name], head)
                    self._watch_writes(worker)
                timeout = self._next_deadline(active, now)
                for key, events in self._selector.select(timeout):
                    worker, role = key.data
                    if worker in active and _current(worker, key.fileobj):
                        self._on_event(worker, role, events, outcomes=outcomes[worker.spec.name])
                self._enforce_deadlines(active, outcomes)
                active = [w for w in active if w.state == "ready" and (w.queue or w.inflight)]
                upto = _answered_upto(outcomes.values(), ready, count)
                for index in range(ready, upto):
                    yield index, {name: found[index] for name, found in outcomes.items()}  # type: ignore[misc]
                ready = upto
            missing = Outcome(fault=("crashed", "no result"))
            for index in range(ready, count):
                yield index, {name: found[index] or missing for name, found in outcomes.items()}
            finished = True
        finally:
            if not finished:
                # Abandoned half way (the caller raised): the workers still hold requests whose answers
                # would be read as the next run's. Replace them.
                for worker in active:
                    self._kill(worker)
                    self._cleanup(worker)
                    worker.state = "new"

    def _begin(self, count: int) -> tuple[dict[str, list[Outcome | None]], list[Worker]]:
        """Empty outcome lists for a run of ``count`` requests, and the workers that will answer them."""
        outcomes: dict[str, list[Outcome | None]] = {}
        active: list[Worker] = []
        for name, worker in self.workers.items():
            if worker.state == "failed":
                continue
            outcomes[name] = [None] * count
            if worker.state == "quarantined":
                reason = self._quarantine_reason(worker)
                outcomes[name] = [Outcome(fault=("quarantined", reason))] * count
                continue
            worker.queue = deque(range(count))
            worker.inflight.clear()
            worker.head_since = None
            active.append(worker)
        return outcomes, active

    def _enforce_deadlines(self, active: Sequence[Worker], outcomes: dict[str, list[Outcome | None]]) -> None:
        now = time.monotonic()
        for worker in active:
            if worker.inflight and worker.head_since is not None and now - worker.head_since > self.deadline:
                head = worker.inflight[0]
                message = f"no result within the {self.deadline:g} s deadline; the worker was killed"
                self._fail(worker, outcomes[worker.spec.name], head, "timeout", message)

    def _feed(self, worker: Worker, requests: Sequence[bytes] | SharedVim, head: bytes) -> None:
        """Queue batches while the worker has room, so it never waits for the host between requests."""
        queue, inflight = worker.queue, worker.inflight
        shared = requests if isinstance(requests, SharedVim) else None
        while queue and len(inflight) < WINDOW:
            if shared is not None and worker.protocol != "1":
                # Protocol 2: a batch of consecutive requests with one VIM view, which it carries once.
                vim = shared.vim_of[queue[0]]
                batch: list[int] = []
                while queue and len(batch) < BATCH and shared.vim_of[queue[0]] == vim:
                    batch.append(queue.popleft())
                items = b",".join(shared.requests[index] for index in batch)
                worker.outbuf += head + b',"vim":' + shared.vims[vim] + b',"requests":[' + items + b"]}\n"
            else:
                batch = [queue.popleft() for _ in range(min(BATCH, len(queue)))]
                whole = shared.whole if shared is not None else requests.__getitem__  # type: ignore[union-attr]
                worker.outbuf += head + b',"requests":[' + b",".join(whole(index) for index in batch) + b"]}\n"
            worker.marks.append((worker.written + len(worker.outbuf), batch[0]))
            inflight.extend(batch)

    def _watch_writes(self, worker: Worker) -> None:
        """Watch the worker's stdin for room exactly while there is something to write to it."""
        want = bool(worker.outbuf)
        if want == worker.watching or worker.process is None or worker.process.stdin is None:
            return
        if want:
            self._selector.register(worker.process.stdin, selectors.EVENT_WRITE, (worker, "in"))
        else:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(worker.process.stdin)
        worker.watching = want

    def _next_deadline(self, active: Sequence[Worker], now: float) -> float | None:
        due = [w.head_since + self.deadline - now for w in active if w.inflight and w.head_since is not None]
        return max(min(due), 0.0) + 0.001 if due else 1.0

    def _on_event(
        self,
        worker: Worker,
        role: str,
        events: int,
        *,
        handshake: bool = False,
        outcomes: list[Outcome | None] | None = None,
    ) -> bool:
        """Handle one readiness event; True when a handshake completed (or failed for good)."""
        del events  # one role per registration: readable for out/err, writable for in
        process = worker.process
        if process is None:
            return handshake
        if role == "in":
            self._write(worker)
            return False
        stream = process.stdout if role == "out" else process.stderr
        try:
            chunk = os.read(stream.fileno(), _READ)  # type: ignore[union-attr]
        except BlockingIOError:
            return False
        except OSError:
            chunk = b""
        if role == "err":
            if chunk:
                self._stderr(worker, chunk)
            else:
                self._selector.unregister(stream)  # type: ignore[arg-type]
            return False
        if not chunk:
            return self._died(worker, outcomes, handshake)
        worker.inbuf += chunk
        return self._lines(worker, outcomes, handshake)

    def _lines(self, worker: Worker, outcomes: list[Outcome | None] | None, handshake: bool) -> bool:
        """Every complete line of the worker's stdout: its hello, or its results in order."""
        buffer = worker.inbuf
        if buffer.find(b"\n") < 0:
            too_long = len(buffer) > MAX_LINE
            return too_long and self._violation(worker, outcomes, handshake, "sent a line longer than 1 MiB")
        *lines, rest = bytes(buffer).split(b"\n")
        worker.inbuf = bytearray(rest)
        seen = worker.seen
        inflight = worker.inflight
        known_ones = not handshake and outcomes is not None
        for index, line in enumerate(lines):
            if known_ones and inflight:
                # A result whose bytes after the head's id this worker sent before: reuse that parse.
                head = inflight[0]
                prefix = b'{"type":"result","id":"%d",' % head
                if line.startswith(prefix):
                    known = seen.get(line[len(prefix) :])
                    if known is not None:
                        outcomes[head] = known  # type: ignore[index]
                        inflight.popleft()
                        continue
            if len(line) > MAX_LINE:
                return self._violation(worker, outcomes, handshake, "sent a line longer than 1 MiB")
            try:
                message = orjson.loads(line)
            except orjson.JSONDecodeError:
                return self._violation(worker, outcomes, handshake, f"sent a line that is not JSON: {line[:80]!r}")
            if handshake:
                # Whatever followed the hello in this read is kept for the loop that reads results.
                worker.inbuf = bytearray(b"".join(later + b"\n" for later in lines[index + 1 :]) + rest)
                return self._hello(worker, message)
            if not self._result(worker, message, outcomes, line):
                return False
        if known_ones:
            # The lines of one read arrived together: the new head's time starts now.
            worker.head_since = time.monotonic() if inflight and worker.written_past(inflight[0]) else None
        return False

    def _write(self, worker: Worker) -> None:
        assert worker.process is not None  # noqa: S101 - only registered while running
        assert worker.process.stdin is not None  # noqa: S101
        try:
            sent = os.write(worker.process.stdin.fileno(), worker.outbuf)
        except BlockingIOError:
            return
        except OSError:
            # The worker is gone; its stdout EOF tells the rest.
            worker.outbuf.clear()
            self._watch_writes(worker)
            return
        del worker.outbuf[:sent]
        worker.written += sent
        while worker.marks and worker.marks[0][0] <= worker.written:
            worker.marks.popleft()
        if worker.head_since is None and worker.inflight and worker.written_past(worker.inflight[0]):
            worker.head_since = time.monotonic()  # the head request is now all the worker's
        self._watch_writes(worker)

    def _stderr(self, worker: Worker, chunk: bytes) -> None:
        worker.errbuf += chunk
        *lines, rest = bytes(worker.errbuf).split(b"\n")
        worker.errbuf = bytearray(rest[-_LOG_LINE:])
        for raw in lines:
            text = self._scrub(raw[:_LOG_LINE].decode("utf-8", "replace").rstrip("\r"))
            first, worker.fresh = worker.fresh, False  # only a start's first line can be the report
            if first and text.startswith(REPORT_PREFIX):
                try:
                    worker.protections = orjson.loads(text[len(REPORT_PREFIX) :])
                    continue
                except orjson.JSONDecodeError:
                    pass
            worker.tail.append(text)
            worker.logged += 1
            if worker.logged <= _LOG_BUDGET:
                self._log(worker.spec.name, text)
            elif worker.logged == _LOG_BUDGET + 1:
                self._log(worker.spec.name, f"(more than {_LOG_BUDGET} lines of output; the rest is not logged)")

    # -- outcomes ---------------------------------------------------------------------------

    def _hello(self, worker: Worker, message: Any) -> bool:
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "hello" and message.get("protocol") in PROTOCOLS and isinstance(message.get("driver"), dict):
            worker.protocol = message["protocol"]
            worker.driver = message["driver"]
            worker.state = "ready"
            return True
        if kind == "fatal":
            worker.state = "incompatible" if message.get("kind") == "incompatible" else "failed"
            worker.error = self._scrub(str(message.get("message", ""))[:1000])
            worker.driver = {"contract": str(message.get("contract", ""))}
        else:
            worker.state, worker.error = "failed", f"answered the protocol hello with {str(message)[:200]}"
        self._kill(worker)
        return True

    @staticmethod
    def _answered(worker: Worker) -> None:
        inflight = worker.inflight
        inflight.popleft()
        worker.head_since = time.monotonic() if inflight and worker.written_past(inflight[0]) else None

    def _result(self, worker: Worker, message: Any, outcomes: list[Outcome | None] | None, line: bytes = b"") -> bool:
        """Store one result; False (after a violation) when the rest of the buffer must be dropped."""
        if outcomes is None or not worker.inflight:
            return self._violation(worker, outcomes, False, "sent a message nobody asked for")
        head = worker.inflight[0]
        if (
            type(message) is not dict
            or message.get("type") != "result"
            or message.get("id") != str(head)
            or type(message.get("records")) is not list
            or type(message.get("errors")) is not list
        ):
            return self._violation(worker, outcomes, False, f"answered request {head} with {str(message)[:200]}")
        outcome = Outcome(result=message)
        if not message.get("delete_urls") and not message.get("delete_urls_error"):
            # Written in the SDK workers' field order: remember it by its bytes after the id (same bytes,
            # same message).
            prefix = b'{"type":"result","id":"%d",' % head
            if line.startswith(prefix):
                if len(worker.seen) >= _SEEN:
                    worker.seen.clear()
                outcome = Outcome(result=message, key=line[len(prefix) :])
                worker.seen[outcome.key] = outcome
        outcomes[head] = outcome
        self._answered(worker)
        return True

    def _violation(self, worker: Worker, outcomes: list[Outcome | None] | None, handshake: bool, what: str) -> bool:
        if handshake:
            worker.state, worker.error = "failed", f"broke the protocol at start-up: it {what}"
            self._kill(worker)
            return True
        if worker.inflight and outcomes is not None:
            self._fail(worker, outcomes, worker.inflight[0], "invalid-output", f"the worker {what}; it was killed")
        else:
            self._kill(worker)
        return False

    def _died(self, worker: Worker, outcomes: list[Outcome | None] | None, handshake: bool) -> bool:
        # Its stdout is closed. Usually it exited; one that closed the channel and lives on is killed now,
        # not waited for: waiting would stall every other worker's loop.
        alive = False
        if worker.process is not None:
            try:
                worker.process.wait(timeout=_EXIT_GRACE)  # a dying process closes its pipes just before
            except subprocess.TimeoutExpired:
                alive = True
        self._kill(worker)
        status = worker.process.returncode if worker.process is not None else None
        detail = "closed its protocol channel and was killed" if alive else _describe_exit(status)
        if handshake:
            worker.state = "failed"
            worker.error = worker.error or f"the worker {detail} before its hello" + self._tail(worker)
            return True
        if worker.inflight and outcomes is not None:
            self._fail(worker, outcomes, worker.inflight[0], "crashed", f"the worker {detail}", reaped=True)
        elif worker.state == "ready":
            self._restart(worker, outcomes)
        return False

    def _fail(
        self,
        worker: Worker,
        outcomes: list[Outcome | None],
        head: int,
        kind: str,
        message: str,
        *,
        reaped: bool = False,
    ) -> None:
        """The head request's fault; kill, count a strike, then replace the worker or quarantine it."""
        if not reaped:
            self._kill(worker)
        outcomes[head] = Outcome(fault=(kind, message + self._tail(worker)))
        worker.inflight.popleft()
        worker.strikes += 1
        self._restart(worker, outcomes)

    def _restart(self, worker: Worker, outcomes: list[Outcome | None] | None) -> None:
        rest = list(worker.inflight) + list(worker.queue)
        worker.inflight.clear()
        worker.queue = deque(rest)
        worker.head_since = None
        self._cleanup(worker)
        if worker.strikes >= STRIKES:
            worker.state = "quarantined"
            if outcomes is not None:
                for index in rest:
                    outcomes[index] = Outcome(fault=("quarantined", self._quarantine_reason(worker)))
            worker.queue.clear()
            return
        worker.state = "new"
        self._spawn(worker)
        # A replacement gets what a request gets (the deadline, at least a few seconds for a loaded machine),
        # not the first start's allowance: a driver slow to import must not buy time by crashing.
        self._handshake([worker], timeout=max(self.deadline, RESTART_HELLO))
        # The restart held up the loop: other workers' heads get their full deadline again.
        for other in self.workers.values():
            if other.head_since is not None:
                other.head_since = time.monotonic()
        if worker.state != "ready":
            worker.strikes = STRIKES
            self._restart(worker, outcomes)

    @staticmethod
    def _quarantine_reason(worker: Worker) -> str:
        return f"the worker crashed, hung or broke the protocol {worker.strikes} times; quarantined for this run"

    def _tail(self, worker: Worker) -> str:
        lines = [line for line in worker.tail if line]
        return f"; its last output: {' | '.join(lines[-3:])[-600:]}" if lines else ""

    # -- stopping ---------------------------------------------------------------------------

    def _kill(self, worker: Worker) -> None:
        if worker.process is not None and worker.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                worker.process.kill()
        self._reap(worker)

    def _reap(self, worker: Worker) -> int | None:
        process = worker.process
        if process is None:
            return None
        self._unregister(worker)
        try:
            status = process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL'd processes exit
            process.kill()
            status = process.wait()
        # Whatever it printed last (a traceback, a fatal error) is part of the story.
        try:
            rest = process.stderr.read() if process.stderr else b""  # type: ignore[union-attr]
        except (OSError, ValueError):
            rest = b""
        if rest:
            self._stderr(worker, rest + b"\n")
        for stream in (process.stdin, process.stdout, process.stderr):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        return status

    def _cleanup(self, worker: Worker) -> None:
        if worker.workdir:
            shutil.rmtree(worker.workdir, ignore_errors=True)
            worker.workdir = ""

    def close(self) -> None:
        """Stop every worker: EOF on stdin first (a clean exit), then SIGKILL what lingers."""
        for worker in self.workers.values():
            process = worker.process
            if process is not None and process.poll() is None and process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
        for worker in self.workers.values():
            process = worker.process
            if process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=1)
                self._kill(worker)
            self._cleanup(worker)
            if worker.state == "ready":
                worker.state = "new"
        self._selector.close()
        self._selector = selectors.DefaultSelector()


def _answered_upto(lists: Iterable[list[Outcome | None]], start: int, count: int) -> int:
    """The first request from ``start`` on that some worker has not answered yet (``count``: none)."""
    upto = count
    for found in lists:
        if upto <= start:
            break
        with contextlib.suppress(ValueError):
            upto = found.index(None, start, upto)  # outcomes compare by identity: a scan in C
    return upto


def _current(worker: Worker, stream: object) -> bool:
    """True when ``stream`` is one of the worker's live process's pipes: an event gathered in the same
    select as the one that killed and replaced the process refers to the old pipes."""
    process = worker.process
    return (
        process is not None
        and stream in (process.stdout, process.stderr, process.stdin)
        and not getattr(stream, "closed", True)
    )


def _describe_exit(status: int | None) -> str:
    if status is None:
        return "stopped"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"was killed by {name}" + (" (out of memory or a fault in native code)" if name == "SIGKILL" else "")
    return f"exited with status {status}"
