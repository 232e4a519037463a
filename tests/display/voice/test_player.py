"""The Qt player: a device that cannot play still ends the call, so the queue never hangs."""

from PySide6.QtMultimedia import QAudioDevice

from display.voice.announce import Announcement, Call
from display.voice.player import QtAudioPlayer, linear_volume


def an_announcement():
    return Announcement(Call("1", "1"), (), "một", b"\x01\x00" * 2205, 22050, 1)


def test_no_audio_device_fails_and_finishes(qtbot):
    player = QtAudioPlayer(device=QAudioDevice())
    done = []
    with qtbot.waitSignals([player.failed, player.finished]):
        player.play(an_announcement(), lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True])
    assert not player.busy


def test_volume_is_perceptual():
    assert linear_volume(100) == 1.0
    assert linear_volume(0) == 0.0
    assert 0 < linear_volume(50) < 0.5


def test_tts_without_vietnamese_voice_falls_back_to_clips(qtbot):
    from display.voice.player import TtsPlayer, make_player

    assert TtsPlayer.create(engine_name="mock") is None  # the mock engine speaks no Vietnamese
    assert isinstance(make_player("clips"), QtAudioPlayer)
