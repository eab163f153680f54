"""``python -m onap_hpa_harness.conformance.worker NAME VALUE``: one driver's results over the corpus, as JSON.

The ``stable`` check runs this in fresh processes (other hash seeds) and compares with its own run.
"""

from __future__ import annotations

import json
import sys

from onap_hpa_harness.conformance.checks import DEADLINE, discover_corpus
from onap_hpa_harness.conformance.corpus import fixture_corpus
from onap_hpa_harness.fixtures import find_fixtures_root
from onap_hpa_host import Host


def main(argv: list[str]) -> int:
    """Print the results of driver ``argv[0]`` (entry point value ``argv[1]``)."""
    name, value = argv
    host = Host(installed=True, only=[name], disable=(), deadline=DEADLINE)
    record = next((d for d in host.drivers if d.name == name and d.source == value), None)
    if record is None or record.status != "loaded":
        sys.stderr.write(f"driver {name!r} not loaded: {record.error if record else 'not found'}\n")
        return 1
    json.dump(discover_corpus(host, fixture_corpus(find_fixtures_root())), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
