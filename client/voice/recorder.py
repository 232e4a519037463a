"""Announcements written to a folder as WAV files instead of being played.

For a demonstration or a display without speakers that should still leave a trace of what it would have
said: ``qms display --voice-out DIR``. Each announcement becomes ``DIR/NNNN-<ticket>-<counter>.wav``; the
queue hears it end after the announcement's own length (a named timer), so calls keep the pace they would
have on a speaker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from .announce import Announcement
from .assemble import write_wav

log = logging.getLogger(__name__)


def safe_part(text: str) -> str:
    """*text* fit for a file name on every system."""
    return re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_") or "x"


class WavRecorder(QObject):
    """A ``Player`` that writes each announcement to *folder* and finishes after its length."""

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.count = 0
        self.timer = QTimer(self, objectName="recorded_timer", singleShot=True)
        self._finished: Callable[[], None] | None = None
        self.timer.timeout.connect(self._end)

    def play(self, announcement: Announcement, finished: Callable[[], None]) -> None:
        self.count += 1
        call = announcement.call
        path = self.folder / f"{self.count:04d}-{safe_part(call.ticket)}-{safe_part(call.counter)}.wav"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_wav(path, announcement.pcm, announcement.sample_rate)
        except OSError as exc:
            log.error("%s: %s", path, exc)
        self._finished = finished
        self.timer.start(max(1, int(announcement.seconds * 1000)))

    def _end(self) -> None:
        finished, self._finished = self._finished, None
        if finished is not None:
            finished()
