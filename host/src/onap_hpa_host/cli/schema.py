"""``onap-hpa schema``: the JSON Schema every driver record is validated against, and the HPA feature catalogue.

With no option it prints the record schema, as it always has; ``--catalogue`` prints the catalogue of
every hpa-feature the host checks strictly (keys, value types, units, cardinality); ``--catalogue-schema``
prints the JSON Schema of the catalogue, whose ``$defs/feature`` is how a driver declares a new feature.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """``--catalogue`` or ``--catalogue-schema``; neither: the record schema."""
    parser.description = (
        "print the JSON Schema of an accepted hpa-capability record; with --catalogue, the HPA feature catalogue "
        "(every hpa-feature the host checks strictly); with --catalogue-schema, the catalogue's JSON Schema"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--catalogue",
        action="store_true",
        help="print the HPA feature catalogue: every hpa-feature ONAP knows, its attribute keys, value types and units",
    )
    which.add_argument(
        "--catalogue-schema",
        action="store_true",
        help="print the JSON Schema of the catalogue ($defs/feature: how a driver declares a new feature)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema or the catalogue, as shipped."""
    if getattr(args, "catalogue", False):
        from onap_hpa_host.catalogue import catalogue_text as text
    elif getattr(args, "catalogue_schema", False):
        from onap_hpa_host.catalogue import catalogue_schema_text as text
    else:
        from onap_hpa_host.validation import schema_text as text
    sys.stdout.write(text())
    return 0
