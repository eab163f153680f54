"""The sandbox a driver worker puts itself in before any driver code runs.

The launcher (:mod:`onap_hpa_host.workers.launch`) is a fresh interpreter the host execs — never a fork
of a process that held a credential — with an allowlisted environment and an empty working directory
(or, for workers started together, a fork of the zygote, :mod:`onap_hpa_host.workers.zygote`: a fresh
interpreter of the same kind that has imported only the SDK, the worker and this module).
It applies, in order, what the platform offers:

1. resource limits: memory (``RLIMIT_DATA``), CPU time, open files, file size, no core dumps;
2. ``no_new_privs``, so nothing the worker execs gains privileges;
3. Landlock: read-only access to the interpreter, its libraries and the installed packages,
   read-write access to the worker's temporary directory only, TCP bind/connect denied, no signals
   or abstract sockets outside the worker (kernel ABI permitting);
4. an unprivileged user (``nobody``) when started as root and the installation is world-readable;
   otherwise every capability is dropped;
5. seccomp (libseccomp through ``pyseccomp``): no sockets, no new processes (fork, vfork, clone of a
   process, exec for Python workers), no ptrace or cross-process memory access, no signals to other
   processes, no shared memory the memory limit would not count (memfd, SysV, anonymous
   ``MAP_SHARED``), no mounts, namespaces, keyrings, BPF, io_uring or kernel modules.

Each step that the platform lacks is skipped and named in the report the launcher writes as its first
stderr line, which ``onap-hpa drivers`` shows; the host still runs.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from onap_hpa_host.workers import landlock

__all__ = ["REPORT_PREFIX", "SandboxPolicy", "apply", "mark_parent_undumpable"]

#: First stderr line of every launcher: this prefix, then the JSON report of what is active.
REPORT_PREFIX: Final = "onap-hpa-sandbox "
NOBODY: Final = 65534

_PR_SET_DUMPABLE: Final = 4
_PR_CAPBSET_DROP: Final = 24
_PR_SET_NO_NEW_PRIVS: Final = 38
_CAP_LAST: Final = 63
_CLONE_THREAD: Final = 0x00010000

#: Calls no driver needs, each a way out of the sandbox or into another process.
_DENIED: Final = (
    "socket", "socketpair", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev",
    "mount", "umount2", "pivot_root", "chroot", "setns", "unshare", "bpf", "perf_event_open",
    "keyctl", "add_key", "request_key", "userfaultfd", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff", "acct",
    "open_by_handle_at", "name_to_handle_at", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "tkill", "kcmp", "mknod", "mknodat",
    # Shared memory is not counted by RLIMIT_DATA: no memfd or SysV segments (anonymous MAP_SHARED below).
    "memfd_create", "memfd_secret", "shmget", "shmat",
)  # fmt: skip
_MAP_SHARED: Final = 0x01
_MAP_ANONYMOUS: Final = 0x20
_OWN_PID_ONLY: Final = ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")

_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class SandboxPolicy:
    """What a worker may use. Built by the host from ``ONAP_HPA_WORKER_*``; sent to the launcher as JSON."""

    workdir: str
    memory_mb: int = 256
    cpu_seconds: int = 600
    open_files: int = 64
    file_size_mb: int = 64
    read_paths: tuple[str, ...] = ()
    exec_paths: tuple[str, ...] = ()
    python: bool = True  #: a Python worker: exec is denied too (a binary driver is exec'd by the launcher)

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SandboxPolicy:
        data = json.loads(text)
        data["read_paths"] = tuple(data.get("read_paths", ()))
        data["exec_paths"] = tuple(data.get("exec_paths", ()))
        return cls(**data)


def _prctl(option: int, arg: int = 0) -> None:
    if _libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def mark_parent_undumpable() -> bool:
    """Make the calling process (the host) non-dumpable: no core dump, and no process of the same user
    may read its ``/proc/<pid>/environ`` or ``mem`` or ptrace it without ``CAP_SYS_PTRACE``."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        _prctl(_PR_SET_DUMPABLE, 0)
    except OSError:
        return False
    return True


def _limits(policy: SandboxPolicy) -> None:
    mb = 1024 * 1024
    for limit, wanted in (
        (resource.RLIMIT_DATA, policy.memory_mb * mb),
        (resource.RLIMIT_CPU, policy.cpu_seconds),
        (resource.RLIMIT_NOFILE, policy.open_files),
        (resource.RLIMIT_FSIZE, policy.file_size_mb * mb),
        (resource.RLIMIT_CORE, 0),
    ):
        _, hard = resource.getrlimit(limit)
        value = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(limit, (value, value))


def _world_readable(path: str) -> bool:
    """True when user ``nobody`` can reach and read ``path`` (every parent searchable by others)."""
    current = Path(path).resolve()
    try:
        if not os.stat(current).st_mode & stat.S_IROTH:
            return False
        return all(os.stat(parent).st_mode & stat.S_IXOTH for parent in current.parents)
    except OSError:
        return True  # nothing there to read


def _drop_privileges(policy: SandboxPolicy) -> str:
    if os.geteuid() != 0:
        return f"unprivileged user (uid {os.geteuid()})"
    if all(_world_readable(path) for path in policy.read_paths + policy.exec_paths):
        os.chown(policy.workdir, NOBODY, NOBODY)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
        return "user nobody"
    # The installation is not readable by nobody (e.g. an interpreter under /root): stay uid 0 but keep
    # no capability, so file permissions, ptrace and /proc checks apply to the worker like to any user.
    for cap in range(_CAP_LAST + 1):
        if _libc.prctl(_PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0) != 0 and ctypes.get_errno() != errno.EINVAL:
            raise OSError(ctypes.get_errno(), "dropping the capability bounding set failed")
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()
    if _libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    return "no capabilities (uid 0: installation not readable by nobody)"


def _seccomp(policy: SandboxPolicy, seccomp: Any) -> None:
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    deny = seccomp.ERRNO(errno.EPERM)
    for name in _DENIED:
        try:
            rules.add_rule(deny, name)
        except (OSError, ValueError, RuntimeError):
            continue  # not a system call on this architecture
    if policy.python:
        for name in ("execve", "execveat"):
            rules.add_rule(deny, name)
    pid = os.getpid()
    for name in _OWN_PID_ONLY:
        rules.add_rule(deny, name, seccomp.Arg(0, seccomp.NE, pid))
    # Anonymous shared mappings would escape the memory limit (RLIMIT_DATA counts private ones only).
    shared_anonymous = _MAP_SHARED | _MAP_ANONYMOUS
    for name in ("mmap", "mmap2"):
        try:
            rules.add_rule(deny, name, seccomp.Arg(3, seccomp.MASKED_EQ, shared_anonymous, shared_anonymous))
        except (OSError, ValueError, RuntimeError):
            continue  # mmap2 exists on 32-bit architectures only
    # Threads are fine, new processes are not; clone3 hides its flags in memory, so say "unsupported"
    # and let the C library fall back to clone.
    rules.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, _CLONE_THREAD, 0))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    rules.load()


def _import_seccomp() -> tuple[Any, str]:
    """pyseccomp, imported before Landlock and seccomp close the doors it needs.

    At import it locates libc and libseccomp with ``ctypes.util.find_library``, which runs
    ``ldconfig -p`` in a subprocess each time: two process starts per worker. The sonames are fixed
    (glibc and musl both answer to them), so try them first and fall back to the search.
    """
    import ctypes.util

    search = ctypes.util.find_library
    known = {"c": "libc.so.6", "seccomp": "libseccomp.so.2"}

    def find(name: str) -> str | None:
        soname = known.get(name)
        if soname is not None:
            try:
                ctypes.CDLL(soname)
                return soname
            except OSError:
                pass
        return search(name)

    ctypes.util.find_library = find
    try:
        import pyseccomp
    except (ImportError, OSError) as error:
        return None, f"pyseccomp/libseccomp unavailable: {error}"
    finally:
        ctypes.util.find_library = search
    return pyseccomp, ""


def apply(policy: SandboxPolicy) -> dict[str, Any]:
    """Confine the calling process per ``policy``; returns what is active and why anything is not."""
    active = ["fresh interpreter", "allowlisted environment", "empty working directory"]
    missing: dict[str, str] = {}
    seccomp, problem = _import_seccomp()
    if problem:
        missing["seccomp"] = problem
    _limits(policy)
    active.append(f"limits (memory {policy.memory_mb} MiB, cpu {policy.cpu_seconds} s, files {policy.open_files})")
    try:
        _prctl(_PR_SET_NO_NEW_PRIVS, 1)
        active.append("no_new_privs")
    except OSError as error:
        missing["no_new_privs"] = str(error)
    read = [*policy.read_paths, "/dev/null", "/dev/urandom", "/dev/zero"]
    try:
        abi = landlock.restrict(read, [policy.workdir], policy.exec_paths)
        active.append(f"landlock (abi {abi})")
    except OSError as error:
        missing["landlock"] = str(error)
    try:
        active.append(_drop_privileges(policy))
    except OSError as error:
        missing["privileges"] = str(error)
    if seccomp is not None:
        try:
            _seccomp(policy, seccomp)
            active.append("seccomp")
        except (OSError, RuntimeError, ValueError) as error:
            missing["seccomp"] = str(error)
    return {"active": active, "missing": missing}
