"""Build hook: compile the Go worker binary into the wheel, one copy per driver, and tag the wheel for the platform.

The binary serves the driver its file name names (``onap-hpa-driver-<driver>``), so each entry point
value is a plain path: ``exec:onap_device_driver_k8s/bin/onap-hpa-driver-<driver>``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DRIVERS = ("k8s-compute", "k8s-cpu", "k8s-gpu", "k8s-sriov-nic")
#: Go architecture -> wheel platform machine.
MACHINES = {"amd64": "x86_64", "arm64": "aarch64"}


def _go() -> str:
    found = shutil.which("go") or ("/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None)
    if found is None:
        message = "onap-device-driver-k8s needs the Go toolchain (go >= 1.24 on PATH) to build its binaries"
        raise RuntimeError(message)
    return found


class CustomBuildHook(BuildHookInterface):
    """Go binaries into ``onap_device_driver_k8s/bin``; a platform tag instead of ``py3-none-any``."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        go = _go()
        module = Path(self.root).resolve().parents[1]  # go/
        out = Path(tempfile.mkdtemp(prefix="onap-hpa-go-"))
        self._scratch = out
        goarch = (
            os.environ.get("GOARCH")
            or subprocess.run(  # noqa: S603 - the Go toolchain, fixed arguments
                [go, "env", "GOARCH"], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        env = {**os.environ, "CGO_ENABLED": "0", "GOOS": "linux", "GOARCH": goarch}
        binary = out / "onap-hpa-driver-k8s"
        command = [go, "build", "-trimpath", "-ldflags=-s -w", "-o", str(binary), "./cmd/onap-hpa-driver-k8s"]
        subprocess.run(command, cwd=module, env=env, check=True)  # noqa: S603 - the Go toolchain
        for driver in DRIVERS:
            copy = out / f"onap-hpa-driver-{driver}"
            shutil.copy2(binary, copy)
            copy.chmod(0o755)
            build_data["force_include"][str(copy)] = f"onap_device_driver_k8s/bin/onap-hpa-driver-{driver}"
        machine = MACHINES[goarch]
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-manylinux_2_17_{machine}.manylinux2014_{machine}.musllinux_1_1_{machine}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
