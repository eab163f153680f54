"""``onap-hpa new-driver NAME``: a new driver distribution, rendered from the template vendors fork.

The template (``templates/driver/`` in the repository, shipped inside this package as
``onap_hpa_host/templates/driver``) is a working driver for a made-up accelerator. Its names are literal
tokens that keep it valid, lintable Python. Rendering replaces each token, in file contents and in
paths, by a form derived from the one NAME given (here for ``qat-crypto``):

- ``example_accel:devices``: the extra_spec key read, ``--key`` (``qat_crypto:devices``);
- ``exampleAccel``: the hpa-feature emitted, ``--feature`` (``qatCrypto``);
- ``ExampleAccel``: NAME in CamelCase, for class names (``QatCrypto``);
- ``example-accel``: NAME itself (``onap-device-driver-qat-crypto``, the entry point, ``DRIVER.name``);
- ``example_accel``: NAME with underscores (``onap_device_driver_qat_crypto``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable  # novm - annotations only, never evaluated

__all__ = ["TOKENS", "Names", "configure", "names", "render", "run", "template"]

#: Template tokens, most specific first (one regex pass, so a replacement is never re-replaced).
TOKENS: Final = ("example_accel:devices", "exampleAccel", "ExampleAccel", "example-accel", "example_accel")

#: Same rule as ``DriverInfo.name``; 40 characters keep the derived hpa-feature inside the
#: template's byte budget (three records per flavor under the host's 1500-byte cap).
_NAME: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_FEATURE: Final = re.compile(r"[a-z][A-Za-z0-9]*")
_KEY: Final = re.compile(r"[A-Za-z0-9_.-]+:[A-Za-z0-9_.:-]+")
MAX_NAME: Final = 40
MAX_KEY: Final = 255
#: Namespaces Nova validates (API >= 2.86): it rejects any key there it does not know itself.
NOVA_NAMESPACES: Final = re.compile(
    r"accel|hw|hw_rng|hw_video|os|pci_passthrough|powervm|quota|vmware|resources\d*|trait\d*"
)
#: Build and test leftovers that must never reach a rendered package.
_SKIP: Final = frozenset({"__pycache__", ".tox", ".hypothesis", ".pytest_cache", ".ruff_cache", "dist", "build"})


@dataclass(frozen=True)
class Names:
    """Every form of a new driver's name, derived from NAME (and the two options)."""

    name: str  #: ``qat-crypto``: entry point, ``DRIVER.name``, ``onap-device-driver-<name>``
    module: str  #: ``qat_crypto``: ``onap_device_driver_<module>``
    camel: str  #: ``QatCrypto``: class names
    feature: str  #: ``qatCrypto``: the hpa-feature emitted
    key: str  #: ``qat_crypto:devices``: the extra_spec read

    @property
    def distribution(self) -> str:
        """``onap-device-driver-<name>``, also the rendered directory's name."""
        return f"onap-device-driver-{self.name}"

    def substitutions(self) -> dict[str, str]:
        """Token -> replacement, in :data:`TOKENS` order."""
        values = (self.key, self.feature, self.camel, self.name, self.module)
        if len(values) != len(TOKENS):  # what zip(strict=True) checks, on 3.9
            message = f"{len(values)} values for {len(TOKENS)} tokens"
            raise ValueError(message)
        return dict(zip(TOKENS, values))


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def names(name: str, *, feature: str | None = None, key: str | None = None) -> Names:
    """Validate NAME, ``--feature`` and ``--key``; :class:`ValueError` says which rule failed and how to fix it."""
    _require(
        len(name) <= MAX_NAME and _NAME.fullmatch(name) is not None,
        f"driver name {name!r} is invalid; expected lowercase letters and digits in words joined by '-', "
        f"starting with a letter, at most {MAX_NAME} characters (e.g. 'qat-crypto')",
    )
    _require(
        not name.startswith("onap-device-driver"),
        f"driver name {name!r} repeats the 'onap-device-driver-' prefix; give only the <name> that follows it",
    )
    words = name.split("-")
    module = name.replace("-", "_")
    feature = words[0] + "".join(word.capitalize() for word in words[1:]) if feature is None else feature
    _require(
        len(feature) <= MAX_NAME and _FEATURE.fullmatch(feature) is not None,
        f"hpa-feature {feature!r} is invalid; expected lowerCamelCase letters and digits, at most {MAX_NAME} "
        "characters, like AAI's 'sriovNICNetwork' (OOF policies name it exactly)",
    )
    key = f"{module}:devices" if key is None else key
    _require(
        len(key) <= MAX_KEY and _KEY.fullmatch(key) is not None,
        f"extra_spec key {key!r} is invalid; expected '<namespace>:<name>' of letters, digits, '_', '.' or '-' "
        f"(e.g. '{module}:devices'); Nova's scheduler filters match keys without a namespace against hosts",
    )
    namespace = key.partition(":")[0]
    _require(
        NOVA_NAMESPACES.fullmatch(namespace) is None,
        f"extra_spec key {key!r} is in Nova's namespace {namespace!r}, where Nova rejects keys it does not "
        f"define; choose a namespace of your own (e.g. '{module}:devices')",
    )
    return Names(name, module, "".join(word.capitalize() for word in words), feature, key)


def template() -> Traversable:
    """The driver template shipped in this package."""
    return files("onap_hpa_host").joinpath("templates", "driver")


def _files(root: Traversable, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    for entry in sorted(root.iterdir(), key=lambda item: item.name):
        if entry.name in _SKIP or entry.name.endswith((".pyc", ".egg-info")):
            continue
        if entry.is_dir():
            yield from _files(entry, (*prefix, entry.name))
        else:
            yield (*prefix, entry.name), entry


def render(target: Names, directory: Path, *, source: Traversable | None = None) -> Path:
    """Write the template into ``directory/onap-device-driver-<name>/`` with every token replaced.

    Refuses (:class:`FileExistsError`) to touch an existing path. The package is assembled in a
    temporary sibling directory and moved into place at the end, so a failure leaves nothing behind.
    """
    source = template() if source is None else source
    if not source.is_dir():
        message = f"the driver template is missing from this onap-hpa-sdk installation ({source}); reinstall it"
        raise FileNotFoundError(message)
    destination = directory / target.distribution
    if destination.exists() or destination.is_symlink():
        message = f"{destination} already exists; remove it or choose another --dir (nothing was written)"
        raise FileExistsError(message)
    replacements = target.substitutions()
    pattern = re.compile("|".join(map(re.escape, TOKENS)))

    def substitute(text: str) -> str:
        return pattern.sub(lambda match: replacements[match.group()], text)

    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.distribution}-", dir=directory))
    try:
        for parts, entry in _files(source):
            path = staging.joinpath(*map(substitute, parts))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(substitute(entry.read_text(encoding="utf-8")), encoding="utf-8")
        os.rename(staging, destination)  # fails, rather than merges, if the name appeared meanwhile
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return destination


def configure(parser: argparse.ArgumentParser) -> None:
    """NAME, ``--feature``, ``--key`` and ``--dir``."""
    parser.add_argument("name", metavar="NAME", help="the driver's name, e.g. qat-crypto")
    parser.add_argument("--feature", metavar="HPA_FEATURE", help="hpa-feature emitted (default: NAME in camelCase)")
    parser.add_argument("--key", metavar="EXTRA_SPEC_KEY", help="extra_spec read (default: <name_underscored>:devices)")
    parser.add_argument("--dir", type=Path, default=Path(), help="parent of onap-device-driver-NAME/ (default: .)")


def run(args: argparse.Namespace) -> int:
    """Render the template; print where it went and what to do next."""
    try:
        target = names(args.name, feature=args.feature, key=args.key)
        destination = render(target, args.dir)
    except (ValueError, OSError) as error:
        sys.stderr.write(f"onap-hpa new-driver: {error}\n")
        return 2 if isinstance(error, ValueError) else 1
    sys.stdout.write(
        f"created {destination}\n"
        f"  driver {target.name}: reads extra_spec {target.key!r}, emits hpa-feature {target.feature!r}\n"
        f"next: cd {destination} && tox    (tests and the conformance gate; see README.md and the vendor guide)\n"
        f"then: edit src/onap_device_driver_{target.module}/parse.py and tests/data/ for your device\n"
    )
    return 0
