"""The harness as a pytest plugin (entry point ``pytest11``), for our drivers' tests and a vendor's.

Fixtures: ``hpa_region`` (the packaged default region, or the one named by ``--hpa-region``) and
``hpa_replay`` (Keystone/Nova/AAI replay servers over it). With ``--hpa-conformance DIST`` (repeatable),
every conformance check of each named driver distribution runs as a test item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from onap_hpa_harness.fixtures import Region
    from onap_hpa_harness.replay import ReplayServers


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--hpa-region DIR`` and ``--hpa-conformance DIST``."""
    group = parser.getgroup("onap-hpa", "onap-hpa harness")
    group.addoption("--hpa-region", default=None, help="region directory for the hpa_region fixture")
    group.addoption(
        "--hpa-conformance",
        action="append",
        default=[],
        metavar="DIST",
        help="run every conformance check of this installed driver distribution as a test (repeatable)",
    )


class ConformanceItem(pytest.Item):
    """One conformance check of one driver; fails with the check's reason."""

    def __init__(self, *, distribution: str, check: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.distribution = distribution
        self.check = check

    def runtest(self) -> None:
        """Run (once per driver, cached) every check and report this one."""
        from onap_hpa_harness.conformance import run_distribution
        from onap_hpa_harness.fixtures import find_fixtures_root

        cache = self.config.stash.setdefault(_REPORTS, {})
        if self.distribution not in cache:
            cache[self.distribution] = run_distribution(self.distribution, find_fixtures_root(self.config.rootpath))
        failures, skips = [], []
        for report in cache[self.distribution]:  # one per driver the distribution ships
            result = next((c for c in report.checks if c.name == self.check), report.checks[0])
            if result.skipped:
                skips.append(f"{report.target}: {result.name}: {result.detail}")
            elif not result.passed:
                failures.append(f"{report.target}: {result.name}: {result.detail}")
        if failures:
            pytest.fail("\n".join(failures), pytrace=False)
        if skips:
            pytest.skip("\n".join(skips))

    def reportinfo(self) -> tuple[str, int, str]:
        """Where pytest says the item lives."""
        return "onap-hpa conformance", 0, f"{self.distribution}::{self.check}"


_REPORTS = pytest.StashKey[dict[str, Any]]()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Append one item per check per ``--hpa-conformance`` distribution."""
    from onap_hpa_harness.conformance import CHECKS

    for distribution in config.getoption("--hpa-conformance"):
        for check in CHECKS:
            name = f"conformance[{distribution}::{check}]"
            items.append(ConformanceItem.from_parent(session, name=name, distribution=distribution, check=check))


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
