"""The harness's pytest plugin as a vendor uses it: ``pytest --hpa-conformance DIST`` and the replay fixtures."""

from __future__ import annotations

import pytest

from onap_hpa_harness.conformance import CHECKS

from .conftest import REPO

pytest_plugins = ["pytester"]


def test_conformance_items_pass_for_a_conforming_driver(pytester: pytest.Pytester) -> None:
    pytester.chdir()
    (pytester.path / "fixtures").symlink_to(REPO / "fixtures")
    result = pytester.runpytest_subprocess(
        "--hpa-conformance", "onap-device-driver-sriov-nic", "-v", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=len(CHECKS))
    result.stdout.fnmatch_lines(["*conformance?onap-device-driver-sriov-nic::budget? PASSED*"])


def test_conformance_item_fails_with_the_reason(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--hpa-conformance", "onap-device-driver-nope", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=len(CHECKS))
    result.stdout.fnmatch_lines(["*is not installed*"])


def test_replay_fixture_serves_the_default_region(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests

        def test_aai(hpa_replay):
            region = hpa_replay.region
            url = hpa_replay.aai_url + "/cloud-infrastructure/cloud-regions/cloud-region/{}/{}".format(
                region.cloud_owner, region.cloud_region_id)
            headers = {"X-FromAppId": "vendor", "X-TransactionId": "1"}
            assert requests.get(url, headers=headers, auth=("AAI", "AAI"), timeout=10).status_code == 200
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
