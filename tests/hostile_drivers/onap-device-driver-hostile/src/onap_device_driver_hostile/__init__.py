"""Deliberately hostile onap-hpa drivers, for tests/test_hostile_drivers.py only. Never publish.

One module per entry point, each a few lines a careless or malicious vendor could ship (issue 10): read
the environment or the host's ``/proc`` entries for credentials, walk ``gc`` for a live AAI client,
call the network, monkeypatch the host, mutate the request, return a lying dict subclass, spam
stdout, exit, segfault, raise ``KeyboardInterrupt``, allocate 2 GB (or shared memory past the limit),
sleep or backtrack past the deadline, close the protocol channel and hang, start slowly and crash.
Each emits a vendor feature of its own, ``hostileProbe``, whose ``found`` attribute carries whatever
it managed to steal, in several disguises (so a scrubber that only
replaces the plain text would miss it). A spy that finds nothing raises, saying what it tried.
"""

from __future__ import annotations

from onap_device_driver_hostile._probe import DISTRIBUTION, FEATURE

__all__ = ["DISTRIBUTION", "FEATURE"]
