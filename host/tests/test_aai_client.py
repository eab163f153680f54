"""The AAI client over real HTTP against the harness's AAI replay (AAI's headers, auth and error bodies)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from onap_hpa.ids import flavor_url
from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import FaultPlan, ReplayServers
from onap_hpa_host.aai import AaiClient, AaiConfig, AaiConflictError, AaiError, AaiUnavailableError, RetryPolicy

SECRET = "s3cr3t-aai-pw-9f2c"  # noqa: S105 - the test password whose leaks we look for
FAST = RetryPolicy(attempts=3, backoff=0.01)


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(default_region(), aai_password=SECRET) as running:
        yield running


def _client(servers: ReplayServers, **overrides: object) -> AaiClient:
    settings = {"url": servers.aai_url, "user": servers.aai.user, "password": SECRET, "retry": FAST}
    settings.update(overrides)
    return AaiClient(AaiConfig(**settings))  # type: ignore[arg-type]


def _medium(servers: ReplayServers) -> str:
    region = servers.region
    return flavor_url(region.cloud_owner, region.cloud_region_id, "onap.medium")


def test_reads_a_flavor_with_its_capabilities_at_depth_all(servers):
    with _client(servers) as aai:
        flavor = aai.get(_medium(servers))
    caps = flavor["hpa-capabilities"]["hpa-capability"]
    assert caps[0]["hpa-feature-attributes"][0]["hpa-attribute-key"] == "pciCount"
    assert caps[0]["resource-version"]


def test_every_request_carries_aais_headers():
    # The replay answers 400 without X-FromAppId / X-TransactionId and 403 without basic auth: a 200 proves them.
    with ReplayServers.start(default_region()) as servers, _client(servers, password="AAI") as aai:  # noqa: S106 - AAI default
        assert aai.cloud_region(servers.region.cloud_owner, servers.region.cloud_region_id)["cloud-type"]
        assert servers.aai.requests[-1][2] == 200


def test_a_base_url_without_version_gets_the_default_version(servers):
    bare = servers.aai_url.rsplit("/aai/", 1)[0]
    with _client(servers, url=bare + "/") as aai:
        assert aai.base == servers.aai_url
        assert aai.get(_medium(servers)) is not None
    with _client(servers, url=bare, version="v32") as aai:
        assert aai.base.endswith("/aai/v32")
        assert aai.get(_medium(servers)) is not None


def test_tls_verification_is_on_unless_a_ca_bundle_is_given(servers, tmp_path):
    bundle = tmp_path / "ca.pem"
    assert _client(servers)._session.verify is True
    assert _client(servers, cacert=str(bundle))._session.verify == str(bundle)


def test_credentials_in_the_url_move_to_basic_auth_and_out_of_the_base(servers):
    url = servers.aai_url.replace("http://", f"http://{servers.aai.user}:{SECRET}@")
    with _client(servers, url=url, user="", password="") as aai:
        assert SECRET not in aai.base
        assert aai.get(_medium(servers)) is not None


def test_reads_are_retried_through_5xx_and_dropped_connections(servers):
    servers.aai.faults.add(FaultPlan(status=503, method="GET", path="onap.medium", times=1))
    servers.aai.faults.add(FaultPlan(drop=True, method="GET", path="onap.medium", times=1))
    with _client(servers) as aai:
        assert aai.get(_medium(servers))["flavor-id"] == "onap.medium"
    assert [status for method, _, status in servers.aai.requests if method == "GET"][-3:] == [503, 0, 200]


def test_a_read_that_keeps_failing_is_unavailable(servers):
    servers.aai.faults.add(FaultPlan(status=502, method="GET", times=None))
    with _client(servers) as aai, pytest.raises(AaiUnavailableError, match=r"AAI GET .*onap.medium failed \(HTTP 502"):
        aai.get(_medium(servers))


def test_a_write_is_sent_once_and_a_stale_resource_version_is_a_conflict(servers):
    with _client(servers) as aai:
        flavor = aai.get(_medium(servers))
        flavor["flavor-ram"] = 1
        flavor["resource-version"] = "1"
        with pytest.raises(AaiConflictError, match="412"):
            aai.put(_medium(servers), flavor)
        servers.aai.faults.add(FaultPlan(status=503, method="PUT", times=1))
        with pytest.raises(AaiUnavailableError, match="503"):
            aai.put(_medium(servers), flavor)
        assert aai.writes == 2
    assert [m for m, _, _ in servers.aai.requests].count("PUT") == 2


def test_deleting_what_is_gone_is_not_an_error(servers):
    path = _medium(servers) + "/hpa-capabilities/hpa-capability/no-such-id"
    with _client(servers) as aai:
        assert aai.delete(path, "1") is False


def test_a_flavor_that_still_has_capabilities_cannot_be_deleted(servers):
    with _client(servers) as aai:
        flavor = aai.get(_medium(servers))
        with pytest.raises(AaiError, match=r"HTTP 400.*ERR.5.4.6110"):
            aai.delete(_medium(servers), flavor["resource-version"])


def test_wrong_credentials_name_the_variables_and_never_the_password(servers, caplog):
    caplog.set_level(logging.DEBUG)
    with _client(servers, password=SECRET + "-wrong") as aai, pytest.raises(AaiError) as raised:
        aai.get(_medium(servers))
    message = str(raised.value)
    assert "HTTP 403" in message
    assert "ONAP_HPA_AAI_USER and ONAP_HPA_AAI_PASSWORD" in message
    assert SECRET not in message
    assert SECRET not in caplog.text
    assert SECRET not in repr(AaiConfig(servers.aai_url, "AAI", SECRET))


def test_an_unreachable_aai_is_unavailable_without_leaking_credentials(servers, caplog):
    caplog.set_level(logging.DEBUG)
    url = servers.aai_url
    servers.stop()
    with _client(servers, url=url) as aai, pytest.raises(AaiUnavailableError) as raised:
        aai.get(_medium(servers))
    assert "ConnectionError" in str(raised.value)
    assert SECRET not in str(raised.value) + caplog.text
