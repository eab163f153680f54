"""``onap-hpa``: the command line. Each subcommand lives in its own module, imported only when run.

Subcommands of other onap-hpa distributions (the harness's ``replay`` and ``conformance``) are found
through the ``onap.hpa.commands`` entry point group, so the SDK does not depend on them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Final

from onap_hpa_host.cli.version import VersionAction
from onap_hpa_host.logs import run_context

__all__ = ["main"]

COMMAND_GROUP: Final = "onap.hpa.commands"

#: Built-in subcommands: name -> (module, one-line help).
BUILTIN: Final = {
    "drivers": ("onap_hpa_host.cli.drivers", "list installed drivers, their status and load errors"),
    "discover": ("onap_hpa_host.cli.discover", "discover HPA capabilities of flavors given as JSON requests"),
    "schema": ("onap_hpa_host.cli.schema", "print the JSON Schema of an accepted hpa-capability record"),
    "sync": ("onap_hpa_host.cli.sync", "sync a cloud region's flavors from Nova into AAI (nothing configured: a demo)"),
    "new-driver": ("onap_hpa_host.cli.new_driver", "create a new driver distribution from the vendor template"),
    "alarms": ("onap_hpa_host.cli.alarms", "list the active driver alarms from the state file the syncs keep"),
}


def _commands(wanted: str | None) -> dict[str, tuple[str, str]]:
    commands = dict(BUILTIN)
    if wanted in commands:
        return commands  # the common path: no entry point scan at start-up
    from importlib.metadata import entry_points

    for ep in entry_points(group=COMMAND_GROUP):
        commands.setdefault(ep.name, (ep.value, f"(from {ep.dist.name if ep.dist else ep.value})"))
    return commands


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``onap-hpa``; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    wanted = next((arg for arg in args_list if not arg.startswith("-")), None)
    commands = _commands(wanted)
    parser = argparse.ArgumentParser(prog="onap-hpa", description="Pluggable HPA discovery for ONAP MultiCloud.")
    parser.add_argument("--version", action=VersionAction, help="print the version of every onap-hpa distribution")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in sorted(commands.items()):
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:
            importlib.import_module(module).configure(command)
    args = parser.parse_args(args_list)
    module = importlib.import_module(commands[args.command][0])
    with run_context():  # one RequestID per command run: in its log lines and on its AAI requests
        return int(module.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
