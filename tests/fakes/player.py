"""Test doubles for the voice: a clock the test moves, a player that finishes when told, tone WAVs."""

import array
import wave
from datetime import datetime, timedelta

from client.voice.clips import SAMPLE_RATE


def write_tone_wav(path, frames=2205, rate=SAMPLE_RATE, channels=1, width=2, value=1000):
    """A WAV of constant samples, for override tests."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        sample = array.array("h", [value]).tobytes() if width == 2 else bytes([128])
        w.writeframes(sample * frames * channels)
    return path


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime.fromisoformat("2026-11-23T09:00:00+07:00")

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


class FakePlayer:
    """A player that 'plays' until the test calls :meth:`finish`; it records every announcement.

    ``max_overlap`` is the most announcements it was ever asked to play at once; a queue that overlaps
    or cuts off a call makes it exceed 1. ``stop()`` cuts what plays, as the real players do, and counts
    in ``stopped`` the plays it cut.
    """

    def __init__(self, fail_at_once: bool = False) -> None:
        self.played = []  # announcements, in the order play() was called
        self.active = []  # (announcement, finished) still playing
        self.max_overlap = 0
        self.stopped = 0
        self.fail_at_once = fail_at_once

    def play(self, announcement, finished) -> None:
        self.played.append(announcement)
        if self.fail_at_once:
            finished()
            return
        self.active.append((announcement, finished))
        self.max_overlap = max(self.max_overlap, len(self.active))

    def stop(self) -> None:
        """Cut what plays (its *finished* is still called, as QtAudioPlayer and TtsPlayer do)."""
        while self.active:
            _, finished = self.active.pop(0)
            self.stopped += 1
            finished()

    @property
    def texts(self) -> list[str]:
        return [a.text for a in self.played]

    @property
    def tickets(self) -> list[str]:
        return [a.call.ticket for a in self.played]

    def finish(self) -> None:
        """End the oldest announcement playing."""
        _, finished = self.active.pop(0)
        finished()

    def finish_all(self, limit: int = 1000) -> None:
        """Finish announcements until nothing plays (the queue starts the next one each time)."""
        for _ in range(limit):
            if not self.active:
                return
            self.finish()
        raise AssertionError("player never went idle")
