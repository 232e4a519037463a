"""A call, and the announcement that speaks it (clip sequence, spoken text and audio)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from .assemble import assemble
from .clips import ClipSet
from .phrase import Item, clip_sequence, phrase_parts, phrase_text
from .settings import VoiceSettings


@dataclass(frozen=True)
class Call:
    """A ticket called to a counter; *called_at* is when the server recorded it (aware datetime).

    *short* asks for the phrase once, without the chime: the queue sets it while calls pile up."""

    ticket: str
    counter: str
    field: str | None = None
    called_at: datetime | None = None
    short: bool = False


@dataclass(frozen=True)
class Announcement:
    """Everything a player needs: the audio (clips joined) and the text (for system speech)."""

    call: Call
    sequence: tuple[Item, ...]
    text: str
    pcm: bytes
    sample_rate: int
    repeat: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


class Announcer:
    """Turns calls into announcements with one centre's settings and clip set."""

    def __init__(self, settings: VoiceSettings, clips: ClipSet) -> None:
        self.settings = settings
        self.clips = clips

    def sequence(self, call: Call) -> list[Item]:
        """The clip sequence of *call*."""
        settings = replace(self.settings, repeat=1, chime=False) if call.short else self.settings
        return clip_sequence(call.ticket, call.counter, self.clips, settings, call.field)

    def text(self, call: Call) -> str:
        """The sentence spoken once, numbers in words."""
        s = self.settings
        return phrase_text(phrase_parts(s.phrase_template(), call.ticket, call.counter, call.field, s))

    def announcement(self, call: Call) -> Announcement:
        """Build the announcement of *call*; raises ClipError if a clip it needs is missing."""
        sequence = self.sequence(call)
        pcm = assemble(sequence, self.clips, self.settings.gap_ms)
        repeat = 1 if call.short else self.settings.repeat
        return Announcement(call, tuple(sequence), self.text(call), pcm, self.clips.sample_rate, repeat)
