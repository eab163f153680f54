"""The sandbox, applied for real in a fresh interpreter that then tries every way out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onap_hpa_host.workers import config, landlock
from onap_hpa_host.workers.pool import WorkerSpec

PROBE = r"""
import json, os, socket, subprocess, sys
from onap_hpa_host.workers.sandbox import SandboxPolicy, apply
report = apply(SandboxPolicy.from_json(sys.argv[1]))
def attempt(f):
    try:
        f()
        return "allowed"
    except BaseException as error:
        return type(error).__name__
results = {
    "parent environ": attempt(lambda: open(f"/proc/{os.getppid()}/environ", "rb").read()),
    "parent memory": attempt(lambda: open(f"/proc/{os.getppid()}/mem", "rb").read(1)),
    "secret file": attempt(lambda: open(sys.argv[2]).read()),
    "tcp": attempt(lambda: socket.create_connection(("127.0.0.1", 9), timeout=1)),
    "unix socket": attempt(lambda: socket.socket(socket.AF_UNIX)),
    "subprocess": attempt(lambda: subprocess.run(["true"])),
    "fork": attempt(os.fork),
    "signal the parent": attempt(lambda: os.kill(os.getppid(), 0)),
    "write outside": attempt(lambda: open("/tmp/onap-hpa-sandbox-escape", "w").write("x")),
    "write own dir": attempt(lambda: open(os.path.join(sys.argv[3], "scratch"), "w").write("x")),
    "2 GB": attempt(lambda: bytearray(2 * 1024**3)),
    "import": attempt(lambda: __import__("email.mime.text")),
}
print(json.dumps({"report": report, "results": results}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox is Linux's")
def test_a_sandboxed_worker_cannot_reach_anything_but_its_own_directory(tmp_path: Path) -> None:
    secret = tmp_path / "aai-password"
    secret.write_text("s3cr3t")
    workdir = tmp_path / "work"
    workdir.mkdir()
    policy = config.policy_for(str(workdir), WorkerSpec("probe", ("python", "probe", "x:y", "")))
    env = {**config.worker_env(str(workdir)), "OS_PASSWORD": "s3cr3t"}
    run = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, policy.to_json(), str(secret), str(workdir)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=workdir,
    )
    found = json.loads(run.stdout)
    assert found["report"]["missing"] == {}, found["report"]
    if landlock.abi_version() >= 1:
        assert any(item.startswith("landlock") for item in found["report"]["active"])
    assert found["results"] == {
        "parent environ": "PermissionError",
        "parent memory": "PermissionError",
        "secret file": "PermissionError",
        "tcp": "PermissionError",
        "unix socket": "PermissionError",
        "subprocess": "PermissionError",
        "fork": "PermissionError",
        "signal the parent": "PermissionError",
        "write outside": "PermissionError",
        "write own dir": "allowed",
        "2 GB": "MemoryError",
        "import": "allowed",  # the installation stays readable
    }
    assert not Path("/tmp/onap-hpa-sandbox-escape").exists()


def test_the_policy_reads_only_the_installation_never_home_etc_or_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    policy = config.policy_for(str(tmp_path / "w"), WorkerSpec("probe", ("python", "probe", "x:y", "")))
    assert str(tmp_path) not in policy.read_paths
    assert not {"/etc", "/home", "/root", "/proc", "/"} & set(policy.read_paths)
    assert policy.python
    assert policy.exec_paths == ()
