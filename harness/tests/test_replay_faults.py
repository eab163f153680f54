"""Fault injection over real HTTP: the Nth request, a seeded fraction, slow answers, dropped connections."""

from __future__ import annotations

import time

import pytest
import requests

from onap_hpa_harness.fixtures import Region
from onap_hpa_harness.replay import FaultPlan, ReplayServers

from .conftest import Aai


def statuses(aai: Aai, path: str, count: int) -> list[int]:
    return [aai.get(path).status_code for _ in range(count)]


def test_status_on_the_nth_matching_request_a_limited_number_of_times(aai: Aai, servers: ReplayServers) -> None:
    plan = servers.aai.faults.add(FaultPlan(status=503, method="GET", path="/flavor/1$", nth=2, times=2))
    assert statuses(aai, aai.flavor("1"), 5) == [200, 503, 503, 200, 200]
    assert (plan.matched, plan.fired) == (5, 2)
    response = aai.session.get(aai.base + aai.flavor("onap.medium"), timeout=10)
    assert response.status_code == 200  # another path does not match
    servers.aai.faults.add(FaultPlan(status=500, times=None))
    assert "requestError" in aai.get(aai.flavor("1")).json()


def test_a_seeded_fraction_is_reproducible(region: Region) -> None:
    runs = []
    for _ in range(2):
        with ReplayServers.start(region) as servers:
            aai = Aai(servers)
            servers.aai.faults.add(FaultPlan(status=502, fraction=0.5, seed=7, times=None))
            runs.append(statuses(aai, aai.flavor("1"), 12))
    assert runs[0] == runs[1]
    assert 0 < runs[0].count(502) < 12


def test_slow_answer_is_still_correct(aai: Aai, servers: ReplayServers) -> None:
    servers.aai.faults.add(FaultPlan(delay=0.3, method="GET"))
    start = time.monotonic()
    response = aai.get(aai.flavor("1"))
    assert time.monotonic() - start >= 0.3
    assert response.status_code == 200
    servers.aai.faults.add(FaultPlan(delay=1.0, method="GET"))
    with pytest.raises(requests.Timeout):
        aai.session.get(aai.base + aai.flavor("1"), timeout=0.2)


def test_dropped_connection_before_serving_changes_nothing(aai: Aai, servers: ReplayServers) -> None:
    current = aai.get(aai.flavor("1")).json()
    servers.aai.faults.add(FaultPlan(drop=True, method="PUT"))
    with pytest.raises(requests.ConnectionError):
        aai.put(aai.flavor("1"), {**current, "flavor-ram": 4})
    assert aai.get(aai.flavor("1")).json() == current
    assert servers.aai.requests[-2][2] == 0


def test_fault_after_serving_applies_the_change_and_loses_the_answer(aai: Aai, servers: ReplayServers) -> None:
    current = aai.get(aai.flavor("1")).json()
    servers.aai.faults.add(FaultPlan(drop=True, method="PUT", after=True))
    with pytest.raises(requests.ConnectionError):
        aai.put(aai.flavor("1"), {**current, "flavor-ram": 4})
    assert aai.get(aai.flavor("1")).json()["flavor-ram"] == 4
    servers.aai.faults.add(FaultPlan(status=504, method="PUT", after=True))
    again = aai.get(aai.flavor("1")).json()
    assert aai.put(aai.flavor("1"), {**again, "flavor-ram": 8}).status_code == 504
    assert aai.get(aai.flavor("1")).json()["flavor-ram"] == 8


def test_nova_faults(servers: ReplayServers) -> None:
    servers.nova.faults.add(FaultPlan(status=503, path="/flavors/detail"))
    response = requests.get(servers.nova_url + "/flavors/detail", timeout=10)
    assert response.status_code == 503


def test_a_plan_that_does_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="needs status"):
        FaultPlan(method="GET")
