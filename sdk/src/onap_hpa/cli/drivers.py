"""``onap-hpa drivers``: which drivers are installed, loaded or refused, and why."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["configure", "run"]

COLUMNS = ("driver", "distribution", "version", "contract", "features", "status")


def configure(parser: argparse.ArgumentParser) -> None:
    """``--json`` for machines."""
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")


def run(args: argparse.Namespace) -> int:
    """Print every driver found; exit 1 when any installed driver could not be loaded."""
    from onap_hpa.drivers import BLOCKED, LOADED
    from onap_hpa.host import Host

    drivers = Host().drivers
    if args.json:
        json.dump([driver.as_dict() for driver in drivers], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        rows = [
            (
                d.name,
                d.distribution,
                d.version,
                d.contract,
                ",".join(sorted(d.features)),
                d.status if not d.error else f"{d.status}: {d.error}",
            )
            for d in drivers
        ]
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(COLUMNS[:-1])]
        for row in [tuple(c.upper() for c in COLUMNS), *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            sys.stdout.write("  ".join([*cells, row[-1]]).rstrip() + "\n")
        if not rows:
            sys.stdout.write("(no drivers installed in the onap.hpa.drivers entry point group)\n")
    return 0 if all(d.status in (LOADED, BLOCKED) for d in drivers) else 1
