"""The test doubles behave as the tests assume."""

import wave

import pytest

from tests.fakes.player import FakeClock, FakePlayer, write_tone_wav


def test_fake_clock_moves_only_when_told():
    clock = FakeClock()
    start = clock.now()
    assert clock.now() == start
    clock.advance(1.5)
    assert (clock.now() - start).total_seconds() == 1.5
    assert start.utcoffset() is not None


def test_fake_player_counts_overlap_and_finishes_in_order():
    player = FakePlayer()
    done = []
    player.play("a", lambda: done.append("a"))
    player.play("b", lambda: done.append("b"))
    assert player.max_overlap == 2
    player.finish_all()
    assert done == ["a", "b"] and player.active == []


def test_fake_player_fail_at_once_calls_back_inside_play():
    player = FakePlayer(fail_at_once=True)
    done = []
    player.play("a", lambda: done.append("a"))
    assert done == ["a"] and player.max_overlap == 0


def test_finish_all_detects_a_player_that_never_idles():
    player = FakePlayer()

    def again():
        player.play("x", again)

    player.play("x", again)
    with pytest.raises(AssertionError, match="never went idle"):
        player.finish_all(limit=5)


def test_tone_wav(tmp_path):
    path = write_tone_wav(tmp_path / "t.wav", frames=100, rate=8000, channels=2)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getnframes()) == (2, 8000, 100)
