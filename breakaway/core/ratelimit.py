"""Fixed-window rate limits kept in the shared cache (the database cache by default).

A window starts with the first counted hit and lasts `window` seconds; it does not slide.
`cache.incr` is not used because some backends reset the expiry on every increment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    window: int  # seconds

    def _key(self, who: str) -> str:
        return f"ratelimit:{self.scope}:{who}"

    def count(self, who: str) -> int:
        """Hits counted for `who` in the current window."""
        return cache.get(self._key(who), (0.0, 0))[1]

    def exceeded(self, who: str) -> bool:
        return self.count(who) >= self.limit

    def hit(self, who: str) -> None:
        """Count one hit for `who`, keeping the window's original end."""
        now = time.time()
        started, count = cache.get(self._key(who), (now, 0))
        remaining = max(1, round(started + self.window - now))
        cache.set(self._key(who), (started, count + 1), remaining)
