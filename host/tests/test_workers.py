"""The worker pool against a real protocol worker process that misbehaves on purpose (``workers/fake_worker.py``).

Each test starts real, sandboxed processes: faults are enforced by the parent (kill on deadline, crash
attribution to the request the worker was on, quarantine), never by the worker's good will.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from onap_hpa import DiscoveryRequest
from onap_hpa.worker.wire import request_to_wire
from onap_hpa_host import secrets
from onap_hpa_host._json import orjson
from onap_hpa_host.workers import config
from onap_hpa_host.workers import pool as pool_module
from onap_hpa_host.workers.forked import ForkedProcess
from onap_hpa_host.workers.pool import STRIKES, Outcome, WorkerPool, WorkerSpec
from onap_hpa_host.workers.sandbox import SandboxPolicy

FAKE = Path(__file__).parent / "workers" / "fake_worker.py"
VIM = {"cloud_owner": "CloudOwner", "cloud_region_id": "RegionOne", "type": "openstack"}


def _policy(workdir: str, spec: WorkerSpec) -> SandboxPolicy:
    base = config.policy_for(workdir, spec)
    return replace(base, read_paths=(*base.read_paths, str(FAKE.parent)))


class Run:
    def __init__(self, mode: str, target: str = "", *, deadline: float = 1.0, startup: float = 20.0) -> None:
        self.lines: list[str] = []
        spec = WorkerSpec("fake", ("exec", sys.executable, "-I", str(FAKE), mode, target))
        self.pool = WorkerPool(
            [spec],
            deadline=deadline,
            policy=_policy,
            env=config.worker_env,
            log=lambda driver, line: self.lines.append(f"{driver}: {line}"),
            scrub=secrets.scrub,
            startup_timeout=startup,
        )
        self.worker = self.pool.workers["fake"]

    def __call__(self, count: int = 10) -> list[Outcome]:
        requests = [
            orjson.dumps(request_to_wire(DiscoveryRequest.build(_flavor(f"f{i}"), {}, VIM), str(i)))
            for i in range(count)
        ]
        return self.pool.run(requests).get("fake", [])


def _flavor(flavor_id: str) -> dict[str, object]:
    return {"id": flavor_id, "name": f"onap.{flavor_id}", "vcpus": 2, "ram": 2048, "disk": 10}


@pytest.fixture
def run() -> Iterator[type[Run]]:
    started: list[Run] = []

    class Tracked(Run):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self)

    yield Tracked
    for each in started:
        each.pool.close()


def kinds(outcomes: list[Outcome]) -> list[str]:
    return [outcome.fault[0] if outcome.fault else "ok" for outcome in outcomes]


def test_a_well_behaved_worker_answers_every_request_in_order(run: type[Run]) -> None:
    fake = run("ok")
    outcomes = fake()
    assert kinds(outcomes) == ["ok"] * 10
    assert all(o.result and o.result["records"][0]["hpa-feature"] == "cpuPinning" for o in outcomes)
    # The same answer twice is parsed once: every flavor shares the first one's parse.
    assert len({id(o.result) for o in outcomes}) == 1
    assert fake.worker.starts == 1
    assert "seccomp" in fake.worker.protections["active"]
    assert any("working on f9" in line for line in fake.lines)  # its stderr is the host's log


def test_a_hang_costs_one_deadline_and_that_flavor_only(run: type[Run]) -> None:
    fake = run("hang", "f3", deadline=1.0)
    started = time.monotonic()
    outcomes = fake()
    elapsed = time.monotonic() - started
    assert kinds(outcomes) == ["ok"] * 3 + ["timeout"] + ["ok"] * 6
    assert "1 s deadline" in outcomes[3].fault[1]
    assert fake.worker.starts == 2  # killed and replaced
    assert elapsed < 1.0 + 5.0


@pytest.mark.parametrize(
    ("mode", "kind", "words"),
    [
        ("crash", "crashed", "exited with status 3"),
        ("segv", "crashed", "killed by SIGSEGV"),
        ("garbage", "invalid-output", "not JSON"),
        ("wrong-id", "invalid-output", "answered request 3"),
        ("huge", "invalid-output", "longer than 1 MiB"),
    ],
)
def test_a_dead_or_lying_worker_costs_the_flavor_it_was_on(run: type[Run], mode: str, kind: str, words: str) -> None:
    fake = run(mode, "f3")
    outcomes = fake()
    assert kinds(outcomes) == ["ok"] * 3 + [kind] + ["ok"] * 6
    assert words in outcomes[3].fault[1]
    if kind == "crashed":
        assert "working on f3" in outcomes[3].fault[1]  # the worker's last words are in the fault


def test_a_worker_that_keeps_crashing_is_quarantined(run: type[Run]) -> None:
    fake = run("crash", "*")
    outcomes = fake()
    assert kinds(outcomes) == ["crashed"] * STRIKES + ["quarantined"] * (10 - STRIKES)
    assert fake.worker.starts == STRIKES  # no restart storm
    assert kinds(fake(4)) == ["quarantined"] * 4  # for the rest of the run


def test_what_a_worker_prints_goes_to_the_log_never_into_results(run: type[Run]) -> None:
    fake = run("noisy", "*")
    assert kinds(fake()) == ["ok"] * 10
    assert any(line.endswith("stdout noise") for line in fake.lines)


def test_a_worker_that_never_says_hello_is_failed_not_waited_for(run: type[Run]) -> None:
    fake = run("slow-hello", startup=1.0)
    started = time.monotonic()
    assert fake() == []
    assert time.monotonic() - started < 5
    assert fake.worker.state == "failed"
    assert "no hello within 1 s" in fake.worker.error


def test_a_worker_that_cannot_load_says_why(run: type[Run]) -> None:
    fake = run("fatal")
    assert fake() == []
    assert (fake.worker.state, fake.worker.error) == ("failed", "import of 'nowhere' failed")


def test_the_worker_environment_is_an_allowlist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OS_PASSWORD", "s3cr3t")
    monkeypatch.setenv("ONAP_HPA_WORKER_ENV", "LD_LIBRARY_PATH")
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/vendor/lib")
    env = config.worker_env("/tmp/w")
    assert env == {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "HOME": "/tmp/w",
        "TMPDIR": "/tmp/w",
        "LD_LIBRARY_PATH": "/opt/vendor/lib",
    }
    monkeypatch.setenv("ONAP_HPA_WORKER_ENV", "OS_PASSWORD")
    with pytest.raises(ValueError, match="OS_PASSWORD"):
        config.worker_env("/tmp/w")


def test_a_run_abandoned_half_way_leaves_no_stale_answers(run: type[Run]) -> None:
    fake = run("ok")
    requests = [
        orjson.dumps(request_to_wire(DiscoveryRequest.build(_flavor(f"f{i}"), {}, VIM), str(i))) for i in range(200)
    ]
    partial = fake.pool.run_iter(requests)
    assert [next(partial)[0] for _ in range(2)] == [0, 1]
    partial.close()  # the caller stopped: the worker still holds 198 requests
    assert kinds(fake(5)) == ["ok"] * 5  # answers of this run only, from a new worker
    assert fake.worker.starts == 2


# -- workers started together: one zygote -------------------------------------------------------------

_DRIVERS = {"compute-pci": "onap_device_driver_compute.plugin:pci", "ovs-dpdk": "onap_device_driver_ovs_dpdk.plugin"}


def _python_pool(**options: object) -> WorkerPool:
    specs = [WorkerSpec(name, ("python", name, value, "")) for name, value in _DRIVERS.items()]
    return WorkerPool(
        specs,
        deadline=5.0,
        policy=config.policy_for,
        env=config.worker_env,
        log=lambda driver, line: None,
        scrub=secrets.scrub,
        **options,  # type: ignore[arg-type]
    )


def _requests(count: int) -> list[bytes]:
    return [
        orjson.dumps(request_to_wire(DiscoveryRequest.build(_flavor(f"f{i}"), {}, VIM), str(i))) for i in range(count)
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="the zygote forks on Linux only")
def test_python_workers_started_together_come_from_one_zygote_and_are_killed_and_reaped_as_any() -> None:
    pool = _python_pool()
    try:
        pool.start()
        workers = list(pool.workers.values())
        assert all(isinstance(worker.process, ForkedProcess) for worker in workers)
        assert all(worker.state == "ready" and "seccomp" in worker.protections["active"] for worker in workers)
        assert len({worker.process.pid for worker in workers if worker.process}) == len(workers)
        found = pool.run(_requests(20))
        assert sorted(found) == sorted(_DRIVERS)
        assert all(outcome.fault is None for outcomes in found.values() for outcome in outcomes)
        # A forked worker's exit status reaches the host as a child's would: killed, then reaped.
        victim = pool.workers["ovs-dpdk"]
        process = victim.process
        assert process is not None
        pool._kill(victim)
        assert process.returncode == -signal.SIGKILL
        # The other one goes on; the killed one is started again, on its own, when next needed.
        victim.state = "new"
        found = pool.run(_requests(3))
        assert all(outcome.fault is None for outcomes in found.values() for outcome in outcomes)
        assert victim.starts == 2
        assert not isinstance(victim.process, ForkedProcess)
    finally:
        pool.close()


def test_workers_start_on_their_own_when_the_zygote_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "start_forked", lambda workers, env: [None] * len(workers))
    pool = _python_pool()
    try:
        pool.start()
        assert all(worker.state == "ready" and worker.starts == 1 for worker in pool.workers.values())
        assert not any(isinstance(worker.process, ForkedProcess) for worker in pool.workers.values())
    finally:
        pool.close()
