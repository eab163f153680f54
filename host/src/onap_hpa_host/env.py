"""Every environment variable onap-hpa reads, in one place, with its meaning and default."""

from __future__ import annotations

import os
from typing import Final

from onap_hpa_host.errors import SyncConfigError

__all__ = [
    "DRIVER_TIMEOUT",
    "OPENSTACK",
    "SYNC",
    "VARIABLES",
    "driver_list",
    "driver_timeout",
    "positive",
    "value",
    "whole",
]

#: Comma-separated driver names to load; unset loads every installed driver.
DRIVERS: Final = "ONAP_HPA_DRIVERS"
#: Comma-separated driver names the operator blocks; they show as ``blocked`` in ``onap-hpa drivers``.
DISABLE: Final = "ONAP_HPA_DISABLE"
#: Seconds one hook call of one driver may take for one flavor (default 2).
DRIVER_TIMEOUT: Final = "ONAP_HPA_DRIVER_TIMEOUT"
#: ``1`` logs every driver call (driver, flavor, duration, record count) at DEBUG level.
TRACE_DRIVERS: Final = "ONAP_HPA_TRACE_DRIVERS"
#: ``process`` (default): every installed driver in its own sandboxed worker; ``inprocess``: tests only.
ISOLATION: Final = "ONAP_HPA_ISOLATION"
#: Sandbox limits of each driver worker, and extra variables a worker may see (see workers/config.py).
WORKER_MEMORY_MB: Final = "ONAP_HPA_WORKER_MEMORY_MB"
WORKER_CPU_SECONDS: Final = "ONAP_HPA_WORKER_CPU_SECONDS"
WORKER_FILES: Final = "ONAP_HPA_WORKER_FILES"
WORKER_ENV: Final = "ONAP_HPA_WORKER_ENV"


# -- `onap-hpa sync`: the VIM, read with the standard OpenStack client variables -------------------
#: Keystone v3 URL (``.../v3``; a URL without a version gets ``/v3`` appended).
OS_AUTH_URL: Final = "OS_AUTH_URL"
#: Keystone user name.
OS_USERNAME: Final = "OS_USERNAME"
#: Keystone password (only from the environment, never a command-line argument).
OS_PASSWORD: Final = "OS_PASSWORD"  # noqa: S105 - the variable name, not a password
#: Project the token is scoped to.
OS_PROJECT_NAME: Final = "OS_PROJECT_NAME"
#: Domain of the user (default ``Default``).
OS_USER_DOMAIN_NAME: Final = "OS_USER_DOMAIN_NAME"
#: Domain of the project (default ``Default``).
OS_PROJECT_DOMAIN_NAME: Final = "OS_PROJECT_DOMAIN_NAME"
#: Region of the compute endpoint in the Keystone catalog (default: the cloud region id if the catalog
#: has it, else the catalog's only compute region).
OS_REGION_NAME: Final = "OS_REGION_NAME"
#: CA bundle for Keystone and Nova TLS (default: the system's trust store).
OS_CACERT: Final = "OS_CACERT"
#: Catalog interface of the compute endpoint: ``public`` (default), ``internal`` or ``admin``.
OS_INTERFACE: Final = "OS_INTERFACE"
#: A cloud of clouds.yaml (used when ``OS_AUTH_URL`` is unset; see :mod:`onap_hpa_host.vim_config`).
OS_CLOUD: Final = "OS_CLOUD"
#: keystoneauth1 auth type (default ``password``, or ``v3applicationcredential`` with an application credential).
OS_AUTH_TYPE: Final = "OS_AUTH_TYPE"
#: Application credential id and secret (the secret only from the environment).
OS_APPLICATION_CREDENTIAL_ID: Final = "OS_APPLICATION_CREDENTIAL_ID"
OS_APPLICATION_CREDENTIAL_SECRET: Final = "OS_APPLICATION_CREDENTIAL_SECRET"  # noqa: S105 - the variable name

# -- `onap-hpa sync`: a Kubernetes cloud region, read through its API server -------------------------
#: kubeconfig of a Kubernetes cloud region (the one the Kubernetes plugin stores for it): the sync then lists
#: the cluster's nodes and syncs its node profiles as flavors, with the drivers that read node facts; the
#: ``OS_*`` variables are not read. Its current context is used; relative paths are relative to its directory.
KUBECONFIG: Final = "ONAP_HPA_KUBECONFIG"

# -- `onap-hpa sync`: AAI and the cloud region ------------------------------------------------------
#: AAI REST base, e.g. ``https://aai.onap:8443/aai/v13``; without ``/aai/vNN`` the version below is added.
AAI_URL: Final = "ONAP_HPA_AAI_URL"
#: AAI API version used when ``ONAP_HPA_AAI_URL`` names none (default ``v13``, as MultiCloud uses).
AAI_VERSION: Final = "ONAP_HPA_AAI_VERSION"
#: AAI basic-auth user.
AAI_USER: Final = "ONAP_HPA_AAI_USER"
#: AAI basic-auth password (only from the environment, never a command-line argument).
AAI_PASSWORD: Final = "ONAP_HPA_AAI_PASSWORD"  # noqa: S105 - the variable name
#: CA bundle for AAI TLS (default: the system's trust store; verification is never switched off).
AAI_CACERT: Final = "ONAP_HPA_AAI_CACERT"
#: ``X-FromAppId`` sent to AAI (default ``onap-hpa``).
AAI_APP_ID: Final = "ONAP_HPA_AAI_APP_ID"
#: Cloud owner of the region in AAI.
CLOUD_OWNER: Final = "ONAP_HPA_CLOUD_OWNER"
#: Cloud region id in AAI.
CLOUD_REGION_ID: Final = "ONAP_HPA_CLOUD_REGION_ID"
#: Flavors whose name starts with this prefix get HPA discovery (default ``onap.``; empty: every flavor).
FLAVOR_PREFIX: Final = "ONAP_HPA_FLAVOR_PREFIX"
#: Flavors synced in parallel (default 8).
SYNC_WORKERS: Final = "ONAP_HPA_SYNC_WORKERS"
#: Seconds to wait for one HTTP response from Keystone, Nova, AAI or VES (default 30).
HTTP_TIMEOUT: Final = "ONAP_HPA_HTTP_TIMEOUT"
#: Most pages of Nova's flavor listing one sync reads before it stops with an error (default 1000).
NOVA_MAX_PAGES: Final = "ONAP_HPA_NOVA_MAX_PAGES"
#: Most flavors one sync reads from Nova's listing before it stops with an error (default 100000).
NOVA_MAX_FLAVORS: Final = "ONAP_HPA_NOVA_MAX_FLAVORS"
#: Cloud regions ``onap-hpa sync --all-regions`` syncs at once (default 2).
REGION_WORKERS: Final = "ONAP_HPA_REGION_WORKERS"

# -- alarms (VES fault events) ----------------------------------------------------------------------
#: VES collector event listener, e.g. ``https://ves-collector:8443/eventListener/v7``; unset: alarms are logged.
VES_URL: Final = "ONAP_HPA_VES_URL"
#: VES collector basic-auth user (optional).
VES_USER: Final = "ONAP_HPA_VES_USER"
#: VES collector basic-auth password (optional; only from the environment).
VES_PASSWORD: Final = "ONAP_HPA_VES_PASSWORD"  # noqa: S105 - the variable name
#: CA bundle for the VES collector's TLS (default: the system's trust store).
VES_CACERT: Final = "ONAP_HPA_VES_CACERT"
#: JSON file keeping which alarms are raised between runs; unset: each ``sync`` run re-asserts every
#: driver's alarm state (raise or clear), as a stateless CronJob should.
ALARM_STATE: Final = "ONAP_HPA_ALARM_STATE"

#: The OpenStack variables ``onap-hpa sync`` reads.
OPENSTACK: Final = (
    OS_AUTH_URL,
    OS_USERNAME,
    OS_PASSWORD,
    OS_PROJECT_NAME,
    OS_USER_DOMAIN_NAME,
    OS_PROJECT_DOMAIN_NAME,
    OS_REGION_NAME,
    OS_CACERT,
    OS_INTERFACE,
)
#: The AAI and region variables ``onap-hpa sync`` reads.
SYNC: Final = (AAI_URL, AAI_VERSION, AAI_USER, AAI_PASSWORD, AAI_CACERT, AAI_APP_ID, CLOUD_OWNER, CLOUD_REGION_ID)

VARIABLES: Final = {
    DRIVERS: "comma-separated driver names to load (default: all installed)",
    DISABLE: "comma-separated driver names to block",
    DRIVER_TIMEOUT: "seconds per driver hook call (default 2)",
    TRACE_DRIVERS: "1 to log every driver call at DEBUG level",
    ISOLATION: "process (default: each driver in its own sandboxed worker) or inprocess (tests and benchmarks)",
    WORKER_MEMORY_MB: "memory (data segment) limit of each driver worker, MiB (default 256)",
    WORKER_CPU_SECONDS: "CPU time limit of each driver worker over its life, seconds (default 600)",
    WORKER_FILES: "open files limit of each driver worker (default 64)",
    WORKER_ENV: "comma-separated host variables a driver worker may see (never a secret-looking name)",
    OS_AUTH_URL: "Keystone v3 URL of the VIM",
    OS_USERNAME: "Keystone user name",
    OS_PASSWORD: "Keystone password (environment only)",
    OS_PROJECT_NAME: "Keystone project to scope the token to",
    OS_USER_DOMAIN_NAME: "domain of the user (default Default)",
    OS_PROJECT_DOMAIN_NAME: "domain of the project (default Default)",
    OS_REGION_NAME: "region of the compute endpoint (default: the cloud region id, or the only one)",
    OS_CACERT: "CA bundle for Keystone and Nova TLS",
    OS_INTERFACE: "catalog interface of the compute endpoint (default public)",
    KUBECONFIG: "kubeconfig of a Kubernetes cloud region: sync its node profiles instead of Nova flavors",
    AAI_URL: "AAI REST base, e.g. https://aai:8443/aai/v13",
    AAI_VERSION: "AAI API version when ONAP_HPA_AAI_URL has none (default v13)",
    AAI_USER: "AAI basic-auth user",
    AAI_PASSWORD: "AAI basic-auth password (environment only)",
    AAI_CACERT: "CA bundle for AAI TLS",
    AAI_APP_ID: "X-FromAppId sent to AAI (default onap-hpa)",
    CLOUD_OWNER: "cloud owner of the region in AAI",
    CLOUD_REGION_ID: "cloud region id in AAI",
    FLAVOR_PREFIX: "flavor name prefix that gets HPA discovery (default onap.; empty: all)",
    SYNC_WORKERS: "flavors synced in parallel (default 8)",
    HTTP_TIMEOUT: "seconds per HTTP response from Keystone, Nova, AAI, VES (default 30)",
    NOVA_MAX_PAGES: "most pages of Nova's flavor listing a sync reads (default 1000)",
    NOVA_MAX_FLAVORS: "most flavors a sync reads from Nova's listing (default 100000)",
    REGION_WORKERS: "cloud regions onap-hpa sync --all-regions syncs at once (default 2)",
    OS_CLOUD: "a cloud of clouds.yaml, when OS_AUTH_URL is unset",
    OS_AUTH_TYPE: "keystoneauth1 auth type (default password)",
    OS_APPLICATION_CREDENTIAL_ID: "application credential id",
    OS_APPLICATION_CREDENTIAL_SECRET: "application credential secret (environment only)",
    VES_URL: "VES collector event listener URL for alarms (unset: alarms are logged)",
    VES_USER: "VES collector basic-auth user",
    VES_PASSWORD: "VES collector basic-auth password (environment only)",
    VES_CACERT: "CA bundle for the VES collector's TLS",
    ALARM_STATE: "JSON file keeping raised alarms between runs (unset: each sync re-asserts alarm state)",
}

DEFAULT_DRIVER_TIMEOUT: Final = 2.0


def driver_list(variable: str) -> frozenset[str] | None:
    """Names listed in a comma-separated variable, or None when it is unset."""
    raw = os.environ.get(variable)
    if raw is None:
        return None
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def driver_timeout() -> float:
    """The per-call deadline from :data:`DRIVER_TIMEOUT`; a bad value is an error naming it."""
    raw = os.environ.get(DRIVER_TIMEOUT)
    if raw is None:
        return DEFAULT_DRIVER_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise SyncConfigError(f"{DRIVER_TIMEOUT}={raw!r}", "is invalid", "a positive number of seconds")
    return seconds


def trace_drivers() -> bool:
    """True when :data:`TRACE_DRIVERS` asks for per-call logging."""
    return os.environ.get(TRACE_DRIVERS, "") not in ("", "0")


def value(variable: str, default: str | None = None) -> str | None:
    """The variable's value; unset or empty gives ``default``."""
    raw = os.environ.get(variable)
    return raw if raw else default


def positive(variable: str, default: float) -> float:
    """A positive number from ``variable`` (``default`` when unset); a bad value is an error naming it."""
    raw = os.environ.get(variable)
    if not raw:
        return default
    try:
        number = float(raw)
    except ValueError:
        number = -1.0
    if not number > 0 or number == float("inf"):
        raise SyncConfigError(f"{variable}={raw!r}", "is invalid", "a positive number")
    return number


def whole(variable: str, default: int) -> int:
    """A whole number >= 1 from ``variable`` (``default`` when unset); a bad value is an error naming it."""
    raw = os.environ.get(variable)
    if not raw:
        return default
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise SyncConfigError(f"{variable}={raw!r}", "is invalid", "a whole number >= 1")
    return int(text)
