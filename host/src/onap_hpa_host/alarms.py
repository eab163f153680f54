"""Alarms (FCAPS): driver faults as VES ``fault`` events, raised once and cleared when the driver recovers.

One alarm per (cloud owner, cloud region, driver): what an operator acts on is "driver X misbehaves
in region R", not one event per flavor (a broken driver would flood the collector with a thousand).
The event names the driver (``sourceName``), the region (``sourceId``, MultiCloud's ``<owner>_<region>``
vim id), the first faulted flavor and its reason, and how many flavors are affected. It is cleared
(``eventSeverity: NORMAL``, same ``eventName``/``sourceName``/``alarmCondition``) when no flavor of the
region is faulted by that driver any more.

State: which flavors each driver currently faults on. A region sync replaces it per round; a per-flavor
caller (the compatibility package) updates one flavor at a time, so a driver that fails on one odd
flavor does not flap between raise and clear as other flavors go by. State lives in memory, and in a
JSON file when one is given; without a file, a fresh process does not know what an earlier one
raised, so (``assume_clear=False``) its first round asserts each driver's state: a raise or a clear.

Events go to the VES collector's event listener (``ONAP_HPA_VES_URL``); without one they are logged.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import requests

from onap_hpa_host import env
from onap_hpa_host.aai.http import TRANSIENT_ERRORS, RetryPolicy, describe, new_session, scrub, send
from onap_hpa_host.host import Fault

__all__ = ["ALARM_CONDITION", "EVENT_NAME", "ActiveAlarm", "AlarmBook", "VesSender", "fault_event", "read_active"]

log = logging.getLogger(__name__)

ALARM_CONDITION: Final = "hpaDriverFault"
EVENT_NAME: Final = "Fault_onap-hpa_hpaDriverFault"
RAISED_SEVERITY: Final = "MAJOR"  # the driver's capabilities are missing from AAI: placement may miss hosts
CLEARED_SEVERITY: Final = "NORMAL"
VES_VERSION: Final = "7.2.1"
_SPECIFIC_PROBLEM_MAX: Final = 255


def fault_event(
    *,
    cloud_owner: str,
    cloud_region_id: str,
    driver: str,
    severity: str,
    flavor_id: str,
    kind: str,
    reason: str,
    flavors_affected: int,
    start_us: int,
    sequence: int,
) -> dict[str, Any]:
    """One VES 7.2 fault event (the ``event`` object) for a driver's alarm in a region."""
    vim_id = f"{cloud_owner}_{cloud_region_id}"
    now_us = time.time_ns() // 1000
    cleared = severity == CLEARED_SEVERITY
    problem = (
        f"driver {driver} works again in {vim_id}"
        if cleared
        else f"driver {driver} {kind} on flavor {flavor_id} ({flavors_affected} flavor(s) in {vim_id}): {reason}"
    )
    info = {
        "driver": driver,
        "cloudOwner": cloud_owner,
        "cloudRegionId": cloud_region_id,
        "flavorsAffected": str(flavors_affected),
    }
    if not cleared:
        info |= {"flavorId": flavor_id, "faultKind": kind, "reason": reason}
    return {
        "commonEventHeader": {
            "domain": "fault",
            "eventId": str(uuid.uuid4()),
            "eventName": EVENT_NAME,
            "eventType": "onap-hpa",
            "priority": "Normal" if cleared else "High",
            "reportingEntityName": f"onap-hpa@{socket.gethostname()}",
            "sequence": sequence,
            "sourceName": driver,
            "sourceId": vim_id,
            "startEpochMicrosec": start_us,
            "lastEpochMicrosec": now_us,
            "version": "4.1",
            "vesEventListenerVersion": VES_VERSION,
        },
        "faultFields": {
            "faultFieldsVersion": "4.0",
            "alarmCondition": ALARM_CONDITION,
            "eventSeverity": severity,
            "eventSourceType": "other",
            "specificProblem": problem[:_SPECIFIC_PROBLEM_MAX],
            "vfStatus": "Active",
            "alarmInterfaceA": vim_id,
            "alarmAdditionalInformation": info,
        },
    }


class VesSender:
    """POSTs events to a VES collector's event listener, or logs them when no URL is configured."""

    def __init__(
        self,
        url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        cacert: str | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url
        self._auth = (user, password or "") if user else None
        self._secrets = (password,)
        self._timeout = timeout
        self._retry = retry or RetryPolicy(attempts=3)
        self._session = session or (new_session(cacert or True, 2) if url else None)

    @classmethod
    def from_env(cls) -> VesSender:
        """A sender configured by ``ONAP_HPA_VES_*`` (logging only when ``ONAP_HPA_VES_URL`` is unset)."""
        return cls(
            env.value(env.VES_URL),
            user=env.value(env.VES_USER),
            password=env.value(env.VES_PASSWORD),
            cacert=env.value(env.VES_CACERT),
            timeout=env.positive(env.HTTP_TIMEOUT, 10.0),
        )

    def send(self, event: Mapping[str, Any]) -> bool:
        """Deliver one event; False (and an error logged) when the collector did not accept it."""
        fields = event["faultFields"]
        header = event["commonEventHeader"]
        if not self.url or self._session is None:
            # A raise is what an operator must see; a clear is routine. The whole event goes to DEBUG.
            level = logging.INFO if fields["eventSeverity"] == CLEARED_SEVERITY else logging.WARNING
            log.log(
                level,
                "alarm %s: %s (%s unset: not sent)",
                fields["eventSeverity"],
                fields["specificProblem"],
                env.VES_URL,
            )
            log.debug("VES event: %s", json.dumps({"event": event}, separators=(",", ":")))
            return True
        session, url = self._session, self.url
        try:
            response = send(
                lambda: session.post(url, json={"event": event}, auth=self._auth, timeout=self._timeout), self._retry
            )
        except TRANSIENT_ERRORS as error:
            log.error("VES collector unreachable, alarm not delivered: %s", scrub(describe(error), self._secrets))
            return False
        if response.status_code not in (200, 202):
            log.error("VES collector refused the alarm event: HTTP %s", response.status_code)
            return False
        log.info("alarm %s %s sent to the VES collector", header["sourceName"], fields["eventSeverity"])
        return True


class AlarmBook:
    """Alarm state per (cloud owner, region, driver); sends an event on every raise and clear.

    :param sender: where events go (default: :meth:`VesSender.from_env`).
    :param state_path: JSON file keeping the state between processes (default: ``ONAP_HPA_ALARM_STATE``).
    :param assume_clear: treat drivers never seen as clear (a long-lived process); False: the first
        round re-asserts each driver's state (a fresh process that may follow one that raised alarms).
    """

    def __init__(
        self,
        sender: VesSender | None = None,
        *,
        state_path: str | os.PathLike[str] | None = None,
        assume_clear: bool = True,
    ) -> None:
        self._sender = sender if sender is not None else VesSender.from_env()
        path = state_path if state_path is not None else env.value(env.ALARM_STATE)
        self._path = Path(path) if path else None
        self._assume_clear = assume_clear or self._path is not None
        self._lock = threading.Lock()
        # "owner\0region\0driver" -> {"flavors": {flavor: [kind, reason]}, "start": us, "sequence": n}
        self._state: dict[str, dict[str, Any]] = self._load()
        self._known: set[str] = set(self._state)

    @property
    def active(self) -> dict[tuple[str, str, str], dict[str, list[str]]]:
        """Raised alarms: (owner, region, driver) -> {flavor id: [fault kind, reason]}."""
        with self._lock:
            items = [(key.split("\0"), entry["flavors"]) for key, entry in self._state.items() if entry["flavors"]]
        return {(owner, region, driver): dict(flavors) for (owner, region, driver), flavors in items}

    def observe(self, cloud_owner: str, cloud_region_id: str, driver: str, flavor_id: str, fault: Fault | None) -> None:
        """One flavor's outcome for one driver: ``fault`` (alarming) or None when the driver did its job."""
        with self._lock:
            key = _key(cloud_owner, cloud_region_id, driver)
            entry = self._entry(key)
            flavors = dict(entry["flavors"])
            if fault is not None and fault.alarming:
                flavors.setdefault(flavor_id, [fault.kind, fault.message])
            else:
                flavors.pop(flavor_id, None)
            self._update(key, entry, flavors)

    def round(self, cloud_owner: str, cloud_region_id: str, drivers: Iterable[str], faults: Iterable[Fault]) -> None:
        """A full pass over a region: each of ``drivers`` is faulted exactly on the flavors in ``faults``."""
        by_driver: dict[str, dict[str, list[str]]] = {name: {} for name in drivers}
        for fault in faults:
            if fault.alarming:
                by_driver.setdefault(fault.driver, {}).setdefault(fault.flavor_id, [fault.kind, fault.message])
        with self._lock:
            for driver, flavors in sorted(by_driver.items()):
                key = _key(cloud_owner, cloud_region_id, driver)
                self._update(key, self._entry(key), flavors)

    # -- internals (under the lock) --------------------------------------------------------------

    def _entry(self, key: str) -> dict[str, Any]:
        return self._state.get(key) or {"flavors": {}, "start": 0, "sequence": 0}

    def _update(self, key: str, entry: dict[str, Any], flavors: dict[str, list[str]]) -> None:
        was_raised = bool(entry["flavors"])
        known = key in self._known or self._assume_clear
        self._known.add(key)
        now_raised = bool(flavors)
        entry = {**entry, "flavors": flavors}
        if now_raised and (not was_raised or not known):
            entry["start"] = time.time_ns() // 1000
            self._emit(key, entry, RAISED_SEVERITY)
        elif not now_raised and (was_raised or not known):
            self._emit(key, entry, CLEARED_SEVERITY)
        changed = self._state.get(key, {}).get("flavors") != flavors
        self._state[key] = entry
        if changed:
            self._save()

    def _emit(self, key: str, entry: dict[str, Any], severity: str) -> None:
        owner, region, driver = key.split("\0")
        entry["sequence"] += 1
        flavor_id, (kind, reason) = next(iter(sorted(entry["flavors"].items())), ("", ["", ""]))
        event = fault_event(
            cloud_owner=owner,
            cloud_region_id=region,
            driver=driver,
            severity=severity,
            flavor_id=flavor_id,
            kind=kind,
            reason=reason,
            flavors_affected=len(entry["flavors"]),
            start_us=entry["start"] or time.time_ns() // 1000,
            sequence=entry["sequence"],
        )
        self._sender.send(event)

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._path is None or not self._path.exists():
            return {}
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.error("alarm state %s unreadable (%s); starting afresh", self._path, error)
            return {}
        return {key: entry for key, entry in data.items() if isinstance(entry, dict) and "flavors" in entry}

    def _save(self) -> None:
        if self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self._path.parent, delete=False, encoding="utf-8") as handle:
                json.dump(self._state, handle)
            os.replace(handle.name, self._path)
        except OSError as error:
            log.error("alarm state %s not saved: %s", self._path, error)


def _key(cloud_owner: str, cloud_region_id: str, driver: str) -> str:
    return f"{cloud_owner}\0{cloud_region_id}\0{driver}"


# -- poll mode: the active alarms, read back from a state file ---------------------------------------


@dataclass(frozen=True)
class ActiveAlarm:
    """One raised alarm as an :class:`AlarmBook` state file holds it (``onap-hpa alarms``)."""

    cloud_owner: str
    cloud_region_id: str
    driver: str
    since_us: int  #: when it was raised (the VES event's ``startEpochMicrosec``); 0 when unknown
    flavors: tuple[str, ...]  #: the flavors the driver faults on, sorted
    first_flavor: str  #: the flavor the raise event named (the first in sorted order)
    first_kind: str
    first_reason: str
    source: str  #: the state file it was read from

    @property
    def since(self) -> str:
        """``since_us`` as ISO-8601 UTC, or ``""`` when unknown."""
        from onap_hpa_host.logs import utc_timestamp

        return utc_timestamp(self.since_us / 1e6) if self.since_us else ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form (``onap-hpa alarms --json``)."""
        return {
            "driver": self.driver,
            "cloud_owner": self.cloud_owner,
            "cloud_region_id": self.cloud_region_id,
            "since": self.since,
            "since_epoch_microsec": self.since_us,
            "severity": RAISED_SEVERITY,
            "flavors_affected": len(self.flavors),
            "flavors": list(self.flavors),
            "first_flavor": self.first_flavor,
            "first_kind": self.first_kind,
            "first_reason": self.first_reason,
            "state_file": self.source,
        }


def read_active(path: str | os.PathLike[str]) -> list[ActiveAlarm]:
    """The raised alarms recorded in one state file, sorted by region and driver; none when it does not exist.

    Raises ``OSError`` or ``ValueError`` when the file exists but cannot be read or is not a state file.
    """
    state_path = Path(path)
    if not state_path.exists():
        return []
    data = json.loads(state_path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        message = f"{state_path} is not an alarm state file (a JSON object keyed by owner, region and driver)"
        raise ValueError(message)
    alarms = []
    for key, entry in data.items():
        parts = key.split("\0")
        if len(parts) != 3 or not isinstance(entry, dict) or not isinstance(entry.get("flavors"), dict):
            continue
        flavors = {str(fid): value for fid, value in entry["flavors"].items()}
        if not flavors:
            continue  # cleared
        first = min(flavors)
        detail = flavors[first] if isinstance(flavors[first], list) else []
        kind, reason = [*map(str, detail), "", ""][:2]
        start = entry.get("start")
        alarms.append(
            ActiveAlarm(
                cloud_owner=parts[0],
                cloud_region_id=parts[1],
                driver=parts[2],
                since_us=start if isinstance(start, int) else 0,
                flavors=tuple(sorted(flavors)),
                first_flavor=first,
                first_kind=kind,
                first_reason=reason,
                source=str(state_path),
            )
        )
    return sorted(alarms, key=lambda alarm: (alarm.cloud_owner, alarm.cloud_region_id, alarm.driver))
