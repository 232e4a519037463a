"""The display's voice: calls from the event stream go to the announcement queue, in order.

``CallSpeaker`` turns a call into the voice's :class:`~client.voice.announce.Call` (the time the server
recorded it goes with it, so the queue drops a call that is old news when its turn comes) and hands it to
:class:`~client.voice.queue.AnnouncementQueue`, which speaks one at a time, never cuts one off and does
not double a recall. It tells the window which call is being spoken and its sentence (``speaking``), so
the text is on the screen while it is heard. With no audio output, or sound switched off on this
machine, a :class:`SilentPlayer` takes the calls: the screen works the same, silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from client.voice.announce import Announcement, Call
from client.voice.queue import AnnouncementQueue, Clock, Player
from client.voice.settings import VoiceSettings
from display.calls import ShownCall, ticket_key

log = logging.getLogger(__name__)


class SilentPlayer:
    """A player for a PC without speakers: every call ends at once, nothing is heard."""

    def play(self, announcement: Announcement, finished: Callable[[], None]) -> None:
        finished()


class _Tap:
    """Wraps a player to hear when each announcement starts and ends."""

    def __init__(self, player: Player, started: Callable[[Announcement], None],
                 ended: Callable[[Announcement], None]) -> None:
        self.player, self.started, self.ended = player, started, ended

    def play(self, announcement: Announcement, finished: Callable[[], None]) -> None:
        self.started(announcement)

        def done() -> None:
            self.ended(announcement)
            finished()

        self.player.play(announcement, done)


class CallSpeaker(QObject):
    """Speaks calls through one announcement queue; ``speaking(seq, text)`` while one is heard
    (``seq`` 0 and an empty text when the voice falls silent)."""

    speaking = Signal(int, str)

    def __init__(self, player: Player, clock: Clock, build: Callable[[Call], Announcement],
                 settings: VoiceSettings, field_name: Callable[[str | None], str | None] = lambda code: None,
                 audible: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.audible = audible
        self.field_name = field_name
        self._seq_of: dict[str, int] = {}  # ticket of a queued call -> the seq of the event that queued it
        self.queue = AnnouncementQueue(_Tap(player, self._started, self._ended), clock, build, settings,
                                       on_dropped=self._dropped)

    def say(self, call: ShownCall) -> bool:
        """Queue *call*; False if it was not queued (silent display, a recall already waiting, or stale)."""
        if not self.audible:
            return False
        voice_call = Call(ticket=call.ticket, counter=str(call.counter), field=self.field_name(call.field),
                          called_at=datetime.fromisoformat(call.at))
        key = ticket_key(call.ticket)
        before = self._seq_of.get(key)
        self._seq_of[key] = call.seq  # set first: the queue may start it at once, from inside announce()
        queued = self.queue.announce(voice_call)
        if not queued:
            if before is None:
                self._seq_of.pop(key, None)
            else:
                self._seq_of[key] = before
        return queued

    def _dropped(self, call: Call, reason: str) -> None:
        if reason != "recall":  # a recall folded into a waiting call leaves that call's entry in place
            self._seq_of.pop(ticket_key(call.ticket), None)

    def _started(self, announcement: Announcement) -> None:
        seq = self._seq_of.pop(ticket_key(announcement.call.ticket), 0)
        self.speaking.emit(seq, announcement.text)

    def _ended(self, announcement: Announcement) -> None:
        self.speaking.emit(0, "")

