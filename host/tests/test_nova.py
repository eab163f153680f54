"""Keystone v3 + Nova source over real HTTP against the harness's Keystone/Nova replay."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest

from onap_hpa_harness.fixtures import default_region
from onap_hpa_harness.replay import FaultPlan, ReplayServers
from onap_hpa_host.aai import NovaError, RetryPolicy
from onap_hpa_host.nova import NovaSource, OpenStackConfig, identity_url

FAST = RetryPolicy(attempts=3, backoff=0.01)


@pytest.fixture
def servers() -> Iterator[ReplayServers]:
    with ReplayServers.start(default_region()) as running:
        yield running


def _config(servers: ReplayServers) -> OpenStackConfig:
    e = servers.env
    return OpenStackConfig(
        auth_url=e["OS_AUTH_URL"],
        username=e["OS_USERNAME"],
        password=e["OS_PASSWORD"],
        project_name=e["OS_PROJECT_NAME"],
        user_domain_name=e["OS_USER_DOMAIN_NAME"],
        project_domain_name=e["OS_PROJECT_DOMAIN_NAME"],
        region_name=e["OS_REGION_NAME"],
        retry=FAST,
    )


def _public(servers: ReplayServers) -> list[str]:
    flavors = servers.region.flavors
    return sorted(str(f["id"]) for f in flavors if f.get("os-flavor-access:is_public", True))


def test_lists_every_public_flavor_across_pages(servers):
    nova = NovaSource(_config(servers))
    flavors = nova.flavors()
    assert sorted(f["id"] for f in flavors) == _public(servers)
    pages = [path for method, path, _ in servers.nova.requests if "/flavors/detail" in path]
    assert len(pages) > 1  # the replay serves four flavors per page: pagination was followed
    assert nova.compute_url == servers.nova_url


def test_reads_extra_specs_of_ids_with_spaces(servers):
    nova = NovaSource(_config(servers))
    assert nova.extra_specs("onap large.v2") == servers.region.extra_specs["onap large.v2"]


def test_the_region_defaults_to_the_cloud_region_then_to_the_only_one(servers):
    unset = replace(_config(servers), region_name=None)
    assert NovaSource(unset, preferred_region="Elsewhere").compute_url == servers.nova_url
    with pytest.raises(NovaError, match=r"no public compute endpoint for region 'Mars' \(catalog regions: RegionTwo\)"):
        _ = NovaSource(replace(unset, region_name="Mars")).compute_url


def test_an_expired_token_is_renewed_once(servers):
    nova = NovaSource(_config(servers))
    nova.flavors()
    servers.nova.faults.add(FaultPlan(status=401, method="GET", path="os-extra_specs", times=1))
    assert nova.extra_specs("onap.medium") == servers.region.extra_specs["onap.medium"]
    tokens = [path for method, path, _ in servers.nova.requests if method == "POST"]
    assert len(tokens) == 2


def test_reads_are_retried_through_5xx_and_dropped_connections(servers):
    servers.nova.faults.add(FaultPlan(status=503, path="os-extra_specs", times=1))
    servers.nova.faults.add(FaultPlan(drop=True, path="os-extra_specs", times=1))
    servers.nova.faults.add(FaultPlan(status=500, method="POST", times=1))
    nova = NovaSource(_config(servers))
    assert nova.extra_specs("100") == servers.region.extra_specs["100"]


def test_wrong_credentials_say_what_to_check_and_never_show_the_password(servers, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-pw-7d1e"
    nova = NovaSource(replace(_config(servers), password=wrong))
    with pytest.raises(
        NovaError, match=r"Keystone \(password\) at .* failed \(Unauthorized.*HTTP 401.*check the credentials"
    ):
        nova.flavors()
    assert wrong not in caplog.text
    assert wrong not in repr(_config(servers))


def test_an_unreachable_vim_is_a_nova_error(servers):
    config = _config(servers)
    servers.stop()
    with pytest.raises(NovaError, match=r"Unable to establish connection.*check that Keystone is reachable"):
        NovaSource(config).flavors()
    assert config.password not in repr(config)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://k:5000", "http://k:5000/v3"),
        ("http://k:5000/v3/", "http://k:5000/v3"),
        ("https://k/identity/v3", "https://k/identity/v3"),
    ],
)
def test_identity_url(given, expected):
    assert identity_url(given) == expected


def test_keystone_v2_is_refused():
    with pytest.raises(NovaError, match=r"v2\.0 endpoint"):
        identity_url("http://k:5000/v2.0")


def test_keystone_through_keystoneauth_with_an_application_credential(servers):
    credential = servers.nova.application_credential
    config = OpenStackConfig(
        auth_url=servers.keystone_url,
        auth_type="v3applicationcredential",
        auth={"application_credential_id": credential["id"], "application_credential_secret": credential["secret"]},
        region_name=servers.region.cloud_region_id,
        retry=FAST,
    )
    nova = NovaSource(config)
    assert sorted(f["id"] for f in nova.flavors()) == _public(servers)
    wrong = replace(config, auth={**config.auth, "application_credential_secret": "nope-secret-91"})
    with pytest.raises(NovaError, match="check the credentials") as error:
        NovaSource(wrong).flavors()
    assert "nope-secret-91" not in str(error.value)
    assert "nope-secret-91" not in repr(wrong)


def test_an_unknown_auth_type_names_the_ones_there_are(servers):
    with pytest.raises(NovaError, match=r"unknown auth type 'passwd'\); one of .*v3applicationcredential"):
        NovaSource(replace(_config(servers), auth_type="passwd")).flavors()
