"""Finding, checking and registering drivers: one entry point at a time, every outcome recorded.

pluggy's ``load_setuptools_entrypoints`` stops at the first import error; a plugin image with one
broken wheel must still discover with the others, and ``onap-hpa drivers`` must say why the broken
one is out. So each entry point is loaded here on its own and sorted into an outcome.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

import pluggy

from onap_hpa import hookspecs
from onap_hpa.driver_info import DriverInfo, contract_supported
from onap_hpa.errors import DriverContractError, DriverLoadError

__all__ = [
    "BLOCKED",
    "FAILED",
    "INCOMPATIBLE",
    "LOADED",
    "REFUSED",
    "DriverRecord",
    "load_entry_point",
    "register",
]

LOADED: Final = "loaded"
BLOCKED: Final = "blocked"
INCOMPATIBLE: Final = "incompatible"
FAILED: Final = "failed"
#: Two distributions register the same driver name: both are refused (one of them is an impostor).
REFUSED: Final = "refused"

HOOKS: Final = ("hpa_discover", "hpa_delete_urls")


@dataclass(frozen=True)
class DriverRecord:
    """What the host knows about one driver, loaded or not (``onap-hpa drivers`` prints these)."""

    name: str
    distribution: str = ""
    version: str = ""
    contract: str = ""
    features: frozenset[str] = field(default_factory=frozenset)
    hooks: tuple[str, ...] = ()
    source: str = ""
    status: str = LOADED
    error: str = ""
    traceback: str = ""
    #: what the driver declares it reads (``DriverInfo.reads``): extra_spec keys, ``node.<part>/<key>`` facts
    reads: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON form, as ``onap-hpa drivers --json`` prints it."""
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "contract": self.contract,
            "features": sorted(self.features),
            "hooks": list(self.hooks),
            "source": self.source,
            "status": self.status,
            "error": self.error,
        }


@dataclass(frozen=True)
class BoundHook:
    """One driver's implementation of one hook, ready to call on its own."""

    driver: DriverRecord
    function: Callable[..., Any]
    argnames: tuple[str, ...]


def discover_entry_points() -> list[EntryPoint]:
    """Installed driver entry points, sorted by name so drivers are always called in one order."""
    # Imported here: the metadata machinery costs a worker's start-up ~20 ms and a worker never scans.
    if sys.version_info >= (3, 10):
        from importlib.metadata import entry_points
    else:  # pragma: no cover - Python 3.9: entry_points(group=...) and EntryPoint.dist come from the backport
        from importlib_metadata import entry_points
    return sorted(entry_points(group=hookspecs.ENTRY_POINT_GROUP), key=lambda ep: (ep.name, ep.value))


def load_object(value: str) -> Any:
    """What an entry point value (``module`` or ``module:attr.attr``) names, imported: ``EntryPoint.load``
    without the metadata machinery."""
    module_name, _, attrs = value.partition(":")
    target = importlib.import_module(module_name.strip())
    for attr in filter(None, attrs.strip().split(".")):
        target = getattr(target, attr)
    return target


def load_entry_point(pm: pluggy.PluginManager, ep: EntryPoint, *, blocked: bool = False) -> DriverRecord:
    """Load, check and register one entry point; never raises, the outcome is in the record."""
    dist = ep.dist
    distribution = dist.name if dist is not None else ""
    version = dist.version if dist is not None else ""
    base = DriverRecord(name=ep.name, distribution=distribution, version=version, source=ep.value)
    if blocked:
        return replace(base, status=BLOCKED, error="blocked by ONAP_HPA_DISABLE / ONAP_HPA_DRIVERS")
    try:
        plugin = ep.load()
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        reason = f"import of {ep.value!r} failed: {type(error).__name__}: {error}"
        return replace(base, status=FAILED, error=reason, traceback=traceback.format_exc())
    try:
        return register(pm, plugin, entry_point=ep.name, distribution=distribution, version=version, source=ep.value)
    except DriverContractError as error:
        return replace(base, status=INCOMPATIBLE, error=error.reason, contract=error.found)
    except DriverLoadError as error:
        return replace(base, status=FAILED, error=error.reason)


def register(
    pm: pluggy.PluginManager,
    plugin: object,
    *,
    entry_point: str | None = None,
    distribution: str = "",
    version: str = "",
    source: str = "",
) -> DriverRecord:
    """Check a driver object and register it; :class:`DriverLoadError` says why it is refused."""
    label = entry_point or getattr(plugin, "__name__", repr(plugin))
    info = getattr(plugin, "DRIVER", None)
    if not isinstance(info, DriverInfo):
        reason = f"it has no DRIVER = onap_hpa.DriverInfo(...) (found {type(info).__name__}); see the vendor guide"
        raise DriverLoadError(label, reason)
    if entry_point is not None and entry_point != info.name:
        reason = f"its entry point is named {entry_point!r} but DRIVER.name is {info.name!r}; make them equal"
        raise DriverLoadError(label, reason)
    if not contract_supported(info.contract):
        raise DriverContractError(
            info.name, str(info.contract), hookspecs.CONTRACT_VERSION, distribution or info.distribution
        )
    hooks = _hook_names(pm, plugin, info.name)
    if pm.get_plugin(info.name) is not None:
        reason = f"another driver named {info.name!r} is already registered"
        raise DriverLoadError(info.name, reason)
    try:
        pm.register(plugin, name=info.name)
    except (pluggy.PluginValidationError, ValueError) as error:
        raise DriverLoadError(info.name, f"its hooks do not match the contract: {error}") from None
    return DriverRecord(
        name=info.name,
        distribution=distribution or info.distribution,
        version=version or info.version,
        contract=info.contract,
        features=info.features,
        hooks=hooks,
        source=source or getattr(plugin, "__name__", type(plugin).__name__),
        reads=tuple(info.reads) if info.reads is not None else (),
    )


def _hook_names(pm: pluggy.PluginManager, plugin: object, name: str) -> tuple[str, ...]:
    found = [attr for attr in dir(plugin) if pm.parse_hookimpl_opts(plugin, attr) is not None]
    unknown = sorted(set(found) - set(HOOKS))
    if unknown:
        reason = f"it implements unknown hooks {unknown}; the contract has {list(HOOKS)}"
        raise DriverLoadError(name, reason)
    if "hpa_discover" not in found:
        raise DriverLoadError(name, "it does not implement hpa_discover (mark it with @onap_hpa.hookimpl)")
    return tuple(hook for hook in HOOKS if hook in found)


def bound_hooks(pm: pluggy.PluginManager, hook: str, drivers: Iterable[DriverRecord]) -> list[BoundHook]:
    """Each registered driver's implementation of ``hook``, in driver order."""
    by_name = {impl.plugin_name: impl for impl in getattr(pm.hook, hook).get_hookimpls()}
    return [
        BoundHook(driver, by_name[driver.name].function, tuple(by_name[driver.name].argnames))
        for driver in drivers
        if driver.name in by_name
    ]
