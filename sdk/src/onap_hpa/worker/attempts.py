"""What a driver tried that its sandbox denies, reported: network, writes outside its directory, processes.

The worker's sandbox denies a driver sockets, new processes and writes outside its temporary working
directory (seccomp and Landlock, :mod:`onap_hpa_host.workers.sandbox`). A denied call is only an
``OSError`` inside the driver, which the driver may swallow. So the Python worker also installs this
audit hook (:func:`sys.addaudithook`, before the driver is imported): each attempt becomes one line on
the worker's stderr, which the host logs under the driver's name::

    onap-hpa-attempt {"kind": "network", "event": "socket.connect", "target": "('10.0.0.1', 80)", "request": "3"}

``kind`` is ``network``, ``write`` or ``process``; ``request`` the id of the request being served (null
while the driver is imported). The conformance gate fails a driver that makes any (check ``isolation``).
The hook is always on, in production as under the gate, so a driver cannot tell the two apart by it; it
costs one dict lookup per audited event. At most :data:`MAX_REPORTS` lines per worker.

Python 3.9+ (the plugin images).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Final, Optional

__all__ = ["MAX_REPORTS", "PREFIX", "install", "serving"]

#: Every report line starts with this.
PREFIX: Final = "onap-hpa-attempt "
#: Report lines per worker process; the rest are counted in one last line.
MAX_REPORTS: Final = 100

_NETWORK: Final = (
    "socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
    "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect", "telnetlib.Telnet.open",
)  # fmt: skip
_PROCESS: Final = (
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "pty.spawn", "os.startfile", "os.kill", "os.killpg",
)  # fmt: skip
#: Events whose string arguments are paths written (created, removed, renamed, changed).
_WRITES: Final = (
    "os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.symlink", "os.link", "os.truncate", "os.chmod",
    "os.chown", "os.utime", "os.chflags", "os.lchflags", "os.setxattr", "os.removexattr", "shutil.copyfile",
    "shutil.copymode", "shutil.copystat", "shutil.copytree", "shutil.move", "shutil.rmtree", "shutil.chown",
)  # fmt: skip
_KINDS: Final = {
    **dict.fromkeys(_NETWORK, "network"),
    **dict.fromkeys(_PROCESS, "process"),
    **dict.fromkeys(_WRITES, "write"),
    "open": "write",  # only when opened for writing, see _open_target
}
_WRITE_FLAGS: Final = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class _State:
    installed = False
    request: Optional[str] = None
    roots: tuple[str, ...] = ()
    reports = 0
    busy = False


def serving(request_id: object) -> None:
    """Say which request the driver is now serving (reports name it)."""
    _State.request = request_id if isinstance(request_id, str) else None


def install(root: Optional[str] = None) -> None:
    """Install the audit hook (once per process). ``root``: the directory writes may go to (default: cwd)."""
    if _State.installed:
        return
    _State.installed = True
    base = os.path.abspath(root or os.getcwd())
    tmp = os.environ.get("TMPDIR")
    _State.roots = tuple(dict.fromkeys([base, os.path.abspath(tmp)] if tmp else [base]))
    # The sandbox refuses bytecode writes into the installation anyway; not trying keeps them out of the reports.
    sys.dont_write_bytecode = True
    sys.addaudithook(_hook)


def _path(value: Any) -> Optional[str]:
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    elif hasattr(value, "__fspath__"):
        value = value.__fspath__()
        value = os.fsdecode(value) if isinstance(value, bytes) else value
    return value if isinstance(value, str) else None


def _outside(path: str) -> bool:
    if path == os.devnull:
        return False
    full = os.path.normpath(os.path.join(_State.roots[0], path)) if not os.path.isabs(path) else os.path.normpath(path)
    return not any(full == root or full.startswith(root + os.sep) for root in _State.roots)


def _target(event: str, kind: str, args: tuple[Any, ...]) -> Optional[str]:  # noqa: PLR0911 - per event
    """What the attempt was aimed at, or None when the event is no attempt (a read, a write inside the root)."""
    if event == "open":
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        if not (flags & _WRITE_FLAGS or any(c in mode for c in "wax+")):
            return None
        path = _path(args[0]) if args else None
        return path if path is not None and _outside(path) else None
    if kind == "write":
        paths = [path for path in map(_path, args) if path is not None]
        outside = [path for path in paths if _outside(path)]
        return ", ".join(outside) if outside else None
    if event in ("os.kill", "os.killpg") and args and args[0] == os.getpid():
        return None
    if event == "socket.__new__" and len(args) > 2:
        return f"socket(family={args[1]!r}, type={args[2]!r})"
    if event in ("socket.connect", "socket.bind", "subprocess.Popen") and len(args) > 1:
        return repr(args[1])  # the address; the command line
    if event in ("socket.getaddrinfo", "socket.sendto") and len(args) > 1:
        return repr(args[:2] if event == "socket.getaddrinfo" else args[-1])
    return repr(args[0] if len(args) == 1 else args)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    kind = _KINDS.get(event)
    if kind is None or _State.busy:
        return
    _State.busy = True
    try:
        target = _target(event, kind, args)
        if target is None:
            return
        _State.reports += 1
        if _State.reports > MAX_REPORTS:
            if _State.reports == MAX_REPORTS + 1:
                _write(PREFIX + json.dumps({"kind": "more", "event": "", "target": "", "request": None}))
            return
        report = {"kind": kind, "event": event, "target": target[:300], "request": _State.request}
        _write(PREFIX + json.dumps(report, ensure_ascii=True))
    except Exception:  # noqa: BLE001, S110 - a report must never break the driver's call
        pass
    finally:
        _State.busy = False


def _write(line: str) -> None:
    data = (line + "\n").encode("ascii", "replace")
    while data:
        data = data[os.write(2, data) :]
