"""Tickets per client in a sliding window, kept in memory (each instance counts its own clients)."""

from __future__ import annotations

import math
import threading
from collections import deque
from typing import Callable

from helpcenter.intake.settings import RateLimit


class RateLimiter:
    def __init__(self, limit: RateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit.tickets
        self.window = limit.window.total_seconds()
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def wait_for(self, client: str) -> int:
        """0 if `client` may send now (and count it), else the whole seconds to wait."""
        now = self.clock()
        with self._lock:
            self._calls += 1
            if self._calls % 1000 == 0:  # forget idle clients now and then: memory stays bounded
                self._hits = {name: hits for name, hits in self._hits.items() if hits and hits[-1] > now - self.window}
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, math.ceil(hits[0] + self.window - now))
            hits.append(now)
            return 0
