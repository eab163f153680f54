"""``onap-hpa fixtures``: regenerate expected AAI states, record a region from a live Nova.

``onap-hpa fixtures regenerate REGION_DIR...`` rewrites each ``aai/expected.json`` with the drivers
installed in this environment (rerun it whenever a driver changes what it emits; ``--check`` only
reports stale files and exits 1). ``onap-hpa fixtures record OUT_DIR`` reads a live Nova, either
with ``--token`` and ``--nova-url`` or with Keystone credentials (``--auth-url`` and the ``OS_*``
variables), and writes a new region directory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Two actions: regenerate, record."""
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    regen = actions.add_parser("regenerate", help="recompute aai/expected.json with the installed drivers")
    regen.add_argument("regions", nargs="+", metavar="REGION_DIR")
    regen.add_argument("--check", action="store_true", help="do not write; exit 1 if any file is stale")
    record = actions.add_parser("record", help="record a region from a live Nova")
    record.add_argument("out", metavar="OUT_DIR", help="region directory to create (its name is the region's)")
    record.add_argument("--nova-url", default=os.environ.get("OS_COMPUTE_URL"), help="Nova endpoint (with --token)")
    record.add_argument("--token", default=os.environ.get("OS_TOKEN"), help="Keystone token (with --nova-url)")
    record.add_argument("--auth-url", default=os.environ.get("OS_AUTH_URL"), help="Keystone v3 URL")
    record.add_argument("--username", default=os.environ.get("OS_USERNAME"))
    record.add_argument("--project", default=os.environ.get("OS_PROJECT_NAME"))
    record.add_argument("--domain", default=os.environ.get("OS_USER_DOMAIN_NAME", "Default"))
    record.add_argument("--cloud-owner", required=True)
    record.add_argument("--cloud-region-id", required=True)
    record.add_argument("--vim-type", default="openstack", help="VIM type as MultiCloud holds it")
    record.add_argument("--vim-version", default="", help="VIM version as MultiCloud holds it")
    record.add_argument("--cloud-extra-info", default="", help="cloud_extra_info (a JSON string)")
    record.add_argument("--description", default="", help="what this region is, for fixtures/README.md")


def run(args: argparse.Namespace) -> int:
    """Dispatch to the action."""
    if args.action == "regenerate":
        return _regenerate(args)
    return _record(args)


def _regenerate(args: argparse.Namespace) -> int:
    from onap_hpa_harness import cluster as clusters
    from onap_hpa_harness.expected import expected_document, regenerate
    from onap_hpa_harness.fixtures import load_region
    from onap_hpa_host import Host

    host = Host()
    stale = 0
    for path in args.regions:
        if clusters.is_cluster(path):  # a Kubernetes cluster: its node profiles, with the node drivers
            if args.check:
                document = clusters.expected_document(clusters.load_cluster(path))
                current = json.loads((Path(path) / "aai" / "expected.json").read_text(encoding="utf-8"))
                changed = current != document
            else:
                changed = clusters.regenerate(path)
        elif args.check:
            region = load_region(path)
            document = expected_document(region, host)
            current = json.loads((Path(path) / "aai" / "expected.json").read_text(encoding="utf-8"))
            changed = current != document
        else:
            changed = regenerate(path, host)
        stale += changed
        verb = ("stale" if args.check else "rewritten") if changed else "up to date"
        sys.stdout.write(f"{path}: aai/expected.json {verb}\n")
    return 1 if args.check and stale else 0


def _record(args: argparse.Namespace) -> int:
    import requests

    from onap_hpa_harness.record import keystone_token, read_nova, write_region

    session = requests.Session()
    if args.token and args.nova_url:
        token, nova_url = args.token, args.nova_url
        source = f"recorded from {nova_url} with a token"
    elif args.auth_url and args.username:
        password = os.environ.get("OS_PASSWORD", "")
        token, nova_url = keystone_token(
            session,
            args.auth_url,
            username=args.username,
            password=password,
            project=args.project or "",
            domain=args.domain,
            region=args.cloud_region_id,
        )
        source = f"recorded from {nova_url} (Keystone {args.auth_url})"
    else:
        sys.stderr.write("onap-hpa fixtures record: give --token and --nova-url, or --auth-url and --username\n")
        return 2
    flavors, extra_specs = read_nova(session, nova_url, token)
    viminfo = {
        "vimId": f"{args.cloud_owner}_{args.cloud_region_id}",
        "cloud_owner": args.cloud_owner,
        "cloud_region_id": args.cloud_region_id,
        "type": args.vim_type,
        "version": args.vim_version,
        "name": args.cloud_region_id,
        "url": args.auth_url or "",
        "userName": args.username or "",
        "password": "",
        "tenant": args.project or "",
        "domain": args.domain,
        "cloud_extra_info": args.cloud_extra_info,
    }
    out = Path(args.out)
    write_region(
        out, viminfo=viminfo, flavors=flavors, extra_specs=extra_specs, description=args.description, source=source
    )
    sys.stdout.write(f"{out}: {len(flavors)} flavors recorded; run `onap-hpa fixtures regenerate {out}`\n")
    return 0
