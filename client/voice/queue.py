"""The announcement queue: calls are spoken one at a time, in the order they came, each to the end.

The queue never stops a playing announcement: the next one starts only when the player says the last
one finished. A recall of a ticket still waiting in the queue is not queued again; calls already older
than ``stale_after_s`` when they arrive (replayed after a reconnect) and calls outside the opening hours
are dropped, each with a log line and ``on_dropped``. A call that waits its turn behind others is never
dropped for its age: while ``short_when_waiting`` or more calls wait behind it, it is spoken short (once,
no chime), so twenty counters calling at the opening are all heard within two minutes.
The player and the clock come in through the constructor, so tests drive both.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from assets.texts import tr

from .announce import Announcement, Call
from .clips import ClipError
from .settings import VoiceSettings

log = logging.getLogger(__name__)


class Player(Protocol):
    """Plays one announcement and calls *finished* once, after its last frame (or when it failed)."""

    def play(self, announcement: Announcement, finished: Callable[[], None]) -> None: ...


class Clock(Protocol):
    """Gives the current time as an aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def ticket_key(ticket: str) -> str:
    """Tickets compare without case, spaces or dashes: "a-005" and "A005" are one ticket."""
    return ticket.upper().replace(" ", "").replace("-", "")


class AnnouncementQueue:
    """Speaks calls strictly in order, never two at once, never cutting one off.

    *build* turns a call into an announcement (normally :meth:`Announcer.announcement`); it runs when the
    call's turn comes, so a call dropped as stale costs nothing. *on_dropped* hears ``(call, reason)``
    with reason ``"recall"``, ``"stale"``, ``"closed"`` or ``"failed"``; *on_started* hears each call
    as it starts playing.
    """

    def __init__(
        self,
        player: Player,
        clock: Clock,
        build: Callable[[Call], Announcement],
        settings: VoiceSettings,
        on_dropped: Callable[[Call, str], None] | None = None,
        on_started: Callable[[Call], None] | None = None,
    ) -> None:
        self._player = player
        self._clock = clock
        self._build = build
        self._settings = settings
        self._on_dropped = on_dropped
        self._on_started = on_started
        self._pending: deque[Call] = deque()
        self._playing: Call | None = None
        self._turn = 0  # which play a finished() callback belongs to; late or repeated ones are ignored
        self._pumping = False

    @property
    def playing(self) -> Call | None:
        """The call being spoken now, if any."""
        return self._playing

    @property
    def pending(self) -> tuple[Call, ...]:
        """Calls waiting their turn, oldest first."""
        return tuple(self._pending)

    def announce(self, call: Call) -> bool:
        """Queue *call*; return False if it was not queued (a recall of a waiting ticket, or stale)."""
        if call.called_at is None:
            call = replace(call, called_at=self._clock.now())
        if self._is_stale(call):
            self._drop(call, "stale")
            return False
        key = ticket_key(call.ticket)
        for i, waiting in enumerate(self._pending):
            if ticket_key(waiting.ticket) == key:
                if waiting.counter != call.counter:
                    # Sent to another counter while waiting: keep its place, speak the newer counter.
                    field = call.field or waiting.field
                    self._pending[i] = replace(waiting, counter=call.counter, field=field)
                self._drop(call, "recall")
                return False
        self._pending.append(call)
        self._pump()
        return True

    def clear(self) -> None:
        """Forget the waiting calls (the one playing finishes)."""
        self._pending.clear()

    def _is_stale(self, call: Call) -> bool:
        assert call.called_at is not None
        return (self._clock.now() - call.called_at).total_seconds() > self._settings.stale_after_s

    def _is_open(self) -> bool:
        return self._settings.is_open(self._clock.now().astimezone(self._settings.zone))

    def _drop(self, call: Call, reason: str) -> None:
        if reason == "stale":
            assert call.called_at is not None
            age = round((self._clock.now() - call.called_at).total_seconds())
            log.info("%s", tr("voice.dropped_stale", ticket=call.ticket, seconds=age))
        elif reason == "closed":
            log.info("%s", tr("voice.dropped_closed", ticket=call.ticket))
        elif reason == "recall":
            log.info("%s", tr("voice.dropped_recall", ticket=call.ticket))
        if self._on_dropped:
            self._on_dropped(call, reason)

    def _pump(self) -> None:
        # A loop, not recursion: a player that fails at once calls finished() from inside play().
        if self._pumping:
            return
        self._pumping = True
        try:
            while self._playing is None and self._pending:
                call = self._pending.popleft()
                backlog = self._settings.short_when_waiting
                if backlog and len(self._pending) >= backlog:
                    call = replace(call, short=True)
                if not self._is_open():
                    self._drop(call, "closed")
                    continue
                try:
                    announcement = self._build(call)
                except (ClipError, ValueError) as exc:
                    log.error("%s", tr("voice.build_failed", ticket=call.ticket, reason=exc))
                    self._drop(call, "failed")
                    continue
                self._turn += 1
                self._playing = call
                if self._on_started:
                    self._on_started(call)
                self._player.play(announcement, self._finisher(self._turn))
        finally:
            self._pumping = False

    def _finisher(self, turn: int) -> Callable[[], None]:
        def finished() -> None:
            if turn != self._turn or self._playing is None:
                return
            self._playing = None
            self._pump()

        return finished
