"""Token buckets: each key (an address, a participant) may make `burst` requests at once and
then `per_second` more each second. The table of keys is bounded, so a flood of addresses
cannot grow it without end: the least recently seen key is forgotten first."""

from __future__ import annotations

import time
from collections import OrderedDict


class RateLimiter:
    def __init__(self, burst: float, per_second: float, max_keys: int = 10_000, clock=time.monotonic) -> None:
        self.burst, self.per_second, self.max_keys = burst, per_second, max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)

    def allow(self, key: str, cost: float = 1.0) -> bool:
        """Take `cost` from the key's bucket; False (and nothing taken) when it is empty."""
        now = self.clock()
        tokens, when = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.per_second)
        allowed = tokens >= cost
        self._buckets[key] = (tokens - cost if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    def exhausted(self, key: str) -> bool:
        """True when the key could not make one more request now (nothing is taken)."""
        tokens, when = self._buckets.get(key, (self.burst, self.clock()))
        return min(self.burst, tokens + (self.clock() - when) * self.per_second) < 1

    def retry_after(self, key: str) -> int:
        """Whole seconds until one more request is allowed."""
        tokens, _ = self._buckets.get(key, (self.burst, 0.0))
        return max(1, int((1 - tokens) / self.per_second + 0.999))
