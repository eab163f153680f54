"""Fault injection for the replay servers: 5xx answers, slow answers and dropped connections, on demand.

A :class:`FaultPlan` matches requests by method and a path regex. Among the requests it matches it
fires on the ``nth`` (1-based) and the following ones, or on a seeded random ``fraction`` of them, or
on every one, at most ``times`` times (``None``: no limit). A plan can act before the request is
served (nothing changes on the server) or ``after`` it (the change is made, the answer is lost: the
case a client must converge from).
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

__all__ = ["FaultPlan", "FaultSet"]


@dataclass(slots=True)
class FaultPlan:
    """One fault to inject.

    :param status: answer with this HTTP status (e.g. 503) and the server's error body.
    :param delay: seconds to wait before answering (alone: a slow but correct answer).
    :param drop: close the connection without an answer.
    :param method: HTTP method to match (``None``: any).
    :param path: regex searched in the request path, query string included.
    :param nth: fire from the nth matching request on (1-based).
    :param fraction: fire on this fraction of matching requests, drawn from ``random.Random(seed)``.
    :param times: how many times the plan fires at most (``None``: unlimited).
    :param after: serve the request first, then fail the answer (``status`` or ``drop``).
    """

    status: int | None = None
    delay: float = 0.0
    drop: bool = False
    method: str | None = None
    path: str = ""
    nth: int | None = None
    fraction: float | None = None
    seed: int = 0
    times: int | None = 1
    after: bool = False
    matched: int = field(default=0, init=False)
    fired: int = field(default=0, init=False)
    _regex: re.Pattern[str] = field(init=False, repr=False)
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.status is None and not self.drop and self.delay <= 0:
            message = "a FaultPlan needs status=, drop=True or delay= (otherwise it does nothing)"
            raise ValueError(message)
        if self.fraction is not None and not 0 <= self.fraction <= 1:
            message = f"fraction={self.fraction!r} must be between 0 and 1"
            raise ValueError(message)
        if self.nth is not None and self.nth < 1:
            message = f"nth={self.nth!r} counts matching requests from 1"
            raise ValueError(message)
        self._regex = re.compile(self.path)
        self._random = random.Random(self.seed)  # noqa: S311 - reproducible test faults, not cryptography

    def _fires(self, method: str, path: str, *, may_fire: bool = True) -> bool:
        if (self.method is not None and self.method.upper() != method) or not self._regex.search(path):
            return False
        self.matched += 1
        if not may_fire or (self.times is not None and self.fired >= self.times):
            return False
        if self.nth is not None and self.matched < self.nth:
            return False
        if self.fraction is not None and self._random.random() >= self.fraction:
            return False
        self.fired += 1
        return True


class FaultSet:
    """The fault plans of one server; the first plan that fires for a request applies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plans: list[FaultPlan] = []

    def add(self, plan: FaultPlan) -> FaultPlan:
        """Start injecting ``plan``; returns it (its ``matched``/``fired`` counters are live)."""
        with self._lock:
            self._plans.append(plan)
        return plan

    def clear(self) -> None:
        """Remove every plan."""
        with self._lock:
            self._plans.clear()

    @property
    def plans(self) -> tuple[FaultPlan, ...]:
        """The plans in the order they were added."""
        with self._lock:
            return tuple(self._plans)

    def pick(self, method: str, path: str) -> FaultPlan | None:
        """The plan that fires for this request, if any (every matching plan counts the request)."""
        chosen = None
        with self._lock:
            for plan in self._plans:
                if plan._fires(method, path, may_fire=chosen is None):
                    chosen = plan
        return chosen
