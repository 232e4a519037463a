"""Spoken prompts: short guidance lines (the kiosk's), cut into what the clips can say and what they cannot.

A prompt is built from parts, as a call's phrase is (:func:`~client.voice.phrase.phrase_parts`): ``("text",
literal)`` and ``("words", a number's reading)``. In Vietnamese each part is said with the clip set where it
has every word (a ticket's number, "quầy", a field's name), and by the system's speech otherwise ("Mời
Ông/Bà chọn lĩnh vực"); neighbouring parts of one kind become one :class:`Segment`. In another language
(the clips are Vietnamese) the whole line is one spoken-text segment.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assemble import assemble
from .clips import SAMPLE_RATE, ClipError, ClipSet
from .numbers import DIGIT_PAUSE, ticket_words
from .phrase import Item, phrase_text, words_to_items
from .settings import VoiceSettings

Part = tuple[str, str | list[str]]  # ("text", literal) or ("words", reading)


@dataclass(frozen=True)
class Segment:
    """One stretch of a prompt: clip audio (``pcm``), or text for the system's speech (``pcm`` empty)."""

    text: str
    lang: str
    pcm: bytes = b""
    sample_rate: int = SAMPLE_RATE
    repeat: int = 1

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate

    @property
    def from_clips(self) -> bool:
        return bool(self.pcm)


def number_part(label: str, settings: VoiceSettings) -> Part:
    """A ticket's number as the voice reads it ("1005": một nghìn không trăm linh năm)."""
    return ("words", ticket_words(label, settings.reading, settings.by_digit))


def numbers_part(numbers: list[int], settings: VoiceSettings) -> Part:
    """Several counter numbers, a short pause between them."""
    words: list[str] = []
    for i, number in enumerate(numbers):
        if i:
            words.append(DIGIT_PAUSE)
        words += ticket_words(str(number), settings.reading)
    return ("words", words)


def segments(parts: list[Part], lang: str, clips: ClipSet | None, settings: VoiceSettings) -> list[Segment]:
    """The segments that say *parts* in *lang*: clips where *clips* has every word, spoken text elsewhere."""
    parts = [p for p in parts if p[1]]
    if lang != "vi" or clips is None:
        return [Segment(phrase_text(parts), lang)] if parts else []
    runs: list[tuple[bool, list[Part], list[Item]]] = []  # (from clips, parts, clip items)
    for part in parts:
        items = _items(part, clips, settings)
        if items == []:
            continue  # nothing to say (punctuation)
        if runs and runs[-1][0] == (items is not None):
            runs[-1][1].append(part)
            runs[-1][2].extend(items or [])
        else:
            runs.append((items is not None, [part], list(items or [])))
    out = []
    for from_clips, run, items in runs:
        text = phrase_text(run)
        if from_clips:
            out.append(Segment(text, lang, assemble(items, clips, settings.gap_ms), clips.sample_rate))
        else:
            out.append(Segment(text, lang))
    return out


def _items(part: Part, clips: ClipSet, settings: VoiceSettings) -> list[Item] | None:
    kind, value = part
    try:
        if kind == "text":
            return list(clips.names_for_text(str(value)))
        return words_to_items(list(value), clips, settings.digit_pause_ms)
    except ClipError:
        return None
