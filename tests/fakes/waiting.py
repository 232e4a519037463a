"""Waiting on a condition, and finding a free loopback port: the two things every harness needs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# The first polls come quickly (most conditions hold within milliseconds); later ones back off so a long
# wait (a server starting, a stalled client dropped) costs no CPU that the code under test needs.
FIRST_POLL = 0.001
LONGEST_POLL = 0.05


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (connecting to it is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate: Callable[[], T], timeout: float = 10.0, what: str = "condition") -> T:
    """Ask *predicate* until it returns something truthy, and return that; fail after *timeout* seconds.

    Between two questions the thread blocks on an event nobody sets, for an interval that doubles up to
    ``LONGEST_POLL``: the predicate decides when the wait ends, the interval only bounds how often it is
    asked. For Qt code, use ``qtbot.waitUntil`` instead, which keeps the event loop running.
    """
    deadline = time.monotonic() + timeout
    pause = FIRST_POLL
    idle = threading.Event()
    while True:
        value = predicate()
        if value:
            return value
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        idle.wait(min(pause, left))
        pause = min(pause * 2, LONGEST_POLL)
