"""Where a sync finds the VIM's Keystone and credentials, in the order an operator expects.

1. The OpenStack client variables (``OS_AUTH_URL`` and friends, or their flags): ``OS_AUTH_TYPE``,
   application credentials (``OS_APPLICATION_CREDENTIAL_ID``/``_SECRET``) and the ``*_ID`` variants included.
2. ``OS_CLOUD``: a cloud of the clouds.yaml files the OpenStack clients read (``OS_CLIENT_CONFIG_FILE``,
   ``./clouds.yaml``, ``~/.config/openstack/clouds.yaml``, ``/etc/openstack/clouds.yaml``; the first that
   exists), with ``secure.yaml`` merged over it.
3. Nothing of the above: AAI, as MultiCloud does it. The cloud region's ``esr-system-info`` holds the
   Keystone URL (``service-url``), ``user-name``, ``password``, ``default-tenant``, ``cloud-domain``,
   ``ssl-cacert`` (a PEM bundle, or a path) and ``ssl-insecure``; ``cloud-extra-info``'s
   ``openstack-region-id`` names the region in Keystone's catalog.

TLS verification is on unless the operator switches it off: ``--insecure``, ``verify: false`` in
clouds.yaml or ``ssl-insecure`` in AAI; each says so loudly (:class:`~onap_hpa_host.nova.NovaSource`).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from onap_hpa_host.errors import SyncConfigError
from onap_hpa_host.nova import OpenStackConfig

__all__ = ["CLOUDS_YAML_PATHS", "from_clouds_yaml", "from_environment", "from_esr", "openstack_region_id"]

#: Where the OpenStack clients look for clouds.yaml (after ``OS_CLIENT_CONFIG_FILE``), first found wins.
CLOUDS_YAML_PATHS: Final = ("clouds.yaml", "~/.config/openstack/clouds.yaml", "/etc/openstack/clouds.yaml")
SECURE_YAML_PATHS: Final = ("secure.yaml", "~/.config/openstack/secure.yaml", "/etc/openstack/secure.yaml")
#: ``OS_*`` variables that go into the keystoneauth1 plugin's options as they are.
_AUTH_VARIABLES: Final = {
    "OS_USER_ID": "user_id",
    "OS_PROJECT_ID": "project_id",
    "OS_TENANT_ID": "project_id",
    "OS_USER_DOMAIN_ID": "user_domain_id",
    "OS_PROJECT_DOMAIN_ID": "project_domain_id",
    "OS_APPLICATION_CREDENTIAL_ID": "application_credential_id",
    "OS_APPLICATION_CREDENTIAL_NAME": "application_credential_name",
    "OS_APPLICATION_CREDENTIAL_SECRET": "application_credential_secret",
    "OS_TOKEN": "token",
    "OS_SYSTEM_SCOPE": "system_scope",
}
_TRUE: Final = ("1", "true", "yes", "on", "t", "y")


def _flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE)


def from_environment(settings: Mapping[str, Any], environ: Mapping[str, str], **common: Any) -> OpenStackConfig | None:
    """The VIM from the ``OS_*`` variables (``settings`` merges their flags in); None without ``OS_AUTH_URL``."""
    auth_url = settings.get("os_auth_url")
    if not auth_url:
        return None
    extra = {option: environ[name] for name, option in _AUTH_VARIABLES.items() if environ.get(name)}
    auth_type = environ.get("OS_AUTH_TYPE") or (
        "v3applicationcredential" if "application_credential_secret" in extra else "password"
    )
    if auth_type in ("password", "v3password"):
        missing = [f"$OS_{name.upper()}" for name in ("username", "password") if not _value(settings, environ, name)]
        if not (settings.get("os_project_name") or "project_id" in extra):
            missing.append("$OS_PROJECT_NAME (or $OS_PROJECT_ID)")
        if missing:
            raise SyncConfigError("onap-hpa sync", f"is missing {', '.join(missing)}", "the VIM's Keystone credentials")
    return OpenStackConfig(
        auth_url=str(auth_url),
        username=str(settings.get("os_username") or ""),
        password=str(environ.get("OS_PASSWORD") or ""),
        project_name=str(settings.get("os_project_name") or ""),
        user_domain_name=str(settings.get("os_user_domain_name") or "Default"),
        project_domain_name=str(settings.get("os_project_domain_name") or "Default"),
        region_name=settings.get("os_region_name"),
        cacert=settings.get("os_cacert"),
        interface=str(settings.get("os_interface") or "public"),
        auth_type=auth_type,
        auth=extra,
        **common,
    )


def _value(settings: Mapping[str, Any], environ: Mapping[str, str], name: str) -> str:
    return str(settings.get(f"os_{name}") or environ.get(f"OS_{name.upper()}") or "")


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SyncConfigError(str(path), f"cannot be read ({type(error).__name__})", "a clouds.yaml file") from None
    if not isinstance(data, dict) or not isinstance(data.get("clouds", {}), dict):
        raise SyncConfigError(str(path), "has no 'clouds' mapping", "clouds: {<name>: {auth: {...}}}")
    return data


def _first(paths: list[str]) -> Path | None:
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_file():
            return path
    return None


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), dict) else value
    return out


def from_clouds_yaml(cloud: str, environ: Mapping[str, str], **common: Any) -> OpenStackConfig:
    """The VIM of cloud ``cloud`` in clouds.yaml (and secure.yaml), as the OpenStack clients read it."""
    configured = [environ["OS_CLIENT_CONFIG_FILE"]] if environ.get("OS_CLIENT_CONFIG_FILE") else []
    path = _first(configured + list(CLOUDS_YAML_PATHS))
    if path is None:
        looked = ", ".join(configured + list(CLOUDS_YAML_PATHS))
        raise SyncConfigError(
            f"OS_CLOUD={cloud}", f"but no clouds.yaml was found (looked in {looked})", "a clouds.yaml"
        )
    clouds = _read_yaml(path).get("clouds", {})
    secure_paths = [environ["OS_CLIENT_SECURE_FILE"]] if environ.get("OS_CLIENT_SECURE_FILE") else []
    secure = _first(secure_paths + list(SECURE_YAML_PATHS))
    if secure is not None:
        clouds = _merge(clouds, _read_yaml(secure).get("clouds", {}))
    entry = clouds.get(cloud)
    if not isinstance(entry, dict):
        names = ", ".join(sorted(map(str, clouds))) or "none"
        raise SyncConfigError(f"OS_CLOUD={cloud}", f"names no cloud of {path}", f"one of: {names}")
    if entry.get("profile"):
        raise SyncConfigError(
            f"cloud {cloud} in {path}", "uses a vendor profile", "its auth_url and options written out"
        )
    auth = dict(entry.get("auth") or {})
    auth_url = auth.pop("auth_url", None)
    if not auth_url:
        raise SyncConfigError(f"cloud {cloud} in {path}", "has no auth.auth_url", "the Keystone URL of the cloud")
    verify = entry.get("verify", True)
    named = ("username", "password", "project_name", "user_domain_name", "project_domain_name")
    fields = {name: str(auth.pop(name)) for name in named if auth.get(name) not in (None, "")}
    return OpenStackConfig(
        auth_url=str(auth_url),
        region_name=entry.get("region_name") or None,
        cacert=entry.get("cacert") or None,
        interface=str(entry.get("interface") or "public"),
        auth_type=str(entry.get("auth_type") or "password"),
        auth={key: value for key, value in auth.items() if value not in (None, "")},
        insecure=verify is False or _flag(entry.get("insecure")),
        **fields,
        **common,
    )


def openstack_region_id(cloud_region: Mapping[str, Any] | None) -> str | None:
    """The Keystone region MultiCloud keeps in ``cloud-extra-info`` (``openstack-region-id``), if any."""
    extra = (cloud_region or {}).get("cloud-extra-info")
    try:
        parsed = json.loads(extra) if isinstance(extra, str) and extra.strip() else extra
    except ValueError:
        return None
    region = parsed.get("openstack-region-id") if isinstance(parsed, dict) else None
    return str(region) if isinstance(region, str) and region else None


_BUNDLES: list[str] = []


def _bundle(pem: str) -> str:
    """A file holding ``pem`` (AAI keeps the CA bundle itself), removed when the process ends."""
    if not _BUNDLES:
        directory = tempfile.mkdtemp(prefix="onap-hpa-ca-")
        atexit.register(shutil.rmtree, directory, True)
        _BUNDLES.append(directory)
    handle, path = tempfile.mkstemp(suffix=".pem", dir=_BUNDLES[0])
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(pem if pem.endswith("\n") else pem + "\n")
    return path


def from_esr(
    cloud_owner: str,
    cloud_region_id: str,
    infos: list[dict[str, Any]],
    cloud_region: Mapping[str, Any] | None = None,
    **common: Any,
) -> OpenStackConfig:
    """The VIM of a cloud region from its AAI ``esr-system-info`` (the ``VIM`` one, else the only one)."""
    where = f"cloud region {cloud_owner}/{cloud_region_id} in AAI"
    vims = [info for info in infos if str(info.get("system-type", "VIM")).upper() == "VIM"] or infos
    if not vims:
        raise SyncConfigError(
            where,
            "has no esr-system-info (and no OS_* variables or OS_CLOUD are set)",
            "a region registered with MultiCloud (its esr-system-info holds the VIM's Keystone URL and credentials)",
        )
    info = vims[0]
    url = info.get("service-url")
    if not isinstance(url, str) or not url:
        raise SyncConfigError(f"{where}: esr-system-info", "has no service-url", "the VIM's Keystone URL")
    cacert_value = info.get("ssl-cacert")
    cacert = None
    if isinstance(cacert_value, str) and cacert_value.strip():
        if "-----BEGIN" in cacert_value:
            cacert = _bundle(cacert_value)
        elif Path(cacert_value).is_file():
            cacert = cacert_value
        else:
            raise SyncConfigError(f"{where}: ssl-cacert", "is neither a PEM bundle nor a file", "a CA bundle")
    domain = str(info.get("cloud-domain") or "Default")
    return OpenStackConfig(
        auth_url=url,
        username=str(info.get("user-name") or ""),
        password=str(info.get("password") or ""),
        project_name=str(info.get("default-tenant") or ""),
        user_domain_name=domain,
        project_domain_name=domain,
        region_name=openstack_region_id(cloud_region),
        cacert=cacert,
        insecure=_flag(info.get("ssl-insecure")),
        **common,
    )
