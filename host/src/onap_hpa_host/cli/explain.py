"""``onap-hpa explain FLAVOR_ID``: why a flavor got (or did not get) each capability, driver by driver.

Against request files (``--file``, as ``onap-hpa discover`` reads them) or a region: configured like
``onap-hpa sync`` (the same variables and flags), ``--replay DIR``, or, with nothing configured, the
demo region. Per driver: its status, the extra_spec keys it declares it reads and their values in this
flavor, the records it emitted (as the host accepted them, with their ids) or the faults it raised,
and what the host did. For a region, also who owns each capability AAI holds for the flavor and the
AAI change a sync would make. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from typing import Any

from onap_hpa_host import env

__all__ = ["configure", "explain_drivers", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """FLAVOR_ID, where to read it from, and the output format."""
    from onap_hpa_host.cli.sync import _SETTINGS

    parser.add_argument("flavor_id", metavar="FLAVOR_ID", help="the Nova flavor id")
    source = parser.add_argument_group("where the flavor comes from (default: the region onap-hpa sync would sync)")
    source.add_argument(
        "--file", action="append", metavar="FILE", help="request file(s) as onap-hpa discover reads them (repeatable)"
    )
    source.add_argument("--replay", metavar="REGION_DIR", help="a recorded region replayed on loopback")
    for dest, (variable, default) in _SETTINGS.items():
        shown = f" (default {default})" if default else ""
        source.add_argument(f"--{dest.replace('_', '-')}", dest=dest, metavar="VALUE", help=f"${variable}{shown}")
    source.add_argument("--flavor-prefix", metavar="PREFIX", help="as onap-hpa sync (default onap.)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _matches(pattern: str, key: str) -> bool:
    return key.startswith(pattern[:-1]) if pattern.endswith("*") else key == pattern


def explain_drivers(drivers: Sequence[Any], result: Any, extra_specs: Mapping[str, str] | None) -> list[dict[str, Any]]:
    """Per driver: status, keys read with their values, accepted records, faults, and what the host did."""
    specs = dict(extra_specs or {})
    faults = list(result.faults) if result is not None else []
    out = []
    for driver in drivers:
        reads = tuple(getattr(driver, "reads", ()) or ())
        read = {key: value for key, value in sorted(specs.items()) if any(_matches(p, key) for p in reads)}
        mine = [fault for fault in faults if fault.driver == driver.name]
        records = list(result.capabilities.get(driver.name, [])) if result is not None else []
        if driver.status != "loaded":
            host = f"not run ({driver.status}): the capabilities it wrote before stay in AAI, unowned this run"
        elif result is None or result.record is None:
            host = "not run: the request itself was refused"
        elif any(fault.alarming for fault in mine):
            host = "dropped this driver's records for the flavor (a driver fault, alarmed); its stored records are kept"
        elif mine:
            host = f"kept {len(records)} record(s); the malformed feature(s) are left out until the flavor is fixed"
        elif records:
            host = f"accepted {len(records)} record(s) with stable ids"
        else:
            host = "nothing to record: the flavor asks this driver for nothing"
        out.append(
            {
                "driver": driver.name,
                "status": driver.status,
                "declared_reads": list(reads),
                "reads": read,
                "records": records,
                "faults": [fault.as_dict() for fault in mine],
                "host": host,
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    """Explain one flavor; exit 1 when it is found nowhere."""
    from onap_hpa_host.ownership import check_driver_names

    check_driver_names()
    answer = _from_files(args) if args.file else _from_region(args)
    if answer is None:
        where = " ".join(args.file) if args.file else "the region's Nova listing or AAI"
        sys.stderr.write(f"onap-hpa explain: flavor {args.flavor_id!r} is not in {where}\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps(answer, default=str) + "\n")
    else:
        _print(answer)
    return 0


def _from_files(args: argparse.Namespace) -> dict[str, Any] | None:
    from onap_hpa_host.cli.discover import _requests
    from onap_hpa_host.host import Host

    for item in _requests(args.file):
        flavor = item.get("flavor") if isinstance(item, dict) else None
        if isinstance(flavor, dict) and str(flavor.get("id")) == args.flavor_id:
            host = Host()
            result = host.discover_data(flavor, item.get("extra_specs"), item.get("vim"))
            specs = item.get("extra_specs") if isinstance(item.get("extra_specs"), dict) else {}
            return {
                "flavor-id": args.flavor_id,
                "source": "file",
                "discovered": result.record is not None,
                "drivers": explain_drivers(host.drivers, result, specs),
                "faults": [fault.as_dict() for fault in result.faults],
                "aai": None,
            }
    return None


def _from_region(args: argparse.Namespace) -> dict[str, Any] | None:
    from onap_hpa_host.cli.sync import _PASSWORDS, _SETTINGS, _demo_provider, _setting

    variables = [variable for variable, _ in _SETTINGS.values()] + [*_PASSWORDS, "OS_CLOUD"]
    configured = any(getattr(args, dest) for dest in _SETTINGS) or any(os.environ.get(v) for v in variables)
    with ExitStack() as stack:
        if args.replay or not configured:
            provider = _demo_provider()
            if provider is None:
                sys.stderr.write("onap-hpa explain: no region configured, and the demo needs onap-hpa-harness\n")
                return None
            demo = stack.enter_context(provider(args.replay))
            settings = {dest: demo.env.get(_SETTINGS[dest][0], _SETTINGS[dest][1]) for dest in _SETTINGS}
            passwords = {variable: demo.env.get(variable) for variable in _PASSWORDS}
            environ: Mapping[str, str] = demo.env
        else:
            settings = {dest: _setting(args, dest) for dest in _SETTINGS}
            passwords = {variable: os.environ.get(variable) for variable in _PASSWORDS}
            environ = os.environ
        return _explain_region(args, settings, passwords, environ)


def _explain_region(
    args: argparse.Namespace, settings: Any, passwords: Any, environ: Mapping[str, str]
) -> dict[str, Any] | None:
    from onap_hpa_host.aai import AaiClient, RegionSync, name_prefix
    from onap_hpa_host.cli.sync import _aai_config, _vim_config
    from onap_hpa_host.host import Host
    from onap_hpa_host.nova import NovaSource

    owner, region = str(settings["cloud_owner"]), str(settings["cloud_region_id"])
    prefix = args.flavor_prefix if args.flavor_prefix is not None else os.environ.get(env.FLAVOR_PREFIX, "onap.")
    host = Host()
    with AaiClient(_aai_config(settings, passwords)) as aai:
        nova = NovaSource(_vim_config(args, settings, environ, aai, owner, region), preferred_region=region)
        try:
            sync = RegionSync(
                nova, aai, cloud_owner=owner, cloud_region_id=region, host=host, discover=name_prefix(prefix)
            )
            found = sync.explain(args.flavor_id)
        finally:
            nova.close()
    if not found["in_nova"] and not found["in_aai"]:
        return None
    result = found["result"]
    return {
        "flavor-id": args.flavor_id,
        "source": f"region {owner}/{region}",
        "in_nova": found["in_nova"],
        "in_aai": found["in_aai"],
        "discovered": found["discovered"],
        "prefix": prefix,
        "drivers": explain_drivers(host.drivers, result, found["extra_specs"]) if found["discovered"] else [],
        "faults": [fault.as_dict() for fault in found["faults"]],
        "owners": found["owners"],
        "aai": found["change"],
    }


def _print_driver(driver: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(f"driver {driver['driver']} ({driver['status']})\n")
    for key, value in driver["reads"].items():
        out.write(f"  read {key} = {value!r}\n")
    if not driver["reads"] and driver["status"] == "loaded":
        if driver["declared_reads"]:
            out.write(f"  read: none of its keys is set ({', '.join(driver['declared_reads'])})\n")
        else:
            out.write("  read: no extra_spec key declared (the flavor's own fields, the VIM's cloud_extra_info)\n")
    for record in driver["records"]:
        attrs = ", ".join(
            f"{a.get('hpa-attribute-key')}={a.get('hpa-attribute-value')}"
            for a in record.get("hpa-feature-attributes", [])
        )
        out.write(f"  emitted {record.get('hpa-feature')} {record.get('hpa-capability-id')} [{attrs}]\n")
    for fault in driver["faults"]:
        out.write(f"  fault {fault['kind']}: {fault['message']}\n")
    out.write(f"  host: {driver['host']}\n")


def _print(answer: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(f"flavor {answer['flavor-id']!r} ({answer['source']})\n")
    if "in_nova" in answer and not answer["in_nova"]:
        out.write("  not in Nova's listing any more: a sync deletes it from AAI with its capabilities\n")
    elif "prefix" in answer and not answer["discovered"]:
        out.write(
            f"  not discovered: its name does not start with {answer['prefix']!r} (written without capabilities)\n"
        )
    for fault in answer["faults"]:
        if fault["driver"] == "host":
            out.write(f"  refused: {fault['message']}\n")
    for driver in answer["drivers"]:
        _print_driver(driver)
    change = answer.get("aai")
    if change is None:
        return
    out.write(f"AAI: {change['action']}\n")
    owners = answer.get("owners", {})
    for verb in ("create", "update", "delete"):
        for cap in change["capabilities"][verb]:
            owner = owners.get(str(cap["hpa-capability-id"]), {})
            who = f" ({owner['category']}{' by ' + owner['driver'] if owner.get('driver') else ''})" if owner else ""
            out.write(f"  {verb} {cap['hpa-feature']} {cap['hpa-capability-id']}{who}\n")
    touched = {str(c["hpa-capability-id"]) for verb in ("update", "delete") for c in change["capabilities"][verb]}
    for cap_id, owner in owners.items():
        if cap_id not in touched and owner["category"] == "unowned":
            by = f" (written by {owner['driver']}, not loaded)" if owner.get("driver") else ""
            out.write(f"  keep {cap_id}: no loaded driver owns it{by}\n")
