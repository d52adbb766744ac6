"""A bounded memo for per-paragraph values: the same frame lines recur on every page of a site.

In a batch or a corpus, a site's menu, footer and share lines come back
verbatim on each of its documents; their key, word count and rule verdict are
worked out once and looked up after. Memory stays bounded: a memo holds at
most ``size`` entries and is emptied when full (a recurring line is back in
it at its next appearance). Results never depend on it: the tests compare
outputs with and without it (:data:`ENABLED`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()

ENABLED = True
"""Whether memos remember anything (the identity tests switch it off)."""


class Memo(Generic[K, V]):
    """At most ``size`` remembered values of a function of ``K``; emptied when full."""

    __slots__ = ("_values", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        """The value for ``key``: remembered, or computed by ``compute(key)`` and remembered."""
        # A lookup with a default, not a KeyError caught: most lines of a corpus are new, and raising costs more.
        found = self._values.get(key, _MISSING)
        if found is not _MISSING:
            return cast(V, found)
        value = compute(key)
        self.remember(key, value)
        return value

    def remember(self, key: K, value: V) -> None:
        """Remember ``value`` for ``key`` (worked out by the caller)."""
        if ENABLED:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = value

    def recall(self, key: K) -> V | None:
        """The remembered value for ``key``, or ``None``."""
        return self._values.get(key)

    def __len__(self) -> int:
        return len(self._values)
