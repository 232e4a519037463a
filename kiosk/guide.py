"""Spoken guidance for citizens who cannot read the screen (off unless ``guidance = true`` in kiosk.toml).

``SpokenGuide`` says one prompt at a time: a prompt's segments (:mod:`client.voice.prompt`: the centre's
voice clips where they exist, such as a ticket's number or a field's name, the system's speech for the
rest) play one after the other, and a new prompt cuts the one still playing — a citizen who touches again
hears the new answer, not the end of the old one. Nothing queues up. Both players play on Qt's audio or
speech threads and report back by signal; the GUI thread only starts and stops them.

:func:`make_guide` builds it from this machine's settings and the centre's ``[voice]`` table: no guide
when guidance is off, and a log line (once) and silence on a PC without an audio device.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from assets.settings import ConfigError
from assets.texts import tr
from client.voice.clips import ClipError, ClipSet
from client.voice.prompt import Part, Segment, number_part, numbers_part, segments
from client.voice.settings import VoiceSettings

log = logging.getLogger(__name__)


class PromptPlayer(Protocol):
    """A voice player (``client.voice.player``) that can also be cut short."""

    def play(self, announcement: Any, finished: Callable[[], None]) -> None: ...

    def stop(self) -> None: ...


class SpokenGuide(QObject):
    """``say_home(lang)``, ``say_field(name, lang)``, ``say_ticket(label, counters, lang)``, ``stop()``.

    *clip_player* plays clip audio; *speech(lang)* gives the system-speech player of a language, or None
    when the PC has no voice for it (those segments are then skipped). ``speaking(text)`` follows each
    segment as it starts (the empty text when the prompt ends or is cut).
    """

    speaking = Signal(str)

    def __init__(self, clip_player: PromptPlayer, speech: Callable[[str], PromptPlayer | None],
                 settings: VoiceSettings, clips: ClipSet | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clip_player, self.speech = clip_player, speech
        self.settings, self.clips = settings, clips
        self.pending: deque[Segment] = deque()
        self.playing: PromptPlayer | None = None
        self.turn = 0  # which segment a finished() belongs to: a cut segment's late report is ignored

    # ----------------------------------------------------------------- the prompts

    def say_home(self, lang: str) -> None:
        """How to take a number, after a touch on the home screen."""
        self.say([("text", tr("kiosk.guide.home", lang))], lang)

    def say_priority(self, lang: str) -> None:
        """The priority choice is up."""
        self.say([("text", tr("kiosk.guide.priority", lang))], lang)

    def say_field(self, name: str, lang: str) -> None:
        """The field whose button was touched."""
        self.say([("text", name)], lang)

    def say_ticket(self, label: str, counters: list[int], lang: str) -> None:
        """The confirmation: the ticket's number and the counters that serve it."""
        if lang != "vi":  # no clips in this language: one sentence for the system's speech
            text = f"{tr('kiosk.guide.ticket', lang)} {label}."
            if counters:
                text += f" {tr('kiosk.guide.counter', lang)} {', '.join(map(str, counters))}."
            self.say([("text", text)], lang)
            return
        parts: list[Part] = [("text", tr("kiosk.guide.ticket", lang)), number_part(label, self.settings)]
        if counters:
            parts += [("text", tr("kiosk.guide.counter", lang)), numbers_part(counters, self.settings)]
        self.say(parts, lang)

    # ----------------------------------------------------------------- playing

    def say(self, parts: list[Part], lang: str) -> None:
        """Cut what plays and say *parts* in *lang*."""
        self.stop()
        self.pending = deque(segments(parts, lang, self.clips, self.settings))
        self._next()

    def stop(self) -> None:
        """Cut the prompt playing now; nothing is left waiting."""
        self.pending.clear()
        playing, self.playing = self.playing, None
        self.turn += 1
        if playing is not None:
            playing.stop()
            self.speaking.emit("")

    def _next(self) -> None:
        while self.pending:
            segment = self.pending.popleft()
            player = self.clip_player if segment.from_clips else self.speech(segment.lang)
            if player is None:
                continue
            self.turn += 1
            turn = self.turn
            self.playing = player
            self.speaking.emit(segment.text)
            player.play(segment, partial(self._finished, turn))
            return
        if self.playing is not None:
            self.playing = None
            self.speaking.emit("")

    def _finished(self, turn: int) -> None:
        if turn == self.turn:
            self._next()


def make_guide(enabled: bool, voice_table: dict[str, Any] | None, parent: QObject | None = None) -> SpokenGuide | None:
    """The guide this kiosk uses: None when guidance is off or the PC has no audio output (logged)."""
    if not enabled:
        return None
    from client.voice.player import QtAudioPlayer, TtsPlayer, no_audio_output

    if no_audio_output():
        log.warning("%s", tr("kiosk.guide.no_audio"))
        return None
    clips: ClipSet | None = None
    try:
        settings = VoiceSettings.from_config(voice_table)
        if settings.engine != "tts":
            clips = ClipSet.load(settings.voice, settings.clip_dir)
    except (ConfigError, ValueError, ClipError, OSError) as exc:
        log.warning("%s", tr("kiosk.guide.voice_problem", detail=str(exc)))
        settings = VoiceSettings()
    volume = settings.volume
    voices: dict[str, PromptPlayer | None] = {}

    def speech(lang: str) -> PromptPlayer | None:
        if lang not in voices:  # made on first use; a missing voice is logged once
            from PySide6.QtCore import QLocale

            language = QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English
            voices[lang] = TtsPlayer.create(volume, parent=parent, language=language)
            if voices[lang] is None:
                log.warning("%s", tr("kiosk.guide.no_speech", lang=lang))
        return voices[lang]

    return SpokenGuide(QtAudioPlayer(volume, parent=parent), speech, settings, clips, parent=parent)
