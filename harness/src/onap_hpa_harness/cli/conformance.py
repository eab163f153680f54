"""``onap-hpa conformance [DIST|WHEEL ...]``: the release gate for drivers.

Each argument is an installed distribution name or a wheel path (installed into a throw-away venv
with uv and checked there); with none, every installed driver is checked. Prints one line per
check, writes ``--junit`` / ``--json`` reports, and exits 1 when any check of any driver fails.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Targets, reports and the tunables of the checks."""
    from onap_hpa_harness.conformance.checks import BUDGET_MS, EXAMPLES

    parser.add_argument("targets", nargs="*", metavar="DIST|WHEEL", help="distribution names or wheel paths")
    parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    parser.add_argument("--json", type=Path, help="write a JSON report here")
    parser.add_argument("--fixtures", type=Path, help="fixtures root (default: $ONAP_HPA_FIXTURES or ./fixtures)")
    parser.add_argument("--budget-ms", type=float, default=BUDGET_MS, help=f"per-flavor budget (default {BUDGET_MS})")
    parser.add_argument("--examples", type=int, default=EXAMPLES, help=f"hostile examples (default {EXAMPLES})")
    parser.add_argument("--wheel-file", help=argparse.SUPPRESS)  # set by the wheel runner inside its venv


def run(args: argparse.Namespace) -> int:
    """Check every target and report."""
    from onap_hpa_harness.conformance import as_json, as_junit, as_text, run_distribution, run_targets
    from onap_hpa_harness.fixtures import find_fixtures_root

    # Faults are the report's business: the host's per-fault log lines would only repeat them.
    logging.getLogger("onap_hpa").addHandler(logging.NullHandler())
    logging.getLogger("onap_hpa").propagate = False
    fixtures = args.fixtures or find_fixtures_root()
    if args.wheel_file:
        (name,) = args.targets
        reports = run_distribution(
            name, fixtures, wheel=args.wheel_file, budget_ms=args.budget_ms, examples=args.examples
        )
    else:
        reports = run_targets(args.targets, fixtures, budget_ms=args.budget_ms, examples=args.examples)
    sys.stdout.write(as_text(reports))
    if args.json:
        args.json.write_text(as_json(reports), encoding="utf-8")
    if args.junit:
        args.junit.write_text(as_junit(reports), encoding="utf-8")
    if not reports:
        sys.stderr.write("onap-hpa conformance: no driver to check (none installed, none given)\n")
        return 1
    return 0 if all(report.passed for report in reports) else 1
