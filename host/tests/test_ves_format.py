"""The alarms' VES events against the VES 7.x Common Event Format: required fields, types and enumerations.

The schema below is written from the VES Event Listener 7.2.1 specification (Common Event Format
30.2.1, the one the ONAP VES collector validates against): the ``commonEventHeader`` and ``faultFields``
objects with every field the spec marks required, the type of each, the enumerations of the fields
that have one, and no property the spec does not define (the spec closes both objects). Optional
fields the events use are listed with their types so that a wrong type fails too.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from onap_hpa_host.alarms import AlarmBook, fault_event
from onap_hpa_host.host import Fault

STRING = {"type": "string"}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}

COMMON_EVENT_HEADER = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "domain",
        "eventId",
        "eventName",
        "lastEpochMicrosec",
        "priority",
        "reportingEntityName",
        "sequence",
        "sourceName",
        "startEpochMicrosec",
        "version",
        "vesEventListenerVersion",
    ],
    "properties": {
        "domain": {
            "type": "string",
            "enum": [
                "fault",
                "heartbeat",
                "measurement",
                "mobileFlow",
                "notification",
                "other",
                "perf3gpp",
                "pnfRegistration",
                "sipSignaling",
                "stateChange",
                "stndDefined",
                "syslog",
                "thresholdCrossingAlert",
                "voiceQuality",
            ],
        },
        "eventId": STRING,
        "eventName": STRING,
        "eventType": STRING,
        "lastEpochMicrosec": NUMBER,
        "nfcNamingCode": STRING,
        "nfNamingCode": STRING,
        "nfVendorName": STRING,
        "priority": {"type": "string", "enum": ["High", "Medium", "Normal", "Low"]},
        "reportingEntityId": STRING,
        "reportingEntityName": STRING,
        "sequence": INTEGER,
        "sourceId": STRING,
        "sourceName": STRING,
        "startEpochMicrosec": NUMBER,
        "timeZoneOffset": STRING,
        "version": {"type": "string", "enum": ["4.0", "4.0.1", "4.1"]},
        "vesEventListenerVersion": {"type": "string", "enum": ["7.0", "7.0.1", "7.1", "7.1.1", "7.2", "7.2.1"]},
    },
}
FAULT_FIELDS = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "alarmCondition",
        "eventSeverity",
        "eventSourceType",
        "faultFieldsVersion",
        "specificProblem",
        "vfStatus",
    ],
    "properties": {
        "alarmAdditionalInformation": {"type": "object", "additionalProperties": STRING},  # a hashMap
        "alarmCondition": STRING,
        "alarmInterfaceA": STRING,
        "eventCategory": STRING,
        "eventSeverity": {"type": "string", "enum": ["CRITICAL", "MAJOR", "MINOR", "WARNING", "NORMAL"]},
        "eventSourceType": STRING,
        "faultFieldsVersion": {"type": "string", "enum": ["4.0"]},
        "specificProblem": STRING,
        "vfStatus": {
            "type": "string",
            "enum": ["Active", "Idle", "Preparing to terminate", "Ready to terminate", "Requesting termination"],
        },
    },
}
#: What the collector's ``/eventListener/v7`` accepts for one fault event: ``{"event": {...}}``.
VES_FAULT_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["event"],
    "properties": {
        "event": {
            "type": "object",
            "required": ["commonEventHeader", "faultFields"],
            "properties": {"commonEventHeader": COMMON_EVENT_HEADER, "faultFields": FAULT_FIELDS},
        }
    },
}
VALIDATOR = jsonschema.Draft4Validator(VES_FAULT_REQUEST)  # the spec's schema is draft-04


def _event(severity: str = "MAJOR") -> dict[str, Any]:
    return fault_event(
        cloud_owner="CloudOwner",
        cloud_region_id="RegionOne",
        driver="gpu",
        severity=severity,
        flavor_id="f1",
        kind="raised",
        reason="x" * 400,  # longer than specificProblem's 255 characters
        flavors_affected=2,
        start_us=1_700_000_000_000_000,
        sequence=3,
    )


class _Collector:
    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []

    def send(self, event: dict[str, Any]) -> bool:
        self.posted.append({"event": event})
        return True


def test_raise_and_clear_events_are_valid_ves_7_fault_events():
    for severity in ("MAJOR", "NORMAL"):
        request = {"event": _event(severity)}
        VALIDATOR.validate(request)
        header, fields = request["event"]["commonEventHeader"], request["event"]["faultFields"]
        assert header["domain"] == "fault"
        assert header["vesEventListenerVersion"].startswith("7.")
        assert fields["eventSeverity"] == severity
        assert len(fields["specificProblem"]) <= 255


def test_the_events_an_alarm_book_posts_are_valid_and_keep_their_identity_from_raise_to_clear():
    collector = _Collector()
    book = AlarmBook(collector, assume_clear=True)  # type: ignore[arg-type]
    book.round("CloudOwner", "RegionOne", ["gpu"], [Fault("f1", "gpu", "timeout", "took 2.5 s")])
    book.round("CloudOwner", "RegionOne", ["gpu"], [])
    raised, cleared = collector.posted
    for request in (raised, cleared):
        VALIDATOR.validate(request)
    one, two = raised["event"], cleared["event"]
    for field in ("eventName", "sourceName", "sourceId"):
        assert one["commonEventHeader"][field] == two["commonEventHeader"][field]
    assert one["faultFields"]["alarmCondition"] == two["faultFields"]["alarmCondition"]
    assert two["commonEventHeader"]["sequence"] > one["commonEventHeader"]["sequence"]
    assert (one["faultFields"]["eventSeverity"], two["faultFields"]["eventSeverity"]) == ("MAJOR", "NORMAL")


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        ("commonEventHeader", "sequence", "3"),  # an integer, not a string
        ("commonEventHeader", "startEpochMicrosec", "1700000000000000"),
        ("commonEventHeader", "priority", "high"),
        ("commonEventHeader", "vesEventListenerVersion", "5.4"),
        ("commonEventHeader", "version", "3.0"),
        ("faultFields", "eventSeverity", "major"),
        ("faultFields", "vfStatus", "active"),
        ("faultFields", "alarmAdditionalInformation", {"flavorsAffected": 2}),  # hashMap values are strings
        ("faultFields", "alarmAdditionalInformation", [{"name": "driver", "value": "gpu"}]),  # VES 5 style
        ("commonEventHeader", "functionalRole", "hpa"),  # not a 7.x field
    ],
)
def test_the_schema_refuses_wrong_types_and_values(where, field, value):
    request = {"event": _event()}
    request["event"][where][field] = value
    assert not VALIDATOR.is_valid(request)


@pytest.mark.parametrize("field", COMMON_EVENT_HEADER["required"])
def test_every_required_header_field_is_required(field):
    request = {"event": copy.deepcopy(_event())}
    del request["event"]["commonEventHeader"][field]
    assert not VALIDATOR.is_valid(request)


@pytest.mark.parametrize("field", FAULT_FIELDS["required"])
def test_every_required_fault_field_is_required(field):
    request = {"event": copy.deepcopy(_event())}
    del request["event"]["faultFields"][field]
    assert not VALIDATOR.is_valid(request)
