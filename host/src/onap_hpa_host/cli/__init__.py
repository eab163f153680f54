"""``onap-hpa``: the command line. Each subcommand lives in its own module, imported only when run.

Subcommands of other onap-hpa distributions (the harness's ``replay`` and ``conformance``) are found
through the ``onap.hpa.commands`` entry point group, so the SDK does not depend on them.

Every error a user can cause is one line on stderr, never a traceback (:func:`main` is the last
guard): see :data:`EXIT_STATUS`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Final

from onap_hpa.errors import OnapHpaError
from onap_hpa_host.cli.version import VersionAction
from onap_hpa_host.logs import run_context

__all__ = ["EXIT_STATUS", "main"]

#: What each exit status means, for every command (``onap-hpa --help`` prints it).
EXIT_STATUS: Final = {
    0: "done (driver faults and malformed flavors are reported, not failures)",
    1: "failed: a flavor not written or the region unreadable (sync), a driver not loaded (drivers), "
    "a request file that cannot be read or is not JSON (discover), an unexpected error",
    2: "usage or configuration error: a bad flag, setting or environment value, an unknown driver name, "
    "no driver loaded, a --replay directory that is not a recorded region",
    130: "interrupted (Ctrl-C)",
    141: "the output pipe was closed early (onap-hpa ... | head): the rest of the output is dropped quietly",
}

COMMAND_GROUP: Final = "onap.hpa.commands"

#: Built-in subcommands: name -> (module, one-line help).
BUILTIN: Final = {
    "drivers": ("onap_hpa_host.cli.drivers", "list installed drivers, their status and load errors"),
    "discover": ("onap_hpa_host.cli.discover", "discover HPA capabilities of flavors given as JSON requests"),
    "schema": ("onap_hpa_host.cli.schema", "print the JSON Schema of an accepted hpa-capability record"),
    "sync": ("onap_hpa_host.cli.sync", "sync a cloud region's flavors from Nova into AAI (nothing configured: a demo)"),
    "explain": (
        "onap_hpa_host.cli.explain",
        "why a flavor gets (or not) each capability, driver by driver; writes nothing",
    ),
    "new-driver": ("onap_hpa_host.cli.new_driver", "create a new driver distribution from the vendor template"),
    "alarms": ("onap_hpa_host.cli.alarms", "list the active driver alarms from the state file the syncs keep"),
}


def _commands(wanted: str | None) -> dict[str, tuple[str, str]]:
    commands = dict(BUILTIN)
    if wanted in commands:
        return commands  # the common path: no entry point scan at start-up
    if sys.version_info >= (3, 10):
        from importlib.metadata import entry_points
    else:  # Python 3.9: entry_points(group=...) and EntryPoint.dist come from the backport
        from importlib_metadata import entry_points

    for ep in entry_points(group=COMMAND_GROUP):
        commands.setdefault(ep.name, (ep.value, f"(from {ep.dist.name if ep.dist else ep.value})"))
    return commands


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``onap-hpa``; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    wanted = next((arg for arg in args_list if not arg.startswith("-")), None)
    commands = _commands(wanted)
    epilog = "exit status: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_STATUS.items())
    parser = argparse.ArgumentParser(
        prog="onap-hpa", description="Pluggable HPA discovery for ONAP MultiCloud.", epilog=epilog
    )
    parser.add_argument("--version", action=VersionAction, help="print the version of every onap-hpa distribution")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in sorted(commands.items()):
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:
            importlib.import_module(module).configure(command)
    args = parser.parse_args(args_list)
    try:
        module = importlib.import_module(commands[args.command][0])
        with run_context():  # one RequestID per command run: in its log lines and on its AAI requests
            status = int(module.run(args))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at interpreter exit
        return status
    except BrokenPipeError:
        return _pipe_closed()
    except KeyboardInterrupt:
        _say(args.command, "interrupted")
        return 130
    except OnapHpaError as error:
        # Typed errors name what is wrong and what was expected; ValueError kinds are bad input or settings.
        _say(args.command, str(error))
        return 2 if isinstance(error, ValueError) else 1
    except Exception as error:  # the last guard: one line, the traceback only in the debug log
        logging.getLogger("onap_hpa_host.cli").debug("unexpected error", exc_info=True)
        _say(args.command, f"unexpected {type(error).__name__}: {error} (please report it, with onap-hpa --version)")
        return 1


def _say(command: str, message: str) -> None:
    text = " ".join(message.split())  # one line, whatever the message held
    try:
        sys.stderr.write(f"onap-hpa {command}: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _pipe_closed() -> int:
    """The reader of our output went away (``| head``): drop the rest quietly, as ``cat`` would."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not raise again
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 141


if __name__ == "__main__":
    raise SystemExit(main())
