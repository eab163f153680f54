"""Documentation generated from metadata stays current."""

from __future__ import annotations

import re

from onap_hpa_host import Host
from onap_hpa_host.cli.drivers import markdown

from .conftest import REPO

SECTION = re.compile(r"(<!-- drivers:begin[^\n]*-->\n)(.*?)(<!-- drivers:end -->)", re.DOTALL)


def test_readme_driver_table_matches_the_installed_drivers() -> None:
    readme = (REPO / "README.md").read_text()
    match = SECTION.search(readme)
    assert match, "README.md lost its drivers:begin/end markers"
    table = markdown(Host().drivers)
    assert match.group(2) == table, (
        "README.md's driver table is stale: replace it with the output of `onap-hpa drivers --markdown`"
    )
