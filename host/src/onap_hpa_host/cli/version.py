"""``onap-hpa --version``: the version of every onap-hpa distribution in this environment.

A plugin image is assembled from several wheels (the driver API, the host, the compatibility
``onaphpadriver``, one per driver, maybe the harness); a bug report needs all of their versions, not
only the one that owns the command.
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from typing import Any, Final

__all__ = ["DRIVER_PREFIX", "VersionAction", "distributions", "report"]

#: Distributions of this project, in the order they are listed (each only when installed).
CORE: Final = (
    ("onap-hpa-sdk", "driver API"),
    ("onap-hpa-host", "host and onap-hpa command"),
    ("onap-hpa-harness", "replay servers and conformance"),
    ("onaphpadriver", "compatibility hpa package"),
)
#: Driver distributions are named so (and found by their ``onap.hpa.drivers`` entry points too).
DRIVER_PREFIX: Final = "onap-device-driver-"
_DRIVER_GROUP: Final = "onap.hpa.drivers"


def distributions() -> list[tuple[str, str, str]]:
    """``(distribution, version, role)`` for each installed onap-hpa distribution: core first, then drivers."""
    from importlib.metadata import PackageNotFoundError, version
    from importlib.metadata import distributions as installed

    found: list[tuple[str, str, str]] = []
    for name, role in CORE:
        try:
            found.append((name, version(name), role))
        except PackageNotFoundError:
            continue
    drivers: dict[str, str] = {}
    for dist in installed():  # Distribution.entry_points: also on Python 3.9, unlike EntryPoint.dist
        name = _canonical(dist.metadata["Name"] or "")
        if name.startswith(DRIVER_PREFIX) or any(ep.group == _DRIVER_GROUP for ep in dist.entry_points):
            drivers.setdefault(name, dist.version)
    found += [(name, drivers[name], "driver") for name in sorted(drivers)]
    return found


def report() -> str:
    """The ``--version`` text: one line per distribution, the Python it runs on first."""
    rows = distributions()
    own = next((ver for name, ver, _ in rows if name == "onap-hpa-host"), "unknown")
    width = max((len(name) for name, _, _ in rows), default=0)
    lines = [f"onap-hpa {own} (Python {platform.python_version()}, {sys.platform})"]
    for name, ver, role in rows:
        note = role
        if name == "onaphpadriver" and not ver.startswith("2."):
            note = "the original hpa package: not backed by the drivers"
        lines.append(f"  {name:<{width}}  {ver:<10} {note}")
    return "\n".join(lines) + "\n"


def _canonical(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


class VersionAction(argparse.Action):
    """``--version``: prints :func:`report` and exits 0 (computed only when asked for)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "print versions and exit")
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        del namespace, values, option_string
        sys.stdout.write(report())
        parser.exit(0)
