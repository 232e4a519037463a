"""A player for the benchmarks that finishes each announcement at once (the voice queue still builds it)."""

from __future__ import annotations

from collections.abc import Callable


class InstantPlayer:
    """Plays nothing and reports the end at once."""

    def play(self, announcement: object, finished: Callable[[], None]) -> None:
        finished()
