"""The Qt player: a device that cannot play still ends the call, so the queue never hangs."""

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QAudioDevice

from client.voice.announce import Announcement, Call
from client.voice.player import QtAudioPlayer, linear_volume


def an_announcement():
    return Announcement(Call("1", "1"), (), "một", b"\x01\x00" * 2205, 22050, 1)


@pytest.mark.log_warnings
def test_no_audio_device_fails_and_finishes(qtbot, caplog):
    player = QtAudioPlayer(device=QAudioDevice())
    done = []
    with qtbot.waitSignals([player.failed, player.finished]):
        player.play(an_announcement(), lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True])
    assert not player.busy
    assert [r.levelname for r in caplog.records] == ["WARNING"]


def test_volume_is_perceptual():
    assert linear_volume(100) == 1.0
    assert linear_volume(0) == 0.0
    assert 0 < linear_volume(50) < 0.5


@pytest.mark.log_warnings
def test_tts_without_vietnamese_voice_falls_back_to_clips(qtbot, caplog):
    from client.voice.player import TtsPlayer, make_player

    assert TtsPlayer.create(engine_name="mock") is None  # the mock engine speaks no Vietnamese
    assert isinstance(make_player("clips"), QtAudioPlayer)
    assert any("Vietnamese" in r.getMessage() or "tiếng Việt" in r.getMessage() for r in caplog.records)


class SilentSpeech(QObject):
    """A speech engine that accepts text and never reports back (a hung system voice)."""

    stateChanged = Signal(object)

    def __init__(self):
        super().__init__()
        self.said, self.stopped = [], 0

    def setVolume(self, volume):
        self.volume = volume

    def say(self, text):
        self.said.append(text)

    def stop(self):
        self.stopped += 1

    def errorString(self):
        return ""


@pytest.mark.log_warnings
def test_hung_system_speech_still_ends_the_call(qtbot, caplog):
    from client.voice.player import TtsPlayer

    engine = SilentSpeech()
    player = TtsPlayer(engine)  # type: ignore[arg-type]
    done = []
    player.play(an_announcement(), lambda: done.append(True))
    assert engine.said == ["một"] and player.watchdog.isActive()
    player.watchdog.setInterval(10)  # instead of waiting the real allowance
    player.watchdog.start()
    qtbot.waitUntil(lambda: done == [True], timeout=2000)
    assert engine.stopped == 1 and not player.watchdog.isActive()
    assert [r.levelname for r in caplog.records] == ["WARNING"]  # the hung voice is in the log


def test_stopping_system_speech_ends_the_play_at_once(qtbot):
    from client.voice.player import TtsPlayer

    engine = SilentSpeech()
    player = TtsPlayer(engine)  # type: ignore[arg-type]
    done = []
    player.play(an_announcement(), lambda: done.append(True))
    player.stop()
    assert engine.stopped == 1 and not player.watchdog.isActive()
    qtbot.waitUntil(lambda: done == [True], timeout=2000)
    player.stop()  # nothing plays: nothing to cut, no second finish
    assert engine.stopped == 1 and done == [True]


def test_stopping_an_idle_clip_player_reports_nothing(qtbot):
    player = QtAudioPlayer(device=QAudioDevice())
    with qtbot.assertNotEmitted(player.finished):
        player.stop()
    assert not player.busy


def test_system_speech_in_another_language_is_found_by_its_language(qtbot):
    from PySide6.QtCore import QLocale

    from client.voice.player import TtsPlayer

    # the mock engine of Qt speaks British English only
    assert TtsPlayer.create(engine_name="mock", language=QLocale.Language.English) is not None
