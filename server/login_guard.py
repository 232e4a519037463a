"""Limits on PIN guessing.

A 4-digit PIN falls to a few thousand guesses, so the limits, not the PIN, are what protect an account:

- **Reserved before checked.** An attempt is counted the moment it arrives, before the slow hash is
  awaited, and forgiven only when the PIN was right. Checking the count first and adding failures after the
  hash let 300 simultaneous guesses through a limit of five.
- **Per username and per client address.** One address cannot walk through many usernames either.
- **Bounded hash work.** At most ``hash_slots`` scrypt computations run at once (each takes tens of
  milliseconds and 16 MiB); past ``hash_queue`` waiting logins, new ones are refused at once instead of
  piling up threads and memory while kiosks wait for their tickets.
- **Bounded memory.** The table of recent failures keeps at most ``max_entries`` usernames and addresses;
  expired entries go first, then the ones idle longest.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from server.errors import RateLimited


class FailureTable:
    """Recent failure times per key (a username or an address), at most *max_entries* keys."""

    def __init__(self, limit: int, window: float, max_entries: int, now: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self.max_entries = max_entries
        self._now = now
        self._times: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._times)

    def _recent(self, key: str, now: float) -> deque[float] | None:
        times = self._times.get(key)
        while times and times[0] <= now - self.window:
            times.popleft()
        if times is not None and not times:
            del self._times[key]
            return None
        return times

    def blocked_for(self, key: str) -> float:
        """Seconds until *key* may try again (0: it may now)."""
        now = self._now()
        times = self._recent(key, now)
        if times is None or len(times) < self.limit:
            return 0.0
        return times[-self.limit] + self.window - now

    def add(self, key: str) -> float:
        """Count one attempt for *key*; return its time (to :meth:`forgive` it later)."""
        now = self._now()
        times = self._times.get(key)
        if times is None:
            self._make_room(now)
            times = self._times[key] = deque()
        self._times.move_to_end(key)
        times.append(now)
        return now

    def forgive(self, key: str, at: float) -> None:
        """Take back the attempt counted at *at*."""
        times = self._times.get(key)
        if times is not None:
            try:
                times.remove(at)
            except ValueError:
                pass
            if not times:
                del self._times[key]

    def clear(self, key: str) -> None:
        """Forget every failure of *key*."""
        self._times.pop(key, None)

    def _make_room(self, now: float) -> None:
        if len(self._times) < self.max_entries:
            return
        for key in list(self._times):
            self._recent(key, now)
        while len(self._times) >= self.max_entries:
            self._times.popitem(last=False)  # idle longest


class Attempt:
    """One login attempt, counted against its username and address until it proves the PIN."""

    def __init__(self, guard: LoginGuard, username: str, address: str) -> None:
        self.guard = guard
        self.username = username
        self.address = address
        self.at_user = guard.users.add(username)
        self.at_address = guard.addresses.add(address)

    def succeeded(self) -> None:
        """The PIN was right: the username's failures are forgiven, and this attempt at the address."""
        self.guard.users.clear(self.username)
        self.guard.addresses.forgive(self.address, self.at_address)


class LoginGuard:
    """Decides whether a login may try its PIN now, and runs the PIN check within the hash budget."""

    def __init__(self, attempts: int, window: float, address_attempts: int, hash_slots: int = 2,
                 hash_queue: int = 16, max_entries: int = 10_000,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.users = FailureTable(attempts, window, max_entries, now)
        self.addresses = FailureTable(address_attempts, window, max_entries, now)
        self.hash_slots = hash_slots
        self.hash_queue = hash_queue
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self.hashing_now = 0
        self.most_hashing = 0

    def reserve(self, username: str, address: str) -> Attempt:
        """Count an attempt for *username* from *address*, or raise 429 ``rate_limited``.

        Synchronous on purpose: between the check and the count there is no ``await``, so simultaneous
        requests cannot all pass the check before any of them is counted."""
        wait = max(self.users.blocked_for(username), self.addresses.blocked_for(address))
        if wait > 0:
            raise RateLimited(seconds=max(1, math.ceil(wait)))
        if self._waiting >= self.hash_slots + self.hash_queue:
            raise RateLimited(seconds=1)
        return Attempt(self, username, address)

    @asynccontextmanager
    async def hashing(self) -> AsyncIterator[None]:
        """Hold one of the ``hash_slots`` while the body runs (the PIN check)."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.hash_slots)
        self._waiting += 1
        try:
            async with self._slots:
                self.hashing_now += 1
                self.most_hashing = max(self.most_hashing, self.hashing_now)
                try:
                    yield
                finally:
                    self.hashing_now -= 1
        finally:
            self._waiting -= 1
