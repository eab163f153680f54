"""What goes on the wire: flavor ids in URLs, Nova pagination bounds, bounded cloud-extra-info, TLS and secrets.

Every test runs RegionSync (or the AAI client) against the replay servers over real HTTP on loopback.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
import requests

from onap_hpa.ids import flavor_url
from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import ReplayServers
from onap_hpa_harness.replay.http import LoopbackServer, Request, Response
from onap_hpa_host import Host
from onap_hpa_host.aai import AaiClient, AaiConfig, AaiError
from onap_hpa_host.errors import CertificateError, NovaError

from .replay_helpers import FAST, flavor, flavors, make_pki, nova_source, region_with, sync, writes

ALL = Host(deadline=30)
#: Flavor ids Nova may hold (old flavors were never validated) that an HTTP stack or server could mangle.
HOSTILE_IDS = [
    ".",
    "..",
    "...",
    "a/b",
    "%2F",
    "a%2Fb",
    "q?x=1",
    "frag#ment",
    "sp ace",
    "tab\u00e9\u6771",
    "emoji\U0001f600",
    "x" * 255,
    "back\\slash",
    ";,@&=+$",
]


def _region_of(ids: list[str], **options: Any):
    return region_with([flavor(fid, name=f"onap.{n}") for n, fid in enumerate(ids)], **options)


def test_every_flavor_id_round_trips_through_aai_at_its_own_url():
    region = _region_of(HOSTILE_IDS)
    with ReplayServers.start(region) as servers:
        summary = sync(servers, ALL)
        state = servers.aai.dump()
        puts = [path.split("?")[0] for method, path, status in writes(servers) if method == "PUT"]
        assert summary.failed == 0
        assert summary.skipped == 0
        assert sorted(flavors(state)) == sorted(HOSTILE_IDS)
        base = "/aai/v13"
        expected = {base + flavor_url(region.cloud_owner, region.cloud_region_id, fid) for fid in HOSTILE_IDS}
        assert set(puts) == expected
        assert (
            f"{base}/cloud-infrastructure/cloud-regions/cloud-region/ONAP-OpenStack/RegionTwo/flavors/flavor/%2E"
            in puts
        )
        assert any(path.endswith("/flavors/flavor/%2E%2E") for path in puts)
        assert any(path.endswith("/flavors/flavor/a%2Fb") for path in puts)
        for fid, stored in flavors(state).items():
            caps = stored["hpa-capabilities"]["hpa-capability"]
            assert {c["hpa-feature"] for c in caps} >= {"basicCapabilities", "localStorage"}, fid
        assert sync(servers, ALL).writes == 0  # each id read back at its own URL: nothing to change


def test_a_stale_dot_dot_flavor_is_deleted_at_its_own_url_never_the_collection():
    stored = [
        {
            "flavor-id": fid,
            "flavor-name": "old",
            "flavor-selflink": "http://0.0.0.0",
            "hpa-capabilities": {
                "hpa-capability": [{"hpa-capability-id": f"cap-{n}", "hpa-feature": "basicCapabilities"}]
            },
        }
        for n, fid in enumerate(["..", ".", "a/b"])
    ]
    region = _region_of(["keep"], stored=stored)
    with ReplayServers.start(region) as servers:
        summary = sync(servers, ALL)
        deletes = [path.split("?")[0] for method, path, status in writes(servers) if method == "DELETE"]
        assert sorted(flavors(servers.aai.dump())) == ["keep"]
    assert summary.deleted == 3
    assert summary.capabilities_deleted == 3
    flavor_deletes = [path for path in deletes if "/hpa-capability/" not in path]
    assert sorted(p.rsplit("/", 1)[1] for p in flavor_deletes) == ["%2E", "%2E%2E", "a%2Fb"]
    assert all("/flavors/flavor/" in path for path in deletes)


@pytest.mark.parametrize("bad_id", ["nul\x00", "new\nline", "x" * 256])
def test_an_id_aai_cannot_hold_is_a_per_flavor_fault(bad_id):
    region = _region_of(["fine", bad_id])
    with ReplayServers.start(region) as servers:
        summary = sync(servers, ALL)
        assert sorted(flavors(servers.aai.dump())) == ["fine"]
    (fault,) = [f for f in summary.faults if f.kind == "bad-request"]
    assert "an id AAI can hold" in fault.message
    assert summary.skipped == 1


def test_the_aai_client_refuses_to_send_a_write_that_could_name_another_resource():
    with (
        ReplayServers.start(default_region()) as servers,
        AaiClient(AaiConfig(servers.env["ONAP_HPA_AAI_URL"], "AAI", "AAI", retry=FAST)) as aai,
    ):
        region = "/cloud-infrastructure/cloud-regions/cloud-region/ONAP-OpenStack/RegionTwo"
        for path in (f"{region}/flavors/flavor/..", f"{region}/flavors/flavor/", f"{region}/flavors/flavor/x?y"):
            with pytest.raises(AaiError, match="refused to send"):
                aai.delete(path, "1")
        assert aai.writes == 0
        assert writes(servers) == []


def test_endless_pagination_stops_within_its_bound_and_nothing_is_written():
    with ReplayServers.start(default_region(), pagination="endless") as servers:
        nova = nova_source(servers, max_pages=40)
        start = time.perf_counter()
        with pytest.raises(NovaError, match=r"did not end after 40 pages \(160 flavors\)"):
            sync(servers, ALL, nova=nova)
        assert time.perf_counter() - start < 10
        assert servers.nova.pages_served == 40
        assert writes(servers) == []
    with (
        ReplayServers.start(default_region(), pagination="endless") as servers,
        pytest.raises(NovaError, match="passed 100 flavors after 26 pages"),
    ):
        sync(servers, ALL, nova=nova_source(servers, max_flavors=100))


def test_a_cycling_listing_with_fresh_markers_is_detected_at_the_first_repeat():
    with ReplayServers.start(default_region(), pagination="repeat") as servers:
        with pytest.raises(NovaError, match=r"flavor '1' listed twice \(page 2\): pagination cycles"):
            sync(servers, ALL)
        assert servers.nova.pages_served == 2
        assert writes(servers) == []


def test_a_deep_cloud_extra_info_faults_only_its_readers_and_the_region_goes_on():
    deep = '{"ovsDpdk": ' + "[" * 400 + "]" * 400 + "}"
    region = _region_of(["f1", "f2"], extra_specs={"f1": {"hw:cpu_policy": "dedicated"}}, cloud_extra_info=deep)
    with ReplayServers.start(region) as servers:
        summary = sync(servers, ALL)
        state = servers.aai.dump()
    assert summary.failed == 0
    assert {(f.flavor_id, f.driver, f.kind) for f in summary.faults} == {
        ("f1", "ovs-dpdk", "bad-input"),
        ("f2", "ovs-dpdk", "bad-input"),
    }
    assert all("nested deeper than 32 levels" in f.message for f in summary.faults)
    features = {c["hpa-feature"] for c in flavors(state)["f1"]["hpa-capabilities"]["hpa-capability"]}
    assert features == {"basicCapabilities", "localStorage", "cpuPinning"}


# -- TLS ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Two CAs and a server certificate for 127.0.0.1 signed by the first."""
    return make_pki(tmp_path_factory.mktemp("pki"))


def test_explicit_ca_bundles_win_over_ambient_requests_ca_bundle(pki, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", pki["ca2"])  # the wrong CA, ambient
    monkeypatch.setenv("CURL_CA_BUNDLE", pki["ca2"])
    with ReplayServers.start(default_region(), tls=(pki["server"], pki["key"])) as servers:
        assert servers.env["ONAP_HPA_AAI_URL"].startswith("https://")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(servers.env["ONAP_HPA_AAI_URL"], timeout=5)  # what the ambient CA gives
        nova = nova_source(servers, cacert=pki["ca1"])
        e = servers.env
        config = AaiConfig(e["ONAP_HPA_AAI_URL"], "AAI", "AAI", cacert=pki["ca1"], retry=FAST)
        with AaiClient(config) as aai:
            from onap_hpa_host.aai import RegionSync

            region = servers.region
            summary = RegionSync(
                nova, aai, cloud_owner=region.cloud_owner, cloud_region_id=region.cloud_region_id, host=ALL, retry=FAST
            ).run()
        assert summary.failed == 0
        assert summary.writes > 0


def test_a_certificate_aai_does_not_trust_fails_at_once_naming_the_setting(pki):
    with ReplayServers.start(default_region(), tls=(pki["server"], pki["key"])) as servers:
        config = AaiConfig(servers.env["ONAP_HPA_AAI_URL"], "AAI", "AAI", cacert=pki["ca2"])  # default: 4 tries
        start = time.perf_counter()
        with AaiClient(config) as aai, pytest.raises(CertificateError) as error:
            aai.flavors("ONAP-OpenStack", "RegionTwo")
        assert time.perf_counter() - start < 1  # no backoff: not retried as an outage
        assert "ONAP_HPA_AAI_CACERT" in str(error.value)
        assert "unavailable" not in str(error.value)
        with pytest.raises(NovaError, match="TLS certificate is not trusted: check OS_CACERT"):
            nova_source(servers, cacert=pki["ca2"]).flavors()
        assert servers.aai.requests == []


# -- secrets -----------------------------------------------------------------------------------------


class _Echo:
    """An AAI stand-in whose error body quotes back the basic-auth credentials it received."""

    from onap_hpa_harness.replay.faults import FaultSet

    faults = FaultSet()

    def respond(self, request: Request) -> Response:
        user, _, password = base64.b64decode(request.headers["Authorization"].split()[1]).decode().partition(":")
        text = f"user {user} with password {password} may not {request.method}; password={password}"
        return Response(400, {"requestError": {"serviceException": {"messageId": "SVC3000", "text": text}}})

    def error(self, request: Request, status: int, detail: str) -> Response:
        return Response(status, {"detail": detail})


@pytest.mark.parametrize("password", ["Zq9", "p", "x7"])
def test_secrets_of_any_length_are_scrubbed_from_error_messages(password):
    server = LoopbackServer(_Echo())
    try:
        with AaiClient(AaiConfig(server.url, "AAI", password, retry=FAST)) as aai, pytest.raises(AaiError) as error:
            aai.put(flavor_url("o", "r", "f"), {"flavor-id": "f"})
    finally:
        server.stop()
    message = str(error.value)
    assert message.startswith("AAI PUT /cloud-infrastructure/")
    assert f"password {password} " not in message
    assert f"password={password}" not in message
    assert "password ***" in message
    json.dumps(message)


# -- Nova microversions --------------------------------------------------------------------------------


def _nova_requests(servers: ReplayServers) -> list[str]:
    return [path for method, path, _ in servers.nova.requests if method == "GET" and "/compute/" in path]


def test_nova_with_2_61_lists_extra_specs_inline_one_request_per_page():
    region = default_region()
    with ReplayServers.start(region) as servers:
        summary = sync(servers, ALL)
        requests_ = _nova_requests(servers)
        assert servers.aai.dump() == region.aai_expected
    pages = [path for path in requests_ if "/flavors/detail" in path]
    assert not [path for path in requests_ if "os-extra_specs" in path]
    assert len(pages) == 3  # 10 public flavors, 4 a page
    assert len(requests_) == len(pages) + 1  # and the version document, once
    assert summary.discovered == 7


def test_an_older_nova_gets_the_base_api_and_one_extra_specs_request_per_discovered_flavor():
    region = default_region()
    with ReplayServers.start(region, max_microversion="2.60") as servers:
        summary = sync(servers, ALL)
        requests_ = _nova_requests(servers)
        assert servers.aai.dump() == region.aai_expected
    assert len([path for path in requests_ if "os-extra_specs" in path]) == summary.discovered == 7
