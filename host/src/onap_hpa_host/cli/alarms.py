"""``onap-hpa alarms``: the driver alarms raised now, read from the state the syncs keep (poll mode).

Each ``onap-hpa sync`` with ``ONAP_HPA_ALARM_STATE`` set records which driver faults on which flavors
of its region; a raise or clear is also pushed to VES. This command reads that state back, so an
operator or a monitoring job can poll it: driver, region, since when, how many flavors, and the first
reason. ``--state`` takes state files or directories of them (``*.json``; the Helm chart keeps one file
per region on a shared volume); default: ``$ONAP_HPA_ALARM_STATE``.

Exit status: 0 (alarms or none), 2 when no state is configured or a state file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from onap_hpa_host import env

if TYPE_CHECKING:
    from onap_hpa_host.alarms import ActiveAlarm

__all__ = ["configure", "run"]

_COLUMNS = ("DRIVER", "REGION", "SINCE (UTC)", "FLAVORS", "FIRST REASON")


def configure(parser: argparse.ArgumentParser) -> None:
    """``--state PATH`` (repeatable) and ``--json``."""
    parser.add_argument(
        "--state",
        action="append",
        metavar="PATH",
        help=f"alarm state file, or a directory of them (repeatable; default ${env.ALARM_STATE})",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of the active alarms")


def run(args: argparse.Namespace) -> int:
    """Print the active alarms of every state file given."""
    from onap_hpa_host.alarms import read_active

    paths = args.state or ([env.value(env.ALARM_STATE)] if env.value(env.ALARM_STATE) else [])
    if not paths:
        sys.stderr.write(
            f"onap-hpa alarms: no alarm state to read: give --state PATH or set ${env.ALARM_STATE} "
            "(the file onap-hpa sync keeps its alarms in)\n"
        )
        return 2
    alarms: list[ActiveAlarm] = []
    for path in _files(paths):
        try:
            alarms += read_active(path)
        except (OSError, ValueError) as error:
            sys.stderr.write(f"onap-hpa alarms: cannot read the alarm state {path}: {error}\n")
            return 2
    alarms.sort(key=lambda a: (a.cloud_owner, a.cloud_region_id, a.driver))
    if args.json:
        sys.stdout.write(json.dumps([alarm.as_dict() for alarm in alarms], indent=2) + "\n")
    elif not alarms:
        sys.stdout.write("no active alarms\n")
    else:
        sys.stdout.write(_table(alarms))
    return 0


def _files(paths: list[str]) -> list[Path]:
    """Each path, a directory standing for its ``*.json`` files; missing files are kept (they hold no alarm)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return files


def _table(alarms: list[ActiveAlarm]) -> str:
    rows = [
        (
            alarm.driver,
            f"{alarm.cloud_owner}/{alarm.cloud_region_id}",
            alarm.since or "?",
            str(len(alarm.flavors)),
            f"flavor {alarm.first_flavor} ({alarm.first_kind}): {alarm.first_reason}",
        )
        for alarm in alarms
    ]
    widths = [max(len(row[i]) for row in [_COLUMNS, *rows]) for i in range(len(_COLUMNS) - 1)]
    lines = ["  ".join([*(row[i].ljust(widths[i]) for i in range(len(widths))), row[-1]]) for row in [_COLUMNS, *rows]]
    return "\n".join(line.rstrip() for line in lines) + "\n"
