"""From a call to the clip sequence that speaks it: chime, then the phrase N times with pauses.

The template's literal text is matched to clips (a whole-phrase clip when the bundle has one, otherwise
word by word); ``{number}`` and ``{counter}`` are read by :mod:`client.voice.numbers`; ``{field}`` is the
field's name, which needs a clip of its own.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .clips import ClipError, ClipSet
from .numbers import DIGIT_PAUSE, LETTER_NAMES, letter_clip, ticket_words
from .settings import VoiceSettings

_LETTER_TEXT = {letter_clip(letter): spoken for letter, spoken in LETTER_NAMES.items()}


@dataclass(frozen=True)
class Silence:
    """A pause of *ms* milliseconds in a clip sequence (it takes the place of the usual gap)."""

    ms: int


Item = str | Silence  # a clip name, or a pause


def words_to_items(words: list[str], clips: ClipSet, digit_pause_ms: int) -> list[Item]:
    """The clips (and pauses) of a number's reading; raises ClipError for a word the set lacks."""
    items: list[Item] = []
    for word in words:
        if word == DIGIT_PAUSE:
            items.append(Silence(digit_pause_ms))
        elif word in _LETTER_TEXT:
            items.append(word)
        else:
            name = clips.name_for_text(word)
            if name is None:
                raise ClipError("voice.word_missing", word=word, text=word, voice=clips.voice)
            items.append(name)
    return items


def spoken_text(words: list[str]) -> str:
    """Words of a reading as plain text ("a, năm"), for system speech and for logs."""
    out = ""
    for word in words:
        if word == DIGIT_PAUSE:
            out += ","
        else:
            out += (" " if out else "") + _LETTER_TEXT.get(word, word)
    return out


def phrase_parts(
    template: str, ticket: str, counter: str, field: str | None, settings: VoiceSettings
) -> list[tuple[str, str | list[str]]]:
    """The template split into ("text", literal) and ("words", reading) parts, in order."""
    parts: list[tuple[str, str | list[str]]] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal.strip(" ,.;:!?–-"):
            parts.append(("text", literal))
        if name is None:
            continue
        if name == "number":
            parts.append(("words", ticket_words(ticket, settings.reading, settings.by_digit)))
        elif name == "counter":
            parts.append(("words", ticket_words(counter, settings.reading)))
        elif name == "field":
            if not field:
                raise ClipError("voice.field_needed", template=template)
            parts.append(("text", field))
        else:
            raise ClipError("voice.placeholder_unknown", name=name, template=template)
    return parts


def phrase_text(parts: list[tuple[str, str | list[str]]]) -> str:
    """The sentence a listener hears, with the numbers in words."""
    pieces = [p.strip() if isinstance(p, str) else spoken_text(p) for _, p in parts]
    return " ".join(p for p in pieces if p)


def clip_sequence(
    ticket: str, counter: str, clips: ClipSet, settings: VoiceSettings, field: str | None = None
) -> list[Item]:
    """The clips (and pauses) that announce *ticket* to *counter*, chime and repeats included."""
    parts = phrase_parts(settings.phrase_template(), ticket, counter, field, settings)
    phrase: list[Item] = []
    for kind, part in parts:
        if kind == "text":
            phrase += clips.names_for_text(part)  # type: ignore[arg-type]
        else:
            phrase += words_to_items(part, clips, settings.digit_pause_ms)  # type: ignore[arg-type]
    sequence: list[Item] = []
    if settings.chime:
        sequence += ["chime", Silence(settings.chime_gap_ms)]
    for i in range(settings.repeat):
        if i:
            sequence.append(Silence(settings.pause_ms))
        sequence += phrase
    return sequence
