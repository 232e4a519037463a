"""Playing announcements through QtMultimedia, without blocking the GUI thread.

:class:`QtAudioPlayer` hands the assembled PCM to a ``QAudioSink`` in pull mode from a ``QBuffer``: Qt's
audio thread reads it, and the sink's ``IdleState`` says the buffer was played out, which is what tells the
queue a call has ended. A short silence is appended so the device's own buffer holds only silence when the
next call starts. A watchdog ends a play that never reports back (a device pulled out), so the queue never
hangs. :class:`TtsPlayer` speaks the text with the system's speech (QtTextToSpeech) where a Vietnamese voice
is installed. Both play anything shaped like an announcement (:class:`Sound`: the kiosk's spoken prompts
too) and ``stop()`` cuts what plays. This is the only module of the voice that imports Qt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QObject, QTimer, Signal
from PySide6.QtMultimedia import QAudio, QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio
from PySide6.QtTextToSpeech import QTextToSpeech

from assets.texts import tr

from .assemble import silence

log = logging.getLogger(__name__)

TAIL_MS = 200
WATCHDOG_SLACK_MS = 5000


class Sound(Protocol):
    """What a player needs: an announcement, or one of the kiosk's prompts."""

    @property
    def text(self) -> str: ...
    @property
    def pcm(self) -> bytes: ...
    @property
    def sample_rate(self) -> int: ...
    @property
    def repeat(self) -> int: ...
    @property
    def seconds(self) -> float: ...


def no_audio_output() -> bool:
    """True when the PC has no audio output at all (a TV box without sound, a kiosk without speakers)."""
    return not QMediaDevices.audioOutputs()


def linear_volume(percent: int) -> float:
    """A volume setting (0–100, as heard) as the linear gain QAudioSink takes."""
    return QtAudio.convertVolume(
        percent / 100, QtAudio.VolumeScale.LogarithmicVolumeScale, QtAudio.VolumeScale.LinearVolumeScale
    )


class QtAudioPlayer(QObject):
    """Plays one announcement at a time on an audio output; fits the queue's ``Player`` protocol.

    ``started`` carries the ``time.perf_counter()`` at which the sink began pulling audio; ``finished``
    follows the last frame; ``failed`` carries a message (and ``finished`` still follows).
    """

    started = Signal(float)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, volume: int = 80, device: QAudioDevice | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._volume = volume
        self._device = device
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._done: Callable[[], None] | None = None
        self._started = False
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog)

    @property
    def busy(self) -> bool:
        return self._done is not None

    def set_volume(self, volume: int) -> None:
        """Change the volume (0–100); applies to the call playing now too."""
        self._volume = volume
        if self._sink is not None:
            self._sink.setVolume(linear_volume(volume))

    def play(self, announcement: Sound, finished: Callable[[], None]) -> None:
        """Start playing; *finished* is called (from the event loop) once the announcement has ended."""
        if self._done is not None:
            raise RuntimeError("QtAudioPlayer plays one announcement at a time")
        self._done = finished
        self._started = False
        device = self._device if self._device is not None else QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._end(tr("voice.no_audio_device"))
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(announcement.sample_rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(announcement.pcm + silence(TAIL_MS, announcement.sample_rate)))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(device, fmt, self)
        self._sink.setVolume(linear_volume(self._volume))
        sink = self._sink
        # The lambda carries its sink, so a late signal from a sink already ended is recognised.
        sink.stateChanged.connect(lambda state: self._on_state(sink, state))
        self._watchdog.start(int(announcement.seconds * 1000) + TAIL_MS + WATCHDOG_SLACK_MS)
        self._sink.start(self._buffer)
        if self._sink.error().name != "NoError":
            self._end(tr("voice.play_failed", reason=self._sink.error().name))

    def stop(self) -> None:
        """Cut the announcement playing now (its *finished* is still called); nothing when idle."""
        if self._done is not None:
            self._end(None)

    def _on_state(self, sink: QAudioSink, state: QAudio.State) -> None:
        if sink is not self._sink or self._done is None:
            return  # a late signal from a sink already finished with
        # Compared by name: the signal carries QAudio.State while sink.error() returns QtAudio.Error,
        # two Python enums for one C++ type.
        state_name = state.name
        if state_name == "ActiveState" and not self._started:
            self._started = True
            self.started.emit(time.perf_counter())
        elif state_name == "IdleState":
            # Pull mode: idle means the buffer was read to its end (UnderrunError is how Qt says so).
            self._end(None)
        elif state_name == "StoppedState" and sink.error().name != "NoError":
            self._end(tr("voice.play_failed", reason=sink.error().name))

    def _on_watchdog(self) -> None:
        self._end(tr("voice.play_failed", reason="timeout"))

    def _end(self, problem: str | None) -> None:
        self._watchdog.stop()
        sink, buffer, done = self._sink, self._buffer, self._done
        self._sink = self._buffer = self._done = None
        if sink is not None:
            sink.stop()
            sink.deleteLater()
        if buffer is not None:
            buffer.deleteLater()
        if problem:
            log.warning("%s", problem)
            self.failed.emit(problem)
        self.finished.emit()
        if done is not None:
            # From the event loop, not from inside the sink's signal: the queue may start the next play.
            QTimer.singleShot(0, done)


def vietnamese_voice(engine: QTextToSpeech, language: QLocale.Language = QLocale.Language.Vietnamese) -> bool:
    """Pick a voice of *language* (Vietnamese unless told) on *engine*; False if the system has none."""
    for voice in engine.availableVoices():
        if voice.locale().language() == language:
            engine.setVoice(voice)
            return True
    for locale in engine.availableLocales():
        if locale.language() == language:
            engine.setLocale(locale)
            return True
    return False


class TtsPlayer(QObject):
    """Speaks an announcement's text with the system's speech, repeated as set; no chime.

    Build it with :meth:`create`, which returns ``None`` when no Vietnamese voice is installed (the caller
    then uses the clips).
    """

    finished = Signal()

    def __init__(self, engine: QTextToSpeech, volume: int = 80, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._engine.setVolume(volume / 100)
        self._engine.stateChanged.connect(self._on_state)
        self._left = 0
        self._text = ""
        self._done: Callable[[], None] | None = None
        # Like the clip player's: a speech engine that never reports back must not silence the queue.
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.timeout.connect(self._on_watchdog)

    @classmethod
    def create(cls, volume: int = 80, engine_name: str = "", parent: QObject | None = None,
               language: QLocale.Language = QLocale.Language.Vietnamese) -> TtsPlayer | None:
        engine = QTextToSpeech(engine_name, parent) if engine_name else QTextToSpeech(parent)
        if engine.state() == QTextToSpeech.State.Error or not vietnamese_voice(engine, language):
            if language == QLocale.Language.Vietnamese:
                log.warning("%s", tr("voice.tts_no_vietnamese"))
            engine.deleteLater()
            return None
        return cls(engine, volume, parent)

    def play(self, announcement: Sound, finished: Callable[[], None]) -> None:
        self._done = finished
        self._text = announcement.text
        self._left = announcement.repeat
        self._say_next()

    def stop(self) -> None:
        """Stop speaking now (its *finished* is still called); nothing when idle."""
        if self._done is None:
            return
        self._left = 0
        self._engine.stop()  # may report Ready at once, which ends the play already
        if self._done is not None:
            self._say_next()

    def _on_watchdog(self) -> None:
        if self._done is None:
            return
        log.warning("%s", tr("voice.play_failed", reason="timeout"))
        self._engine.stop()
        self._left = 0
        self._say_next()

    def _say_next(self) -> None:
        if self._left <= 0:
            self.watchdog.stop()
            done, self._done = self._done, None
            self.finished.emit()
            if done is not None:
                QTimer.singleShot(0, done)
            return
        self._left -= 1
        # generous: Vietnamese speech runs at about 15 characters a second
        self.watchdog.start(WATCHDOG_SLACK_MS + len(self._text) * 150)
        self._engine.say(self._text)

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if self._done is None:
            return
        if state == QTextToSpeech.State.Ready:
            self._say_next()
        elif state == QTextToSpeech.State.Error:
            log.warning("%s", tr("voice.play_failed", reason=self._engine.errorString()))
            self._left = 0
            self._say_next()


def make_player(engine: str = "clips", volume: int = 80, parent: QObject | None = None) -> QtAudioPlayer | TtsPlayer:
    """The player a ``[voice]`` table asks for: system speech when set and Vietnamese is installed, else clips."""
    if engine == "tts":
        tts = TtsPlayer.create(volume, parent=parent)
        if tts is not None:
            return tts
    return QtAudioPlayer(volume, parent=parent)
