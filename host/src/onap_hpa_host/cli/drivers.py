"""``onap-hpa drivers``: which drivers are installed, loaded or refused, and why; each driver's worker
process (state, start-up time) and the sandbox protections active on this machine."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onap_hpa.drivers import DriverRecord

__all__ = ["configure", "markdown", "run"]

COLUMNS = ("driver", "distribution", "version", "contract", "features", "worker", "status")


def configure(parser: argparse.ArgumentParser) -> None:
    """``--json`` for machines, ``--markdown`` for the README's driver table."""
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    output.add_argument(
        "--markdown", action="store_true", help="print the loaded drivers as the README's Markdown table"
    )


def markdown(drivers: Sequence[DriverRecord]) -> str:
    """One row per distribution: its drivers, their features and its summary (from its metadata)."""
    from importlib.metadata import PackageNotFoundError, metadata

    by_dist: dict[str, list[DriverRecord]] = {}
    for driver in drivers:
        if driver.status == "loaded":
            by_dist.setdefault(driver.distribution, []).append(driver)
    lines = ["| distribution | drivers | hpa-features | what it reads |", "|---|---|---|---|"]
    for dist, records in sorted(by_dist.items()):
        try:
            summary = metadata(dist)["Summary"] or ""
        except PackageNotFoundError:
            summary = ""
        summary = summary.split(": ", 1)[-1]  # drop the "onap-hpa driver: " prefix every summary has
        names = ", ".join(f"`{r.name}`" for r in records)
        features = ", ".join(f"`{f}`" for f in sorted(set().union(*(r.features for r in records))))
        lines.append(f"| `{dist}` | {names} | {features} | {summary} |")
    return "\n".join(lines) + "\n"


def _in_process(driver: DriverRecord) -> dict[str, object]:
    return {"state": "in-process" if driver.status == "loaded" else "-"}


def _worker_cell(worker: dict[str, object]) -> str:
    state = str(worker.get("state", "-"))
    if state == "ready":
        return f"ready ({worker.get('startup_seconds', 0):.2f} s start)"
    return state


def _protections(workers: dict[str, dict[str, object]], isolation: str) -> str:
    """One line on the sandbox every worker runs in (the same policy for all), and what this machine lacks."""
    if isolation != "process":
        return "\nsandbox: off (ONAP_HPA_ISOLATION=inprocess: drivers run inside this process)\n"
    started = [worker for worker in workers.values() if worker.get("protections")]
    if not started:
        return ""
    active = ", ".join(str(item) for item in started[0]["protections"])  # type: ignore[attr-defined]
    text = f"\nsandbox: {active}\n"
    missing = started[0].get("missing") or {}
    for name, why in sorted(missing.items()):  # type: ignore[attr-defined]
        text += f"sandbox: {name} unavailable: {why}\n"
    return text


def run(args: argparse.Namespace) -> int:
    """Print every driver found; exit 1 when any installed driver could not be loaded.

    A name in ``ONAP_HPA_DRIVERS`` / ``ONAP_HPA_DISABLE`` that matches no installed driver is a warning
    here (one line on stderr); ``sync`` and ``discover`` refuse to run with it.
    """
    from onap_hpa.drivers import BLOCKED, LOADED
    from onap_hpa_host.host import Host
    from onap_hpa_host.ownership import describe_unknown, installed_driver_names, unknown_driver_names

    host = Host()
    drivers = host.drivers
    workers = host.workers()
    host.close()
    installed = installed_driver_names()
    unknown = unknown_driver_names(installed)
    if unknown:
        have = ", ".join(sorted(installed)) or "none"
        sys.stderr.write(
            f"onap-hpa drivers: warning: {describe_unknown(unknown)} but no installed driver has that name "
            f"(installed: {have}); onap-hpa sync and discover refuse to run until it is fixed\n"
        )
    if args.markdown:
        sys.stdout.write(markdown(drivers))
    elif args.json:
        listed = [{**driver.as_dict(), "worker": workers.get(driver.name, _in_process(driver))} for driver in drivers]
        json.dump(listed, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        rows = [
            (
                d.name,
                d.distribution,
                d.version,
                d.contract,
                ",".join(sorted(d.features)),
                _worker_cell(workers.get(d.name, _in_process(d))),
                d.status if not d.error else f"{d.status}: {d.error}",
            )
            for d in drivers
        ]
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(COLUMNS[:-1])]
        for row in [tuple(c.upper() for c in COLUMNS), *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)]
            sys.stdout.write("  ".join([*cells, row[-1]]).rstrip() + "\n")
        if not rows:
            sys.stdout.write("(no drivers installed in the onap.hpa.drivers entry point group)\n")
        sys.stdout.write(_protections(workers, host.isolation))
    return 0 if all(d.status in (LOADED, BLOCKED) for d in drivers) else 1
