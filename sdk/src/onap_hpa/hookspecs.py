"""The onap-hpa driver contract: what a hardware driver implements and what the host promises.

A driver is a Python distribution named ``onap-device-driver-<name>`` with one entry point
``<name>`` in the group ``onap.hpa.drivers`` (a distribution that ships several drivers, each with
its own 1500-byte budget per flavor, names them ``<name>-<part>``). The entry point names a module
(or object) that has

* ``DRIVER``: a :class:`onap_hpa.DriverInfo` saying the driver's name, version, the
  :data:`CONTRACT_VERSION` it implements, every ``hpa-feature`` it may emit and the extra_spec keys it
  reads;
* ``hpa_discover`` below, marked with :data:`onap_hpa.hookimpl` (``hpa_delete_urls`` is optional).

Installing the wheel is the whole act of adding the feature: the host finds the entry point and runs
the driver in a sandboxed worker process of its own (``python -m onap_hpa.worker``, see
``docs/protocol.md``): no network, no other process, read-only access to the installation, no
credentials. The worker calls the hooks once per flavor and sends back what they return; the host
checks it, gives each record its id and writes AAI. Drivers never talk to AAI or Nova.

.. versionchanged:: 1.1 drivers run out of process; ``hpa_delete_urls`` is optional (the host derives
   the URLs from its own ids); ``DriverInfo`` gained ``reads`` and ``feature_specs``.
.. versionchanged:: 1.2 the request's Kubernetes node part (``request.node``, a
   :class:`onap_hpa.NodeView`, None for a Nova flavor): a flavor of a Kubernetes cloud region is a node
   profile, and a driver declares the node facts it reads in ``DriverInfo.reads`` as
   ``node.<labels|annotations|capacity|allocatable|features>/<key>`` (a trailing ``*`` for a prefix).
   A 1.2 host loads 1.0 and 1.1 drivers unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import pluggy

if TYPE_CHECKING:
    from onap_hpa.request import DiscoveryRequest

__all__ = ["CONTRACT_VERSION", "ENTRY_POINT_GROUP", "PROJECT", "hookimpl", "hookspec"]

#: Version of this contract. The host loads drivers whose declared contract has the same major
#: number and a minor number no greater than this one.
CONTRACT_VERSION: Final = "1.2"

#: Entry point group the host scans for drivers.
ENTRY_POINT_GROUP: Final = "onap.hpa.drivers"

#: pluggy project name shared by the hook markers.
PROJECT: Final = "onap_hpa"

hookspec: Final = pluggy.HookspecMarker(PROJECT)
#: Marker for driver hook implementations: ``@onap_hpa.hookimpl``.
hookimpl: Final = pluggy.HookimplMarker(PROJECT)


@hookspec
def hpa_discover(request: DiscoveryRequest) -> list[dict[str, Any]]:  # type: ignore[empty-body]
    """Return the AAI ``hpa-capability`` records this driver recognises in one flavor.

    Called once per flavor and per driver, for every flavor the plugin discovers; drivers are called
    one at a time, each on its own, so one driver's failure never touches another's records.

    :param request: the flavor (``request.flavor``), its extra_specs (``request.extra_specs``, a
        read-only ``str -> str`` mapping), the VIM view (``request.vim``: owner, region, VIM type,
        version and parsed ``cloud_extra_info``; no credentials) and, for a node profile of a Kubernetes
        cloud region, the node part (``request.node``, else None). Immutable.
    :return: a list of records built with :func:`onap_hpa.capability` (an empty list when the
        flavor has none of this driver's features). Leave ``hpa-capability-id`` out: the host gives
        each record a stable id from the flavor, the driver's name, the feature and the record's
        position among the driver's records of that feature.
    :raises onap_hpa.ExtraSpecError: an extra_spec this driver reads is present but malformed; the
        host records a ``bad-input`` fault naming flavor, key and value, and keeps nothing from
        this driver for the flavor.
    :raises onap_hpa.PartialDiscovery: some features are good and others malformed; the host keeps
        the good records and records one ``bad-input`` fault per error.

    The host drops the driver's whole result for the flavor, records a fault and raises an alarm when
    the driver raises anything else, runs past its deadline, returns records that are not valid AAI
    ``hpa-capability`` records (see ``onap-hpa schema``), returns more than 1500 bytes of compact
    JSON, or emits an ``hpa-feature`` its ``DRIVER.features`` does not declare.

    .. versionadded:: 1.0
    .. versionchanged:: 1.1 runs in the driver's sandboxed worker; what it returns crosses a process
       boundary as JSON, so records must be plain lists, dicts and strings.
    .. versionchanged:: 1.2 ``request.node``.
    """


@hookspec
def hpa_delete_urls(request: DiscoveryRequest) -> list[str]:  # type: ignore[empty-body]
    """Optional: return the AAI resource URLs of the capability records this driver creates for the flavor.

    The host owns ids, so it derives these URLs itself and never uses a driver's (leave the hook out);
    a driver that implements it must return exactly those URLs, which the conformance gate checks. Each
    URL is relative to the AAI base and percent-encoded, for example
    ``/cloud-infrastructure/cloud-regions/cloud-region/{owner}/{region}/flavors/flavor/{flavor}/
    hpa-capabilities/hpa-capability/{id}``; ids are stable, so the URLs follow from the flavor alone.
    :func:`onap_hpa.capability_urls` computes them from the records ``hpa_discover`` returns.

    :param request: the same request ``hpa_discover`` receives.
    :return: exactly one URL per record ``hpa_discover`` returns for this request (an empty list
        when it returns none).
    :raises onap_hpa.ExtraSpecError: as for ``hpa_discover``; the host then contributes no URLs
        from this driver for the flavor and records the fault.

    .. versionadded:: 1.0
    .. versionchanged:: 1.1 optional; the host derives the URLs from its own ids.
    """
