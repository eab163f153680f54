"""``onap-hpa schema``: the JSON Schema every driver record is validated against."""

from __future__ import annotations

import argparse
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """No options: the schema is printed as shipped."""
    del parser


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from onap_hpa_host.validation import schema_text

    del args
    sys.stdout.write(schema_text())
    return 0
