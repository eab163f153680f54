"""Hostile drivers through ``onap-hpa sync`` (issue 10, first "Must show").

Every hostile behaviour of ``tests/hostile_drivers/`` is installed as a real wheel next to every monorepo
driver in one fresh venv, and run by ``onap-hpa sync --json -vv`` (a subprocess of that venv) against the
replay servers, with canary credentials in its environment as the CronJob sets them: the Keystone and
AAI passwords the replay servers require, the VES collector's (a capturing collector here, which
requires it too) and a ``SOME_API_TOKEN`` nothing uses. For each behaviour:

(a) AAI holds exactly what a sync with only the real drivers writes, plus nothing but the hostile
    driver's own ``hostileProbe`` records where it returned well-formed ones;
(b) no canary, in any disguise (plain, reversed, base64 at every alignment, hex), in AAI, the sync's
    stdout and stderr (its logs, at debug level), the alarm state file or the VES events;
(c) one fault per affected flavor, of the kind the behaviour must cost, naming driver and flavor;
(d) the wall time stays within the deadline times the affected flavors (and, with quarantine after
    three strikes, within the deadline times the timeouts) plus a constant;
(e) exit status 0 and the summary of a sync whose only trouble is one faulty driver, with its alarm.

The expected AAI state is the harness's oracle (:func:`onap_hpa_harness.expected.expected_document`)
with a ``Host`` restricted to the real drivers, computed in the same venv. It never starts a hostile
driver and never runs the sync's code path, so a hostile driver can influence neither; a clean sync
without any hostile driver must reach exactly that state first (``baseline``), so any difference in a
hostile run is the hostile driver's doing. The baseline also gives the faults of the real drivers
(bad-input on the region's malformed flavors) and the time a sync takes here.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final

import pytest

from onap_hpa.ids import capability_id
from onap_hpa_harness.fixtures import Region, default_region
from onap_hpa_harness.replay import ReplayServers

from .conftest import REPO, uv

pytestmark = pytest.mark.integration

HOSTILE_DIR: Final = REPO / "tests" / "hostile_drivers"
GROUP: Final = "onap.hpa.drivers"
DEADLINE: Final = 2.0
STRIKES: Final = 3  # onap_hpa_host.workers.pool.STRIKES
WORKER_MEMORY_MB: Final = 256  # the sandbox's default worker memory limit
#: What a sync may take beyond its clean run and the deadlines it waits out: two worker restarts
#: (about a second each on this 2-core machine) and scheduling noise.
SLACK: Final = 6.0
PROBE: Final = "hostileProbe"
#: What a worker's environment may hold (onap_hpa_host.workers.config.worker_env).
WORKER_ENV: Final = {"PATH", "LANG", "LC_ALL", "TZ", "HOME", "TMPDIR"}
#: Summary counts of flavor outcomes: a hostile driver must not change one.
FLAVOR_COUNTS: Final = ("flavors_seen", "discovered", "created", "updated", "deleted", "unchanged", "skipped", "failed")
_PASSWORD_ENV: Final = ("OS_PASSWORD", "ONAP_HPA_AAI_PASSWORD", "ONAP_HPA_VES_PASSWORD", "SOME_API_TOKEN")


def _entry_points(distribution: Path) -> list[str]:
    project = tomllib.loads((distribution / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return sorted(project["entry-points"][GROUP])


REAL_DISTRIBUTIONS: Final = sorted(path.parent for path in REPO.glob("packages/*/pyproject.toml"))
REAL_DRIVERS: Final = sorted(name for path in REAL_DISTRIBUTIONS for name in _entry_points(path))
HOSTILE_DRIVERS: Final = _entry_points(HOSTILE_DIR / "onap-device-driver-hostile")
#: One canary per credential the sync holds; letters and digits only, so no encoding changes them.
CANARIES: Final = {name: f"canary{name.lower().replace('_', '')}{secrets.token_hex(10)}" for name in _PASSWORD_ENV}


# -- what a secret looks like in disguise -----------------------------------------------------------


def _disguises(secret: str) -> set[str]:
    """``secret`` as text, reversed, in hex, and the part of its base64 (standard and URL-safe) that
    does not depend on what surrounds it, at each of the three byte alignments it can have."""
    raw = secret.encode()
    forms = {secret, secret[::-1], raw.hex(), raw.hex().upper()}
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw + b"\0\0").decode()
        core = encoded[4 if offset else 0 : -4]  # drop the groups the surrounding bytes share
        forms.update({core, core.replace("+", "-").replace("/", "_")})
    return forms


DISGUISES: Final = {name: _disguises(value) for name, value in CANARIES.items()}


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, and the strings inside strings that are JSON themselves
    (AAI attribute values are), so an escape like ``\\u0063`` hides nothing."""
    if isinstance(value, str):
        yield value
        if value[:1] in '{["':
            with contextlib.suppress(ValueError):
                yield from _strings(json.loads(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _leaks(secrets_: dict[str, set[str]] | None = None, **places: str) -> list[str]:
    """``"<secret> in <place>"`` for every canary (or other secret of ``secrets_``) found in any disguise."""
    return [
        f"{name} in {place}"
        for place, text in places.items()
        for name, forms in (secrets_ or DISGUISES).items()
        if any(form in text for form in forms)
    ]


# -- a VES collector that keeps what it is sent -----------------------------------------------------


class _Collector(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, user: str, password: str) -> None:
        self.expected_auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.events: list[str] = []
        self.refused = 0
        super().__init__(("127.0.0.1", 0), _CollectorHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/eventListener/v7"


class _CollectorHandler(BaseHTTPRequestHandler):
    server: _Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        if self.headers.get("Authorization") == self.server.expected_auth:
            self.server.events.append(body)
            self.send_response(202)
        else:
            self.server.refused += 1
            self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        del format, args


@contextlib.contextmanager
def _collector() -> Iterator[_Collector]:
    server = _Collector("ves-user", CANARIES["ONAP_HPA_VES_PASSWORD"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- one sync ---------------------------------------------------------------------------------------


def _region() -> Region:
    """The bundled default region, its Keystone password the OS_PASSWORD canary."""
    region = default_region()
    return dataclasses.replace(region, viminfo={**region.viminfo, "password": CANARIES["OS_PASSWORD"]})


REGION: Final = _region()
#: The flavors a sync runs drivers on: public (Nova's default listing) and named onap.*.
AFFECTED: Final = sorted(
    str(flavor["id"])
    for flavor in REGION.flavors
    if str(flavor.get("name", "")).startswith("onap.") and flavor.get("os-flavor-access:is_public", True) is True
)
ALARM_KEY: Final = "\0".join((REGION.cloud_owner, REGION.cloud_region_id, "{}"))


@dataclass(frozen=True)
class Run:
    """What one ``onap-hpa sync --json -vv`` did and left behind."""

    returncode: int
    stdout: str
    stderr: str
    wall: float
    aai: dict[str, Any]
    aai_requests: list[tuple[str, str, int]]
    alarm_state: str
    ves_events: list[str]
    ves_refused: int
    keystone_tokens: frozenset[str]  #: every token the replay Keystone issued to the sync: secrets too

    @property
    def summary(self) -> dict[str, Any]:
        return json.loads(self.stdout)

    def faults(self, driver: str) -> list[dict[str, str]]:
        return [fault for fault in self.summary["faults"] if fault["driver"] == driver]

    def alarm(self, driver: str) -> dict[str, Any]:
        return json.loads(self.alarm_state)[ALARM_KEY.format(driver)]

    def raised_alarms(self, driver: str) -> list[dict[str, Any]]:
        events = [json.loads(body)["event"] for body in self.ves_events]
        return [
            event
            for event in events
            if event["commonEventHeader"]["sourceName"] == driver and event["faultFields"]["eventSeverity"] == "MAJOR"
        ]


def _capabilities(aai: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for region in aai["cloud-region"]:
        for flavor in (region.get("flavors") or {}).get("flavor", []):
            for cap in (flavor.get("hpa-capabilities") or {}).get("hpa-capability", []):
                yield flavor["flavor-id"], cap


def _without_probes(aai: dict[str, Any]) -> dict[str, Any]:
    """``aai`` without the hostile drivers' own feature (no flavor left with an empty list either)."""
    copy = json.loads(json.dumps(aai))
    for region in copy["cloud-region"]:
        for flavor in (region.get("flavors") or {}).get("flavor", []):
            caps = flavor.get("hpa-capabilities")
            if caps is None:
                continue
            kept = [cap for cap in caps.get("hpa-capability", []) if cap.get("hpa-feature") != PROBE]
            if kept:
                caps["hpa-capability"] = kept
            else:
                del flavor["hpa-capabilities"]
    return copy


def _clean_env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ONAP_HPA_", "PYTHON"))}
    base.pop("SOME_API_TOKEN", None)
    return {**base, **extra}


def _sync(bin_dir: Path, drivers: list[str], workdir: Path, **extra_env: str) -> Run:
    """``onap-hpa sync --json -vv`` of the canary region with ``drivers`` enabled, from scratch."""
    workdir.mkdir(parents=True, exist_ok=True)
    state = workdir / "alarms.json"
    with _collector() as ves, ReplayServers.start(REGION, aai_password=CANARIES["ONAP_HPA_AAI_PASSWORD"]) as servers:
        env = _clean_env(
            **{**servers.env, **CANARIES},
            ONAP_HPA_DRIVERS=",".join(drivers),
            ONAP_HPA_DRIVER_TIMEOUT=f"{DEADLINE:g}",
            ONAP_HPA_ALARM_STATE=str(state),
            ONAP_HPA_VES_URL=ves.url,
            ONAP_HPA_VES_USER="ves-user",
            **extra_env,
        )
        assert servers.env["OS_PASSWORD"] == CANARIES["OS_PASSWORD"]  # what Keystone requires
        assert servers.env["ONAP_HPA_AAI_PASSWORD"] == CANARIES["ONAP_HPA_AAI_PASSWORD"]  # what AAI requires
        start = time.monotonic()
        done = subprocess.run(
            [str(bin_dir / "onap-hpa"), "sync", "--json", "-vv"],
            env=env,
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        wall = time.monotonic() - start
        aai, requests = servers.aai.dump(), list(servers.aai.requests)
        tokens = frozenset(servers.nova._tokens)  # the harness keeps them private: read, never changed
    beyond = ", ".join(name for name in drivers if name not in REAL_DRIVERS) or "the real drivers only"
    print(f"sync with {beyond} ({workdir.name}): exit {done.returncode}, {wall:.2f} s")  # shown on failure
    return Run(
        returncode=done.returncode,
        stdout=done.stdout,
        stderr=done.stderr,
        wall=wall,
        aai=aai,
        aai_requests=requests,
        alarm_state=state.read_text(encoding="utf-8") if state.exists() else "",
        ves_events=list(ves.events),
        ves_refused=ves.refused,
        keystone_tokens=tokens,
    )


# -- fixtures: one venv for the module, the oracle, the clean run -----------------------------------


@dataclass(frozen=True)
class Installed:
    bin: Path  #: sdk, host, harness, every packages/* driver and the hostile distribution
    impostor_bin: Path  #: the same without the hostile distribution, with the sriov-nic impostor
    tmp: Path


def _venv(path: Path, wheels: list[Path]) -> Path:
    uv("venv", "--quiet", "-p", sys.executable, str(path))
    uv("pip", "install", "--quiet", "-p", str(path / "bin" / "python"), *map(str, wheels))
    return path / "bin"


@pytest.fixture(scope="module")
def installed(build_wheel: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = [build_wheel(path) for path in ("sdk", "host", "harness")]
    base += [build_wheel(str(path.relative_to(REPO))) for path in REAL_DISTRIBUTIONS]
    hostile = build_wheel("tests/hostile_drivers/onap-device-driver-hostile")
    impostor = build_wheel("tests/hostile_drivers/onap-device-driver-sriov-impostor")
    tmp = tmp_path_factory.mktemp("hostile")
    return Installed(_venv(tmp / "venv", [*base, hostile]), _venv(tmp / "impostor-venv", [*base, impostor]), tmp)


_ORACLE: Final = """
import json, sys
from onap_hpa_harness.expected import expected_document
from onap_hpa_harness.fixtures import default_region
from onap_hpa_host import Host

documents = {}
for key, names in json.loads(sys.argv[1]).items():
    with Host(only=names) as host:
        loaded = sorted(d.name for d in host.drivers if d.status == "loaded")
        assert loaded == sorted(names), [(d.name, d.status, d.error) for d in host.drivers]
        document = expected_document(default_region(), host)
    documents[key] = {"cloud-region": document["cloud-region"]}
print(json.dumps(documents))
"""


@pytest.fixture(scope="module")
def oracle(installed: Installed) -> dict[str, dict[str, Any]]:
    """The AAI state after a sync with only the real drivers (``real``), and without sriov-nic (``no-sriov``)."""
    wanted = {"real": REAL_DRIVERS, "no-sriov": [name for name in REAL_DRIVERS if name != "sriov-nic"]}
    done = subprocess.run(
        [str(installed.bin / "python"), "-c", _ORACLE, json.dumps(wanted)],
        env=_clean_env(),
        cwd=installed.tmp,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def baseline(installed: Installed, oracle: dict[str, dict[str, Any]]) -> Run:
    """A sync with the real drivers only: it reaches the oracle's state, leaks nothing."""
    run = _sync(installed.bin, REAL_DRIVERS, installed.tmp / "baseline")
    assert run.returncode == 0, run.stderr
    assert run.aai == oracle["real"]
    assert not _leaks(stdout=run.stdout, stderr=run.stderr, aai=json.dumps(run.aai), alarms=run.alarm_state)
    assert run.summary["failed"] == 0
    assert all(fault["driver"] in REAL_DRIVERS for fault in run.summary["faults"])
    return run


# -- the checks every hostile run passes ------------------------------------------------------------


def _assert_nothing_leaked(run: Run) -> None:
    assert run.keystone_tokens  # the sync logged in: the token is one more secret it held
    secrets_ = {**DISGUISES, **{f"keystone token {token}": _disguises(token) for token in run.keystone_tokens}}
    leaks = _leaks(
        secrets_,
        aai="\n".join(_strings(run.aai)),
        stdout=run.stdout,
        stderr=run.stderr,
        alarm_state=run.alarm_state,
        ves_events="\n".join(run.ves_events),
    )
    assert not leaks, leaks
    assert run.ves_refused == 0  # the collector got the VES password: it was in play, and kept out of sight


def _assert_the_summary_of_a_driver_fault(run: Run, baseline: Run, driver: str, *, loaded: bool = True) -> None:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    summary = run.summary
    assert run.stdout == json.dumps(summary) + "\n"  # one line: the summary, nothing else on stdout
    assert {key: summary[key] for key in FLAVOR_COUNTS} == {key: baseline.summary[key] for key in FLAVOR_COUNTS}
    others = [fault for fault in summary["faults"] if fault["driver"] != driver]
    assert Counter(map(json.dumps, others)) == Counter(map(json.dumps, baseline.summary["faults"]))
    statuses = {name: status for name, status in summary["drivers"].items() if name in REAL_DRIVERS}
    expected = {name: status for name, status in baseline.summary["drivers"].items() if name in REAL_DRIVERS}
    if driver in REAL_DRIVERS:
        expected[driver] = statuses[driver]  # the impostor's victim: checked by its test
    assert statuses == expected
    others = {name: status for name, status in summary["drivers"].items() if name in HOSTILE_DRIVERS}
    assert all(status == "blocked" for name, status in others.items() if name != driver), others  # never started
    assert (summary["drivers"][driver] == "loaded") is loaded


def _assert_alarm(run: Run, driver: str, faulted: set[str]) -> None:
    """The alarm state holds exactly the faulted flavors of the driver; a raise went to VES if any."""
    assert set(run.alarm(driver)["flavors"]) == faulted
    raised = run.raised_alarms(driver)
    assert bool(raised) == bool(faulted), raised
    for event in raised:
        assert event["faultFields"]["alarmAdditionalInformation"]["driver"] == driver


def _assert_within_the_deadlines(run: Run, baseline: Run, timeouts: int, startup: float = 0.0) -> None:
    """(d): the deadline times the affected flavors, and with quarantine the deadline times the timeouts."""
    base = baseline.wall + startup + SLACK
    assert run.wall <= base + DEADLINE * len(AFFECTED), run.wall
    assert run.wall <= base + DEADLINE * timeouts, (run.wall, timeouts)
    assert run.wall >= DEADLINE * timeouts  # every timeout waited out the deadline, no more, no less


def _probe_records(run: Run, driver: str) -> dict[str, list[dict[str, Any]]]:
    """The hostile feature's records per flavor, checked to carry the ids the host gives ``driver``."""
    found: dict[str, list[dict[str, Any]]] = {}
    for flavor_id, cap in _capabilities(run.aai):
        if cap.get("hpa-feature") == PROBE:
            found.setdefault(flavor_id, []).append(cap)
    for flavor_id, caps in found.items():
        expected = [
            capability_id(REGION.cloud_owner, REGION.cloud_region_id, flavor_id, driver, PROBE, ordinal)
            for ordinal in range(len(caps))
        ]
        assert sorted(cap["hpa-capability-id"] for cap in caps) == sorted(expected)
    return found


def _found(cap: dict[str, Any]) -> str:
    """The ``found`` attribute of a ``hostileProbe`` record."""
    (attribute,) = cap["hpa-feature-attributes"]
    assert attribute["hpa-attribute-key"] == "found"
    return json.loads(attribute["hpa-attribute-value"])["value"]


# -- the hostile behaviours -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """What one hostile driver must cost: ``kinds`` on every flavor it runs on (a kill: three strikes,
    then ``quarantined``), or no fault at all and its own well-formed records (``kinds`` empty)."""

    driver: str
    kinds: tuple[str, ...]
    says: str = ""  #: in every fault's message (or, with no fault, in every record's ``found``)
    strikes: bool = False
    exact_strikes: bool = True  #: exactly STRIKES faults of the kind before quarantine (else 1 to STRIKES)
    never_says: str = "\0"  #: in no fault's message
    startup: float = 0.0  #: seconds the driver takes to start, once, on top of the sync's clean run


CASES: Final = [
    Case("hostile-env", ("raised",), "LookupError: no credential in the worker's environment"),
    Case("hostile-procenv", ("raised",), "PermissionError: [Errno 13] the host's /proc entries are closed"),
    Case("hostile-gc", ("raised",), "LookupError: no credential and no AAI client in this process"),
    Case("hostile-net", ("raised",), "PermissionError: [Errno 1] no network from the worker"),
    Case("hostile-patch", ("invalid-output",), "attribute 'found' value is not JSON"),
    Case("hostile-mutate", (), "pristine"),
    Case("hostile-dict", ("invalid-output",), "hpa_discover returned a list holding non-objects"),
    Case("hostile-stdout", (), "printed on"),
    Case("hostile-exit", ("crashed",), "the worker exited with status 1", strikes=True),
    Case("hostile-segv", ("crashed",), "the worker was killed by SIGSEGV", strikes=True),
    Case("hostile-kbint", ("raised",), "KeyboardInterrupt: hostile-kbint on"),
    Case("hostile-alloc", ("raised",), "MemoryError"),
    Case("hostile-sleep", ("timeout",), f"no result within the {DEADLINE:g} s deadline", strikes=True),
    Case("hostile-regex", ("timeout",), f"no result within the {DEADLINE:g} s deadline", strikes=True),
    # Closing its protocol descriptor is a dead worker to the host: killed at once (not waited for), the
    # fault says so, and the other drivers' clocks are reset after every replacement.
    Case("hostile-eof", ("crashed", "invalid-output", "timeout"), strikes=True, never_says="out of memory"),
    # A slow import is the driver's business once; a replacement after a crash has the deadline (at least
    # a few seconds) to say hello, so crashing does not buy a slow driver time.
    Case(
        "hostile-slowstart",
        ("crashed",),
        "the worker exited with status 1",
        strikes=True,
        exact_strikes=False,
        startup=6.0,
    ),
]


def test_every_hostile_entry_point_has_a_case() -> None:
    names = {case.driver if isinstance(case, Case) else case.values[0].driver for case in CASES}
    assert names | {"hostile-shmem"} == set(HOSTILE_DRIVERS)


def _assert_its_faults(case: Case, faults: list[dict[str, str]], probes: dict[str, list[dict[str, Any]]]) -> None:
    """(c) one fault per flavor the driver ran on, of the right kind, naming driver and flavor; or none
    at all, and then exactly its own well-formed record on each of those flavors."""
    if not case.kinds:
        assert faults == []
        assert sorted(probes) == AFFECTED
        for flavor_id, caps in probes.items():
            assert [_found(cap) for cap in caps] == [f"{case.says} {flavor_id}"]
        return
    assert probes == {}  # a faulted driver's records are dropped, all of them
    assert sorted(fault["flavor-id"] for fault in faults) == AFFECTED
    kinds = Counter(fault["kind"] for fault in faults)
    if case.strikes:
        (kind,) = set(kinds) - {"quarantined"}
        assert kind in case.kinds
        if case.exact_strikes:
            assert kinds == {kind: STRIKES, "quarantined": len(AFFECTED) - STRIKES}, kinds
        else:
            assert 1 <= kinds[kind] <= STRIKES, kinds
    else:
        assert set(kinds) <= set(case.kinds), kinds
    for fault in faults:
        if fault["kind"] != "quarantined":
            assert case.says in fault["message"], fault
        assert case.never_says not in fault["message"], fault


def _assert_it_got_nowhere(case: Case, run: Run, faults: list[dict[str, str]]) -> None:
    """What each behaviour tried, and that it got nowhere."""
    if case.driver == "hostile-env":
        for fault in faults:
            names = set(re.findall(r"'([A-Z_]+)'", fault["message"]))
            assert names <= WORKER_ENV, names  # the worker's whole environment: the allowlist
    if case.driver == "hostile-gc":
        planted = "hostile-gc-planted"
        assert all(planted not in path for _, path, _ in run.aai_requests)
        assert planted not in json.dumps(run.aai)
    if case.driver in ("hostile-gc", "hostile-net"):
        assert all("hostile" not in path for _, path, _ in run.aai_requests)  # AAI heard nothing from it
    if case.driver == "hostile-stdout":
        # Everything it printed, from the hook and from its thread after the hook returned, is in the log.
        logged = [line for line in run.stderr.splitlines() if "onap_hpa.driver.hostile-stdout" in line]
        assert any('output: {"type":"result"' in line for line in logged)
        assert any("forged summary" in line for line in logged)
        assert "forged summary" not in run.stdout


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.driver)
def test_a_hostile_driver_costs_only_its_own_records(
    case: Case, installed: Installed, oracle: dict[str, dict[str, Any]], baseline: Run
) -> None:
    run = _sync(installed.bin, [*REAL_DRIVERS, case.driver], installed.tmp / case.driver)

    _assert_the_summary_of_a_driver_fault(run, baseline, case.driver)  # (e)
    _assert_nothing_leaked(run)  # (b)
    # (a) every other driver's records exactly as a sync without the hostile one writes them
    assert _without_probes(run.aai) == oracle["real"]
    faults = run.faults(case.driver)
    _assert_its_faults(case, faults, _probe_records(run, case.driver))  # (c)
    _assert_alarm(run, case.driver, {fault["flavor-id"] for fault in faults})  # (e) raised for those flavors
    timeouts = sum(fault["kind"] == "timeout" for fault in faults)
    _assert_within_the_deadlines(run, baseline, timeouts, case.startup)  # (d)
    _assert_it_got_nowhere(case, run, faults)


def test_an_impostor_of_a_driver_name_refuses_both(
    installed: Installed, oracle: dict[str, dict[str, Any]], baseline: Run
) -> None:
    """Name hijack: a second distribution registering ``sriov-nic`` next to the real one."""
    run = _sync(installed.impostor_bin, REAL_DRIVERS, installed.tmp / "impostor")

    _assert_the_summary_of_a_driver_fault(run, baseline, "sriov-nic", loaded=False)
    _assert_nothing_leaked(run)
    assert run.summary["drivers"]["sriov-nic"] == "refused"
    # Neither runs: AAI is what a sync without sriov-nic writes (its stored records kept, none added).
    assert run.aai == oracle["no-sriov"]
    assert "hijacked" not in json.dumps(run.aai)
    faults = run.faults("sriov-nic")
    assert [(fault["flavor-id"], fault["kind"]) for fault in faults] == [("*", "load-failed")] * 2
    for fault in faults:
        assert "registered by 2 distributions" in fault["message"]
        assert "onap-device-driver-sriov-impostor, onap-device-driver-sriov-nic" in fault["message"]
        assert "both are refused" in fault["message"]
    _assert_alarm(run, "sriov-nic", {"*"})
    _assert_within_the_deadlines(run, baseline, 0)


def test_the_checks_catch_the_same_drivers_run_in_the_host_process(installed: Installed) -> None:
    """Control: the checks above are not vacuous. In the in-process mode (tests and benchmarks only,
    ``ONAP_HPA_ISOLATION=inprocess``) hostile-env and hostile-gc run in the process that holds the
    credentials, as every driver did before issue 10, and the very checks that pass above catch them."""
    drivers = [*REAL_DRIVERS, "hostile-env", "hostile-gc"]
    run = _sync(installed.bin, drivers, installed.tmp / "inprocess", ONAP_HPA_ISOLATION="inprocess")

    assert run.returncode == 0, run.stderr
    leaks = _leaks(aai="\n".join(_strings(run.aai)))
    assert "OS_PASSWORD in aai" in leaks  # read from os.environ
    assert "ONAP_HPA_AAI_PASSWORD in aai" in leaks  # read off the live AAI client
    assert _without_probes(run.aai) != json.loads(json.dumps(run.aai))  # its records, next to the others
    planted = [path for method, path, status in run.aai_requests if "hostile-gc-planted" in path and status < 300]
    assert planted  # a flavor PUT to AAI with the sync's own credentials
    assert "hostile-gc-planted" in json.dumps(run.aai)


def test_shared_memory_counts_against_the_worker_memory_limit(
    installed: Installed, oracle: dict[str, dict[str, Any]], baseline: Run
) -> None:
    """hostile-shmem grows a shared anonymous mapping by 96 MiB per flavor: past the limit from the third."""
    run = _sync(installed.bin, [*REAL_DRIVERS, "hostile-shmem"], installed.tmp / "hostile-shmem")

    _assert_the_summary_of_a_driver_fault(run, baseline, "hostile-shmem")
    _assert_nothing_leaked(run)
    assert _without_probes(run.aai) == oracle["real"]
    held = {
        flavor_id: int(re.match(r"holds (\d+) MiB", _found(cap)).group(1))  # type: ignore[union-attr]
        for flavor_id, caps in _probe_records(run, "hostile-shmem").items()
        for cap in caps
    }
    assert all(mib <= WORKER_MEMORY_MB for mib in held.values()), held
    faults = run.faults("hostile-shmem")
    assert sorted([*held, *(fault["flavor-id"] for fault in faults)]) == AFFECTED
    assert {fault["kind"] for fault in faults} <= {"raised", "crashed", "quarantined"}


# -- many flavors at once: protocol-2 batches, workers forked from the zygote -----------------------

#: More flavors than a batch holds (onap_hpa_host.workers.pool.BATCH): several batches share one VIM view.
MANY: Final = 150
_SPIES: Final = ["hostile-mutate", "hostile-procenv", "hostile-env", "hostile-gc"]


_WORKERS_OF: Final = """
import json, sys
from onap_hpa_host import Host
with Host(only=sys.argv[1].split(",")) as host:
    host.drivers
    pool = host._pool  # the test's premise, read off the pool
    print(json.dumps({n: [type(w.process).__name__, w.protocol] for n, w in pool.workers.items()}))
"""


def _discover_many(bin_dir: Path, drivers: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    env = _clean_env(**CANARIES, ONAP_HPA_DRIVERS=",".join(drivers), ONAP_HPA_DRIVER_TIMEOUT=f"{DEADLINE:g}")
    command = [str(bin_dir / "onap-hpa"), "discover", str(path)]
    return subprocess.run(command, env=env, cwd=path.parent, capture_output=True, text=True, timeout=180, check=False)


def test_many_flavors_sharing_one_vim_reach_every_hostile_worker_pristine_and_closed(installed: Installed) -> None:
    """``onap-hpa discover`` of many flavors of one region with every spy installed next to the real drivers:
    the seven real workers and the spies start together (forked from one zygote) and get the region's VIM
    view once per batch (protocol 2). Each request still reaches hostile-mutate untouched by what it did to
    the ones before, none of the spies finds a credential (the VIM info carries one too) in its parent, the
    processes started just before it or its memory, and the real drivers' output is exactly theirs alone."""
    template = json.loads((REPO / "fixtures" / "requests" / "all-features.json").read_text())
    template["vim"]["password"] = CANARIES["OS_PASSWORD"]
    requests = []
    for index in range(MANY):
        request = json.loads(json.dumps(template))
        request["flavor"]["id"] = f"many-{index:03d}"
        requests.append(request)
    path = installed.tmp / "many" / "requests.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(requests))

    # The premise: these workers are forked from the zygote and speak protocol 2.
    premise = subprocess.run(
        [str(installed.bin / "python"), "-c", _WORKERS_OF, ",".join([*REAL_DRIVERS, *_SPIES])],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(premise.stdout) == {name: ["ForkedProcess", "2"] for name in [*REAL_DRIVERS, *_SPIES]}

    alone = _discover_many(installed.bin, REAL_DRIVERS, path)
    spied = _discover_many(installed.bin, [*REAL_DRIVERS, *_SPIES], path)
    assert alone.returncode == 0, alone.stderr
    assert spied.returncode == 0, spied.stderr
    assert "Traceback" not in spied.stderr, spied.stderr[-3000:]
    assert not _leaks(stdout=spied.stdout, stderr=spied.stderr)
    document, clean = json.loads(spied.stdout), json.loads(alone.stdout)

    probes: dict[str, list[str]] = {}
    for flavor in document["flavors"]:
        caps = flavor["hpa-capabilities"]["hpa-capability"]
        probes[flavor["flavor-id"]] = [_found(cap) for cap in caps if cap["hpa-feature"] == PROBE]
        flavor["hpa-capabilities"]["hpa-capability"] = [cap for cap in caps if cap["hpa-feature"] != PROBE]
    assert document["flavors"] == clean["flavors"]  # the real drivers' records, ids included
    assert probes == {f"many-{index:03d}": [f"pristine many-{index:03d}"] for index in range(MANY)}
    faults = Counter((fault["driver"], fault["kind"]) for fault in document["faults"])
    expected = Counter((fault["driver"], fault["kind"]) for fault in clean["faults"])
    expected.update({(spy, "raised"): MANY for spy in _SPIES if spy != "hostile-mutate"})
    assert faults == expected
    closed = [fault["message"] for fault in document["faults"] if fault["driver"] == "hostile-procenv"]
    assert all("the host's /proc entries are closed" in message for message in closed), closed[:1]
