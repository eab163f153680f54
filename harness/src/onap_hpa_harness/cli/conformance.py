"""``onap-hpa conformance [DIST|WHEEL ...] [--exec BINARY ...]``: the release gate for drivers.

Each argument is an installed distribution name or a wheel path (installed into a throw-away venv and
checked there; a platform wheel whose entry points are ``exec:`` binaries too); ``--exec`` adds a protocol
worker binary (a Go driver), checked as the host runs it; with none of them, every installed driver is
checked. Every check runs the driver in its sandboxed worker, as the plugin does. Prints one line per
check, writes ``--junit`` / ``--json`` / ``--text`` reports, and exits 1 when any check of any driver
fails; whatever a driver does (crash, hang, exit), the reports are written.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Targets, reports and the tunables of the checks."""
    from onap_hpa_harness.conformance.checks import BUDGET_MS, EXAMPLES

    parser.add_argument("targets", nargs="*", metavar="DIST|WHEEL", help="distribution names or wheel paths")
    parser.add_argument(
        "--exec",
        dest="executables",
        action="append",
        default=[],
        metavar="BINARY",
        help="a protocol worker binary (e.g. a Go driver) to check as the host runs it; repeat for several",
    )
    parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    parser.add_argument("--json", type=Path, help="write a JSON report here")
    parser.add_argument("--text", type=Path, help="write the printed summary here too")
    parser.add_argument("--fixtures", type=Path, help="fixtures root (default: $ONAP_HPA_FIXTURES or ./fixtures)")
    parser.add_argument("--budget-ms", type=float, default=BUDGET_MS, help=f"per-flavor budget (default {BUDGET_MS})")
    parser.add_argument(
        "--examples", type=int, default=EXAMPLES, help=f"generated hostile flavors (default {EXAMPLES})"
    )
    parser.add_argument(
        "--wheel-file",
        metavar="WHEEL",
        help="the one DIST given is installed from this wheel: check the wheel's file name too (tox passes it)",
    )
    parser.add_argument("--known-drivers", help=argparse.SUPPRESS)  # JSON {entry point: distribution}, wheel runner


def run(args: argparse.Namespace) -> int:
    """Check every target and report; exit 1 when any check fails, 2 on a usage error."""
    from onap_hpa_harness.conformance import as_json, as_junit, as_text, run_distribution, run_targets
    from onap_hpa_harness.conformance.report import CheckResult, DriverReport
    from onap_hpa_harness.fixtures import find_fixtures_root

    # Faults are the report's business: the host's per-fault log lines would only repeat them.
    logging.getLogger("onap_hpa").addHandler(logging.NullHandler())
    logging.getLogger("onap_hpa").propagate = False
    fixtures = args.fixtures or find_fixtures_root()
    known = json.loads(args.known_drivers) if args.known_drivers else None
    options = {"budget_ms": args.budget_ms, "examples": args.examples}
    if args.wheel_file and (len(args.targets) != 1 or args.executables):
        sys.stderr.write("onap-hpa conformance: --wheel-file names the wheel of exactly one DIST\n")
        return 2
    try:
        if args.wheel_file:
            reports = run_distribution(args.targets[0], fixtures, wheel=args.wheel_file, known=known, **options)
        else:
            reports = run_targets(args.targets, fixtures, known=known, executables=args.executables, **options)
    except Exception as error:  # noqa: BLE001 - the reports are written whatever happened
        failed = DriverReport(" ".join(args.targets + args.executables) or "(installed drivers)", "", "")
        failed.checks.append(CheckResult("gate", False, f"the gate failed: {type(error).__name__}: {error}"))
        reports = [failed]
    text = as_text(reports)
    sys.stdout.write(text)
    for path, content in ((args.json, as_json), (args.junit, as_junit), (args.text, lambda _: text)):
        if path:
            path.write_text(content(reports), encoding="utf-8")
    if not reports:
        sys.stderr.write("onap-hpa conformance: no driver to check (none installed, none given)\n")
        return 1
    return 0 if all(report.passed for report in reports) else 1
