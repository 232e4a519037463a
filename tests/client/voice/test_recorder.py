"""``qms display --voice-out DIR``: each announcement written as a WAV file, at the pace of playing it."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from client.voice.announce import Announcement, Call
from client.voice.recorder import WavRecorder


def announcement(ticket: str, counter: str, frames: int) -> Announcement:
    return Announcement(call=Call(ticket, counter), sequence=(), text=f"{ticket} {counter}",
                        pcm=b"\x01\x00" * frames, sample_rate=16000, repeat=1)


def test_each_announcement_becomes_a_wav_file_in_call_order(tmp_path: Path, qtbot: Any) -> None:
    recorder = WavRecorder(tmp_path / "voice")
    ended: list[str] = []
    recorder.play(announcement("1005", "3", 1600), lambda: ended.append("1005"))
    assert ended == []  # still "playing"
    recorder.timer.timeout.emit()
    recorder.play(announcement("A-012", "Quầy 10", 800), lambda: ended.append("A-012"))
    recorder.timer.timeout.emit()
    files = sorted(p.name for p in (tmp_path / "voice").iterdir())
    assert ended == ["1005", "A-012"]
    assert files == ["0001-1005-3.wav", "0002-A_012-Qu_y_10.wav"]
    with wave.open(str(tmp_path / "voice" / files[0])) as wav:
        assert (wav.getframerate(), wav.getnframes()) == (16000, 1600)


def test_the_call_ends_after_the_announcements_length(tmp_path: Path, qtbot: Any) -> None:
    recorder = WavRecorder(tmp_path)
    ended: list[bool] = []
    recorder.play(announcement("1005", "3", 4800), lambda: ended.append(True))
    assert recorder.timer.isActive() and recorder.timer.interval() == 300
    qtbot.waitUntil(lambda: ended == [True])
