"""Sign-in attempts: too many failures for one account, or from one address, wait.

Per account, so that a password cannot be guessed from many addresses; per address,
so that one machine cannot try every account. Kept in memory: a restart forgives.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class LoginLimiter:
    def __init__(self, per_account: int = 5, per_address: int = 20, window: float = 15 * 60, clock=time.monotonic):
        self.limits = {"user": per_account, "addr": per_address}
        self.window = window
        self.clock = clock
        self.lock = threading.Lock()
        self.failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def wait(self, user: str, address: str) -> float:
        """Seconds until another attempt may be made; 0 when one may be made now."""
        now = self.clock()
        longest = 0.0
        with self.lock:
            for key in (("user", user), ("addr", address)):
                times = self._recent(key, now)
                if len(times) >= self.limits[key[0]]:
                    longest = max(longest, times[0] + self.window - now)
        return longest

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        with self.lock:
            for key in (("user", user), ("addr", address)):
                self._recent(key, now).append(now)

    def succeeded(self, user: str) -> None:
        with self.lock:
            self.failures.pop(("user", user), None)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self.failures[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        return times
