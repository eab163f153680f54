"""The ``helm`` binary the chart's checks use, built once from source with the Go toolchain and cached.

CI installs nothing by hand: ``go install helm.sh/helm/v3/cmd/helm@VERSION`` fetches Helm's module from
the Go module proxy and builds it (about two minutes on a machine with empty Go caches, seconds with
warm ones); the binary is kept in ``$ONAP_HPA_TOOLS_CACHE`` (default ``~/.cache/onap-hpa``), under the
version, so later runs and fresh clones on the same machine reuse it. ``$ONAP_HPA_HELM`` names a helm
binary to use instead (its version is checked).

    python deploy/helm/helm_tool.py        # prints the path of the helm binary, building it if needed

``noxfile.py`` calls :func:`ensure` before the tests; ``tests/test_deploy.py`` calls it when run alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

#: The Helm release the chart is checked with (Helm 3: what OOM deploys with).
HELM_VERSION: Final = "v3.22.0"
HELM_MODULE: Final = "helm.sh/helm/v3/cmd/helm"
#: Environment variables: a helm binary to use, and where built tools are cached.
HELM_ENV: Final = "ONAP_HPA_HELM"
CACHE_ENV: Final = "ONAP_HPA_TOOLS_CACHE"
_BUILD_TIMEOUT: Final = 1200


class HelmUnavailableError(RuntimeError):
    """No helm of the wanted version, and it could not be built."""


def cache_dir() -> Path:
    """Where the built helm lives: ``$ONAP_HPA_TOOLS_CACHE/helm-<version>``."""
    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "onap-hpa"
    )
    return Path(base) / f"helm-{HELM_VERSION}"


def version_of(helm: Path) -> str | None:
    """What ``helm version`` reports (``v3.22`` for a ``go install`` build, ``v3.22.0`` for a release)."""
    try:
        run = subprocess.run(  # noqa: S603 - our own cached binary or the one $ONAP_HPA_HELM names
            [str(helm), "version", "--template", "{{.Version}}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return None
    return run.stdout.strip() if run.returncode == 0 else None


def _matches(reported: str | None) -> bool:
    """``go install`` builds report major.minor only; a release build reports the full version."""
    if not reported:
        return False
    major_minor = ".".join(HELM_VERSION.split(".")[:2])
    return reported in (HELM_VERSION, major_minor)


def ensure(log: Callable[[str], None] | None = None) -> Path:
    """The path of a working helm of :data:`HELM_VERSION`, building it with ``go install`` when missing."""
    say = log or (lambda message: print(message, file=sys.stderr))
    override = os.environ.get(HELM_ENV)
    if override:
        path = Path(override)
        if not _matches(version_of(path)):
            message = f"${HELM_ENV}={override} is not a working helm {HELM_VERSION}"
            raise HelmUnavailableError(message)
        return path
    target = cache_dir() / "helm"
    if target.exists() and _matches(version_of(target)):
        return target
    go = shutil.which("go")
    if go is None:
        message = (
            f"helm {HELM_VERSION} is built with the Go toolchain, and `go` is not on PATH: install Go "
            f"(1.24 or later) or point ${HELM_ENV} at a helm {HELM_VERSION} binary"
        )
        raise HelmUnavailableError(message)
    target.parent.mkdir(parents=True, exist_ok=True)
    say(f"building helm {HELM_VERSION} with `go install {HELM_MODULE}@{HELM_VERSION}` into {target.parent}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as scratch:
        env = {**os.environ, "GOBIN": scratch, "GOTOOLCHAIN": "local", "GOFLAGS": "-buildvcs=false"}
        run = subprocess.run(  # noqa: S603 - the go found on PATH, fixed arguments
            [go, "install", f"{HELM_MODULE}@{HELM_VERSION}"],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            timeout=_BUILD_TIMEOUT,
            check=False,
        )
        if run.returncode != 0:
            message = f"go install {HELM_MODULE}@{HELM_VERSION} failed ({run.returncode}):\n{run.stderr[-4000:]}"
            raise HelmUnavailableError(message)
        os.replace(Path(scratch) / "helm", target)  # atomic: a concurrent run sees the old state or the new
    say(f"helm {HELM_VERSION} built in {time.monotonic() - started:.0f} s")
    if not _matches(version_of(target)):
        message = f"the helm built at {target} does not report version {HELM_VERSION}"
        raise HelmUnavailableError(message)
    return target


if __name__ == "__main__":
    try:
        print(ensure())
    except HelmUnavailableError as error:
        sys.exit(f"helm_tool: {error}")
