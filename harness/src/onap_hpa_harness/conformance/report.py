"""Conformance outcomes and their three renderings: a readable summary, JUnit XML and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

__all__ = ["CheckResult", "DriverReport", "as_json", "as_junit", "as_text"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check of one driver: passed, failed or skipped (could not run), and why.

    ``data`` holds machine-readable findings for the JSON report (the slowest flavor, the failing flavor,
    the attempts seen...).
    """

    name: str
    passed: bool
    detail: str
    seconds: float = 0.0
    skipped: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``passed``, ``failed`` or ``skipped``."""
        return "passed" if self.passed else "skipped" if self.skipped else "failed"


@dataclass(slots=True)
class DriverReport:
    """Every check of one driver (a distribution name or a wheel path)."""

    target: str
    distribution: str
    version: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when no check failed and none was skipped (a check skips when the driver never loaded)."""
        return bool(self.checks) and all(check.passed for check in self.checks)


_MARK = {"passed": "PASS", "failed": "FAIL", "skipped": "SKIP"}


def as_text(reports: list[DriverReport]) -> str:
    """One header per driver, one line per check: ``PASS``/``FAIL``/``SKIP``, the check, the detail or reason."""
    lines = []
    for report in reports:
        verdict = "PASS" if report.passed else "FAIL"
        if report.distribution:
            lines.append(f"{verdict} {report.distribution} {report.version} ({report.target})")
        else:  # a binary that never said which distribution it ships in
            lines.append(f"{verdict} {report.target}")
        width = max((len(check.name) for check in report.checks), default=0)
        for check in report.checks:
            status = _MARK[check.status]
            detail = " ".join(check.detail.splitlines())  # one line per check, whatever the reason holds
            lines.append(f"  {status}  {check.name.ljust(width)}  {detail}")
    failed = [r.distribution or r.target for r in reports if not r.passed]
    lines.append(
        f"{len(reports) - len(failed)} of {len(reports)} drivers conform" + (f"; failing: {failed}" if failed else "")
    )
    return "\n".join(lines) + "\n"


def as_json(reports: list[DriverReport]) -> str:
    """Machine-readable form: ``{"passed": bool, "drivers": [{target, distribution, version, passed, checks}]}``.

    Each check: ``name``, ``passed``, ``status`` (passed, failed, skipped), ``detail``, ``seconds``, ``data``.
    """
    drivers: list[dict[str, Any]] = [
        {
            **{k: v for k, v in asdict(r).items() if k != "checks"},
            "passed": r.passed,
            "checks": [{**asdict(c), "status": c.status} for c in r.checks],
        }
        for r in reports
    ]
    return json.dumps({"passed": all(r.passed for r in reports), "drivers": drivers}, indent=2) + "\n"


def as_junit(reports: list[DriverReport]) -> str:
    """JUnit XML: one testsuite per driver, one testcase per check, a ``failure`` with the reason."""
    root = ET.Element("testsuites", name="onap-hpa conformance")
    for report in reports:
        failures = sum(check.status == "failed" for check in report.checks)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=report.distribution,
            tests=str(len(report.checks)),
            failures=str(failures),
            errors="0",
            skipped=str(sum(check.skipped for check in report.checks)),
            time=f"{sum(c.seconds for c in report.checks):.3f}",
        )
        for check in report.checks:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"conformance.{report.distribution}",
                name=check.name,
                time=f"{check.seconds:.3f}",
            )
            if check.passed:
                ET.SubElement(case, "system-out").text = check.detail
            elif check.skipped:
                ET.SubElement(case, "skipped", message=check.detail)
            else:
                ET.SubElement(case, "failure", message=check.detail).text = check.detail
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
