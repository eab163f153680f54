"""The conformance gate: every check a driver must pass before it reaches a plugin image.

``onap-hpa conformance [DIST|WHEEL ...] [--exec BINARY ...]`` and the pytest plugin
(``--hpa-conformance DIST``) both run :data:`onap_hpa_harness.conformance.checks.CHECKS` through
:func:`run_targets`. The driver always runs in its sandboxed worker, as in production
(:mod:`onap_hpa_harness.conformance.session`), a Python driver and a protocol worker binary (a Go driver)
alike; the gate's own process never imports it, so nothing the driver does can stop the gate from
writing its reports.
"""

from __future__ import annotations

from onap_hpa_harness.conformance.checks import BUDGET_MS, CHECKS, EXAMPLES
from onap_hpa_harness.conformance.report import CheckResult, DriverReport, as_json, as_junit, as_text
from onap_hpa_harness.conformance.runner import (
    installed_drivers,
    run_distribution,
    run_executable,
    run_targets,
    run_wheel,
)

__all__ = [
    "BUDGET_MS",
    "CHECKS",
    "EXAMPLES",
    "CheckResult",
    "DriverReport",
    "as_json",
    "as_junit",
    "as_text",
    "installed_drivers",
    "run_distribution",
    "run_executable",
    "run_targets",
    "run_wheel",
]
