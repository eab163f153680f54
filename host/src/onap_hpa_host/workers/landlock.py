"""Landlock (Linux 5.13+): restrict the worker's own filesystem access before driver code runs.

Three system calls through ctypes (there is no maintained Python binding): create a ruleset that
handles every filesystem right the running kernel knows, allow read (and execute) beneath a few
directories and read-write beneath the worker's temporary directory, then restrict the process. The
restriction is inherited across ``execve`` and cannot be lifted, not even by root.
"""

from __future__ import annotations

import ctypes
import os
import platform
from collections.abc import Iterable
from typing import Final

__all__ = ["LandlockUnavailable", "abi_version", "restrict"]

# x86_64, aarch64 and most other architectures share the generic syscall numbers for Landlock.
_CREATE_RULESET: Final = 444
_ADD_RULE: Final = 445
_RESTRICT_SELF: Final = 446
_CREATE_RULESET_VERSION: Final = 1
_RULE_PATH_BENEATH: Final = 1

_EXECUTE: Final = 1 << 0
_WRITE_FILE: Final = 1 << 1
_READ_FILE: Final = 1 << 2
_READ_DIR: Final = 1 << 3
_REMOVE_DIR: Final = 1 << 4
_REMOVE_FILE: Final = 1 << 5
_MAKE_CHAR: Final = 1 << 6
_MAKE_DIR: Final = 1 << 7
_MAKE_REG: Final = 1 << 8
_MAKE_SOCK: Final = 1 << 9
_MAKE_FIFO: Final = 1 << 10
_MAKE_BLOCK: Final = 1 << 11
_MAKE_SYM: Final = 1 << 12
_REFER: Final = 1 << 13  # ABI 2
_TRUNCATE: Final = 1 << 14  # ABI 3
_IOCTL_DEV: Final = 1 << 15  # ABI 5

#: Filesystem rights each ABI version handles.
_HANDLED: Final = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
#: TCP bind and connect (ABI 4): handled with no rule allowing any port, so both are denied.
_NET_TCP: Final = (1 << 0) | (1 << 1)
#: Abstract Unix sockets and signals to processes outside the domain (ABI 6): the host among them.
_SCOPES: Final = (1 << 0) | (1 << 1)
_READ: Final = _READ_FILE | _READ_DIR
_READ_WRITE_ALL: Final = (1 << 16) - 1


class LandlockUnavailable(OSError):  # noqa: N818 - an OSError whose name says what it means
    """The kernel (or a seccomp policy around us) does not offer Landlock."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),  # ABI 4
        ("scoped", ctypes.c_uint64),  # ABI 6
    )


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


_libc = ctypes.CDLL(None, use_errno=True)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long


def abi_version() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is unavailable."""
    if platform.system() != "Linux":
        return 0
    version = _syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(int(version), 0)


def restrict(read: Iterable[str], write: Iterable[str], execute: Iterable[str] = ()) -> int:
    """Allow reading beneath ``read``, everything beneath ``write``, executing beneath ``execute``.

    Everything else on the filesystem is denied from now on, for this process and what it execs.
    Paths that do not exist are skipped. Returns the ABI version used; raises
    :class:`LandlockUnavailable` when the kernel has no Landlock.
    """
    kernel_abi = abi_version()
    if kernel_abi < 1:
        raise LandlockUnavailable("Landlock is not available on this kernel")
    handled = _HANDLED[min(kernel_abi, max(_HANDLED))]
    attr = _RulesetAttr(handled, _NET_TCP if kernel_abi >= 4 else 0, _SCOPES if kernel_abi >= 6 else 0)
    # Older kernels refuse a struct larger than they know (E2BIG): pass only the fields they have.
    size = 24 if kernel_abi >= 6 else 16 if kernel_abi >= 4 else 8
    ruleset = int(_syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0))
    if ruleset < 0:
        raise LandlockUnavailable(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        rules: dict[str, int] = {}
        for path in read:
            rules[path] = rules.get(path, 0) | _READ
        for path in execute:
            rules[path] = rules.get(path, 0) | _READ | _EXECUTE
        for path in write:
            rules[path] = rules.get(path, 0) | _READ_WRITE_ALL
        for path, access in rules.items():
            _add_rule(ruleset, path, access & handled)
        if int(_syscall(_RESTRICT_SELF, ruleset, 0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed (is no_new_privs set?)")
    finally:
        os.close(ruleset)
    return kernel_abi


def _add_rule(ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # nothing there to allow
    try:
        if not os.path.isdir(path):
            # Directory-only rights on a file are refused by the kernel (EINVAL).
            access &= _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV
        rule = _PathBeneathAttr(access, fd)
        if int(_syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)
