"""Alarms: VES fault events received by a test collector on loopback, raised once and cleared on recovery."""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from onap_hpa import DriverInfo, attribute, capability, hookimpl
from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_host import Fault, Host
from onap_hpa_host.aai import AaiClient, AaiConfig, RegionSync, RetryPolicy
from onap_hpa_host.alarms import ALARM_CONDITION, EVENT_NAME, AlarmBook, VesSender
from onap_hpa_host.nova import NovaSource, OpenStackConfig

VES_PASSWORD = "ves-pw-5c0ffee"  # noqa: S105 - the test password whose leaks we look for


class Collector:
    """A VES collector on 127.0.0.1: keeps every event POSTed to /eventListener/v7 and its auth header."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.auth: list[str] = []
        self.status = 202
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                collector.auth.append(self.headers.get("Authorization", ""))
                if self.path == "/eventListener/v7":
                    collector.events.append(json.loads(body)["event"])
                self.send_response(collector.status if self.path == "/eventListener/v7" else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/eventListener/v7"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def severities(self) -> list[tuple[str, str]]:
        return [(e["commonEventHeader"]["sourceName"], e["faultFields"]["eventSeverity"]) for e in self.events]


@pytest.fixture
def collector() -> Iterator[Collector]:
    running = Collector()
    yield running
    running.stop()


def _book(collector: Collector, **options: Any) -> AlarmBook:
    return AlarmBook(VesSender(collector.url, user="ves", password=VES_PASSWORD), **options)


def _fault(flavor: str, driver: str = "gpu", kind: str = "raised") -> Fault:
    return Fault(flavor, driver, kind, f"hpa_discover raised RuntimeError: boom on {flavor}")


def test_a_fault_event_carries_what_ves_7_requires(collector):
    _book(collector).observe("Owner", "RegionOne", "gpu", "f1", _fault("f1"))
    [event] = collector.events
    header, fields = event["commonEventHeader"], event["faultFields"]
    for key in ("eventId", "lastEpochMicrosec", "priority", "reportingEntityName", "sequence", "startEpochMicrosec"):
        assert key in header
    assert header["domain"] == "fault"
    assert header["eventName"] == EVENT_NAME
    assert header["sourceName"] == "gpu"
    assert header["sourceId"] == "Owner_RegionOne"
    assert (header["version"], header["vesEventListenerVersion"]) == ("4.1", "7.2.1")
    assert fields["alarmCondition"] == ALARM_CONDITION
    assert fields["eventSeverity"] == "MAJOR"
    assert fields["faultFieldsVersion"] == "4.0"
    assert fields["vfStatus"] == "Active"
    assert "f1" in fields["specificProblem"]
    assert "RuntimeError" in fields["specificProblem"]
    info = fields["alarmAdditionalInformation"]
    assert all(isinstance(value, str) for value in info.values())  # VES hashMap: strings only
    assert (info["flavorId"], info["faultKind"]) == ("f1", "raised")
    assert collector.auth[0] == "Basic " + base64.b64encode(f"ves:{VES_PASSWORD}".encode()).decode()


def test_one_alarm_per_driver_and_region_raised_once_and_cleared_when_every_flavor_recovers(collector):
    book = _book(collector)
    book.observe("O", "R", "gpu", "f1", _fault("f1"))
    book.observe("O", "R", "gpu", "f2", _fault("f2"))
    book.observe("O", "R", "gpu", "f3", None)
    book.observe("O", "R", "gpu", "f1", None)
    assert collector.severities() == [("gpu", "MAJOR")]
    assert book.active == {("O", "R", "gpu"): {"f2": ["raised", _fault("f2").message]}}
    book.observe("O", "R", "gpu", "f2", None)
    assert collector.severities() == [("gpu", "MAJOR"), ("gpu", "NORMAL")]
    assert book.active == {}


def test_data_faults_are_not_alarms(collector):
    book = _book(collector)
    book.observe("O", "R", "compute", "f1", _fault("f1", "compute", "bad-input"))
    book.round("O", "R", ["compute"], [_fault("f2", "compute", "bad-input")])
    assert collector.events == []


def test_a_round_replaces_the_state_of_the_region(collector):
    book = _book(collector)
    book.round("O", "R", ["gpu", "sriov-nic"], [_fault("f1"), _fault("f2")])
    book.round("O", "R2", ["gpu"], [_fault("f1")])
    book.round("O", "R", ["gpu", "sriov-nic"], [])
    assert collector.severities() == [("gpu", "MAJOR"), ("gpu", "MAJOR"), ("gpu", "NORMAL")]
    assert list(book.active) == [("O", "R2", "gpu")]


def test_a_fresh_process_without_state_reasserts_every_driver(collector):
    _book(collector, assume_clear=False).round("O", "R", ["gpu", "sriov-nic"], [_fault("f1")])
    assert sorted(collector.severities()) == [("gpu", "MAJOR"), ("sriov-nic", "NORMAL")]


def test_a_state_file_carries_raised_alarms_to_the_next_process(collector, tmp_path):
    state = tmp_path / "alarms" / "state.json"
    _book(collector, state_path=state).round("O", "R", ["gpu", "sriov-nic"], [_fault("f1")])
    _book(collector, state_path=state).round("O", "R", ["gpu", "sriov-nic"], [_fault("f1")])
    assert collector.severities() == [("gpu", "MAJOR")]  # still raised: not sent again
    _book(collector, state_path=state).round("O", "R", ["gpu", "sriov-nic"], [])
    assert collector.severities() == [("gpu", "MAJOR"), ("gpu", "NORMAL")]


def test_without_a_collector_alarms_are_logged(caplog):
    caplog.set_level(logging.INFO, logger="onap_hpa_host.alarms")
    AlarmBook(VesSender(None)).observe("O", "R", "gpu", "f1", _fault("f1"))
    [record] = [r for r in caplog.records if r.name == "onap_hpa_host.alarms"]
    assert record.levelno == logging.WARNING
    assert "alarm MAJOR: driver gpu raised on flavor f1" in record.getMessage()
    assert "ONAP_HPA_VES_URL unset" in record.getMessage()


def test_an_unreachable_or_refusing_collector_is_logged_without_the_password(collector, caplog):
    caplog.set_level(logging.DEBUG)
    collector.status = 500
    sender = VesSender(collector.url, user="ves", password=VES_PASSWORD, retry=RetryPolicy(attempts=2, backoff=0.01))
    assert sender.send(_event()) is False
    assert "refused the alarm event: HTTP 500" in caplog.text
    collector.stop()
    assert sender.send(_event()) is False
    assert "VES collector unreachable" in caplog.text
    assert VES_PASSWORD not in caplog.text


def _event() -> dict[str, Any]:
    from onap_hpa_host.alarms import fault_event

    return fault_event(
        cloud_owner="O",
        cloud_region_id="R",
        driver="gpu",
        severity="MAJOR",
        flavor_id="f1",
        kind="raised",
        reason="boom",
        flavors_affected=1,
        start_us=1,
        sequence=1,
    )


class Flaky:
    """A driver that works, or raises while ``broken`` is set: the faulty driver of the end-to-end test."""

    DRIVER = DriverInfo(name="flaky", version="1.0", features=frozenset({"flakyAccelerator"}))

    def __init__(self) -> None:
        self.broken = False

    @hookimpl
    def hpa_discover(self, request: Any) -> list[dict[str, Any]]:
        if self.broken:
            message = f"accelerator table corrupt while reading {request.flavor.id}"
            raise RuntimeError(message)
        return [capability("flakyAccelerator", "generic", [attribute("count", 1)])]

    @hookimpl
    def hpa_delete_urls(self, request: Any) -> list[str]:
        return []


def _sync(servers: ReplayServers, host: Host, alarms: AlarmBook) -> Any:
    e = servers.env
    config = OpenStackConfig(e["OS_AUTH_URL"], e["OS_USERNAME"], e["OS_PASSWORD"], e["OS_PROJECT_NAME"])
    with AaiClient(AaiConfig(e["ONAP_HPA_AAI_URL"], "AAI", "AAI")) as aai:
        region = servers.region
        sync = RegionSync(
            NovaSource(config),
            aai,
            cloud_owner=region.cloud_owner,
            cloud_region_id=region.cloud_region_id,
            host=host,
            alarms=alarms,
        )
        return sync.run()


def _flaky_caps(servers: ReplayServers) -> dict[str, list[str]]:
    region = servers.region
    return {
        f["flavor-id"]: [
            c["resource-version"]
            for c in (f.get("hpa-capabilities") or {}).get("hpa-capability", [])
            if c["hpa-feature"] == "flakyAccelerator"
        ]
        for f in servers.aai.flavors(region.cloud_owner, region.cloud_region_id)
    }


def test_a_faulty_driver_raises_then_clears_an_alarm_and_keeps_its_records_meanwhile(collector):
    flaky = Flaky()
    host = Host(only={"sriov-nic"}, plugins=[flaky])
    book = _book(collector)
    with ReplayServers.start(default_region()) as servers:
        _sync(servers, host, book)
        written = _flaky_caps(servers)
        assert sum(map(len, written.values())) == 7  # one per onap.* flavor
        assert collector.events == []

        flaky.broken = True
        broken = _sync(servers, host, book)
        assert collector.severities() == [("flaky", "MAJOR")]
        fields = collector.events[0]["faultFields"]
        assert "accelerator table corrupt" in fields["specificProblem"]
        assert fields["alarmAdditionalInformation"]["flavorsAffected"] == "7"
        assert fields["alarmAdditionalInformation"]["flavorId"] in written
        assert {f.kind for f in broken.faults if f.driver == "flaky"} == {"raised"}
        assert broken.writes == 0  # the faulted driver's records stay in AAI as they were
        assert _flaky_caps(servers) == written

        flaky.broken = False
        healed = _sync(servers, host, book)
        assert collector.severities() == [("flaky", "MAJOR"), ("flaky", "NORMAL")]
        assert healed.writes == 0
