"""Worker settings: isolation mode, sandbox limits, and the environment a worker gets.

Every setting is an environment variable of the host (documented in :mod:`onap_hpa_host.env`); a bad
value is a :class:`onap_hpa_host.errors.SyncConfigError` naming the variable and the expected form.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

from onap_hpa.request import is_secret_key
from onap_hpa_host.env import ISOLATION, WORKER_CPU_SECONDS, WORKER_ENV, WORKER_FILES, WORKER_MEMORY_MB
from onap_hpa_host.errors import SyncConfigError
from onap_hpa_host.workers.pool import WorkerSpec
from onap_hpa_host.workers.sandbox import SandboxPolicy

__all__ = [
    "ISOLATION",
    "WORKER_CPU_SECONDS",
    "WORKER_ENV",
    "WORKER_FILES",
    "WORKER_MEMORY_MB",
    "isolation",
    "policy_for",
    "worker_env",
]


#: ``process``: every installed driver in its own sandboxed worker (the default). ``inprocess``: drivers
#: imported into the host's process, for tests and benchmarks only — it gives them the host's memory.
MODES: Final = ("process", "inprocess")
DEFAULTS: Final = {WORKER_MEMORY_MB: 256, WORKER_CPU_SECONDS: 600, WORKER_FILES: 64}

#: Directories every worker may read: the system's libraries and data (never /etc, /home, /root, /proc).
_SYSTEM: Final = ("/usr", "/lib", "/lib64", "/etc/ld.so.cache", "/etc/localtime")


def isolation() -> str:
    """:data:`ISOLATION`, ``process`` unless set."""
    raw = os.environ.get(ISOLATION, "process").strip() or "process"
    if raw not in MODES:
        raise SyncConfigError(f"{ISOLATION}={raw!r}", "is invalid", " or ".join(MODES))
    return raw


def _number(variable: str) -> int:
    raw = os.environ.get(variable)
    if raw is None or not raw.strip():
        return DEFAULTS[variable]
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise SyncConfigError(f"{variable}={raw!r}", "is invalid", "a whole number >= 1")
    return int(text)


def _python_paths() -> list[str]:
    """What the worker's interpreter reads: its prefixes and the import path (not the host's cwd)."""
    cwd = os.getcwd()
    entries = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    entries.update(path for path in sys.path if path and path != cwd and os.path.exists(path))
    entries.add(str(Path(sys.executable).parent))
    entries.add(str(Path(sys.executable).resolve().parent))
    return sorted(entries)


def policy_for(workdir: str, spec: WorkerSpec) -> SandboxPolicy:
    """The sandbox of one worker start, from the ``ONAP_HPA_WORKER_*`` settings."""
    python = spec.target[0] == "python"
    exec_paths: tuple[str, ...] = ()
    if not python:
        binary = str(Path(spec.target[1]).resolve())
        exec_paths = (binary, "/lib", "/lib64", "/usr/lib", "/usr/lib64")
    return SandboxPolicy(
        workdir=workdir,
        memory_mb=_number(WORKER_MEMORY_MB),
        cpu_seconds=_number(WORKER_CPU_SECONDS),
        open_files=_number(WORKER_FILES),
        read_paths=tuple(_python_paths()) + _SYSTEM,
        exec_paths=exec_paths,
        python=python,
    )


def worker_env(workdir: str = "/nonexistent") -> dict[str, str]:
    """The whole environment of a worker: a fixed allowlist, plus the names :data:`WORKER_ENV` lists.

    The host's own variables (credentials among them) never reach a worker; a name in
    :data:`WORKER_ENV` that looks like a secret is refused.
    """
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "HOME": workdir,
        "TMPDIR": workdir,
    }
    listed = [name.strip() for name in os.environ.get(WORKER_ENV, "").split(",") if name.strip()]
    for name in listed:
        if is_secret_key(name):
            raise SyncConfigError(
                f"{WORKER_ENV}={os.environ[WORKER_ENV]!r}", f"lists {name!r}", "no variable that may hold a secret"
            )
        if name in os.environ:
            env[name] = os.environ[name]
    return env
