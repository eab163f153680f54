"""The harness as a pytest plugin (entry point ``pytest11``), for our drivers' tests and a vendor's.

Fixtures: ``hpa_region`` (the packaged default region, or the one named by ``--hpa-region``) and
``hpa_replay`` (Keystone/Nova/AAI replay servers over it). With ``--hpa-conformance DIST`` (repeatable),
every conformance check of each named driver distribution runs as a test item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from onap_hpa_harness.fixtures import Region
    from onap_hpa_harness.replay import ReplayServers


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--hpa-region DIR`` and ``--hpa-conformance DIST``."""
    group = parser.getgroup("onap-hpa", "onap-hpa harness")
    group.addoption("--hpa-region", default=None, help="region directory for the hpa_region fixture")


@pytest.fixture
def hpa_region(request: pytest.FixtureRequest) -> Region:
    """A recorded region: ``--hpa-region`` or the harness's default region."""
    from onap_hpa_harness.fixtures import default_region, load_region

    path = request.config.getoption("--hpa-region")
    return load_region(path) if path else default_region()


@pytest.fixture
def hpa_replay(hpa_region: Region) -> Iterator[ReplayServers]:
    """Keystone/Nova and AAI replay servers over ``hpa_region``, stopped after the test."""
    from onap_hpa_harness.replay import ReplayServers

    with ReplayServers.start(hpa_region) as servers:
        yield servers
