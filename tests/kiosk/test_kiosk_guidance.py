"""Spoken guidance at the kiosk: what is said on each screen, and that a new touch cuts the old prompt.

The real server in a subprocess and the fake network printer, as the other kiosk tests; the guide plays
on the fake player of tests/fakes, which records every segment it was given and what was cut.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from assets.texts import tr
from client.ui.settings import AppSettings
from client.voice.clips import ClipSet
from client.voice.numbers import ticket_words
from client.voice.phrase import spoken_text
from client.voice.settings import VoiceSettings
from kiosk.app import SCHEMA
from kiosk.guide import SpokenGuide, make_guide
from tests.fakes.player import FakePlayer

from .harness import Kiosk, make_kiosk

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]


@pytest.fixture(scope="module")
def north() -> ClipSet:
    return ClipSet.load("vi-north")


@pytest.fixture
def player() -> FakePlayer:
    return FakePlayer()


@pytest.fixture
def kiosk(qtbot, server, player: FakePlayer, north: ClipSet) -> Iterator[Kiosk]:
    def guide(voice: dict | None) -> SpokenGuide:
        # one fake plays both the clips and the system's speech; each segment says which it is
        return SpokenGuide(player, lambda _lang: player, VoiceSettings.from_config(voice), north)

    yield from make_kiosk(qtbot, server, guide_factory=guide)


def heard(player: FakePlayer, start: int = 0) -> list[tuple[str, bool]]:
    """Every segment from *start* on, each played to its end: (text, from the clips)."""
    player.finish_all()
    return [(s.text, s.from_clips) for s in player.played[start:]]


def touch_beside_buttons(qtbot, kiosk: Kiosk) -> None:
    qtbot.mouseClick(kiosk.window.home.title, Qt.MouseButton.LeftButton)


def test_a_touch_beside_the_buttons_asks_for_a_field(qtbot, kiosk: Kiosk, player: FakePlayer):
    assert player.played == []  # nothing is said before anyone touches
    touch_beside_buttons(qtbot, kiosk)
    # no clip set says "Ông/Bà": the system's speech says it
    assert heard(player) == [(tr("kiosk.guide.home", "vi"), False)]


def test_touching_a_field_says_its_name_and_cuts_the_prompt_still_playing(qtbot, kiosk: Kiosk, player: FakePlayer):
    touch_beside_buttons(qtbot, kiosk)
    assert len(player.active) == 1
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
        kiosk.tap(qtbot, "DD")
        assert player.texts[-1] == "Đất đai" and player.played[-1].from_clips  # the field's own clip
    assert player.texts[:2] == [tr("kiosk.guide.home", "vi"), "Đất đai"]
    assert player.stopped == 2  # the home prompt by the touch, the field's name by the ticket
    assert player.max_overlap == 1


def test_the_confirmation_says_the_number_and_the_counters(qtbot, kiosk: Kiosk, player: FakePlayer):
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000) as issued:
        kiosk.tap(qtbot, "HT")
    label = issued.args[0]["ticket"]["label"]
    counters = kiosk.controller.counters_for("HT")
    assert counters[:2] == [4, 5]
    start = player.texts.index("Hộ tịch") + 1
    assert heard(player, start) == [
        (tr("kiosk.guide.ticket", "vi"), False),
        (spoken_text(ticket_words(label)), True),  # "hai nghìn không trăm linh ..." from the clips
        (tr("kiosk.guide.counter", "vi"), False),
        (", ".join(spoken_text(ticket_words(str(c))) for c in counters), True),  # "bốn, năm, ..."
    ]
    assert kiosk.window.screen_name == "ticket"


def test_a_second_touch_cuts_the_first_prompt(qtbot, kiosk: Kiosk, player: FakePlayer):
    touch_beside_buttons(qtbot, kiosk)
    touch_beside_buttons(qtbot, kiosk)
    assert player.texts == [tr("kiosk.guide.home", "vi")] * 2
    assert player.stopped == 1 and len(player.active) == 1 and player.max_overlap == 1


def test_leaving_the_ticket_cuts_its_words(qtbot, kiosk: Kiosk, player: FakePlayer):
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
        kiosk.tap(qtbot, "CT")
    assert len(player.active) == 1
    kiosk.window.go_home()  # "Xong", a touch after the guard, or the countdown
    assert player.active == [] and kiosk.controller.guide is not None and not kiosk.controller.guide.pending


def test_the_priority_choice_is_spoken_then_the_field_choice(qtbot, kiosk: Kiosk, player: FakePlayer):
    qtbot.mouseClick(kiosk.window.home.priority_button, Qt.MouseButton.LeftButton)
    assert player.texts[-1] == tr("kiosk.guide.priority", "vi")
    qtbot.mouseClick(kiosk.window.priority.buttons["elderly"], Qt.MouseButton.LeftButton)
    assert player.texts[-1] == tr("kiosk.guide.home", "vi") and player.max_overlap == 1


def test_in_english_everything_is_said_by_the_system_speech(qtbot, kiosk: Kiosk, player: FakePlayer):
    kiosk.window.set_language("en")
    touch_beside_buttons(qtbot, kiosk)
    assert heard(player) == [(tr("kiosk.guide.home", "en"), False)]
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000) as issued:
        kiosk.tap(qtbot, "HT")
    label = issued.args[0]["ticket"]["label"]
    assert player.texts[1] == "Civil status"
    assert heard(player, 2) == [(f"Your queue number is {label}. Please wait to be called at counter "
                                 f"{', '.join(map(str, kiosk.controller.counters_for('HT')))}.", False)]


def test_guidance_is_off_unless_the_machine_settings_turn_it_on(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('server = "http://127.0.0.1:8080"\n', "utf-8")
    settings = AppSettings("kiosk", SCHEMA, path)
    settings.load()
    assert settings.values["guidance"] is False
    path.write_text("guidance = true\n", "utf-8")
    settings.load()
    assert settings.values["guidance"] is True
    assert make_guide(False, None) is None


@pytest.mark.log_warnings
@pytest.mark.qt_log_ignore("pipewire", "PulseAudio", "propagateSizeHints")  # QtMultimedia looking for a device
def test_a_kiosk_without_audio_device_guides_silently_and_says_so_once(qtbot, server, monkeypatch, caplog):
    monkeypatch.setattr("client.voice.player.no_audio_output", lambda: True)
    made = []

    def guide(voice: dict | None) -> SpokenGuide | None:
        made.append(make_guide(True, voice))
        return made[-1]

    with caplog.at_level(logging.WARNING, logger="kiosk.guide"):
        for kiosk in make_kiosk(qtbot, server, guide_factory=guide):
            touch_beside_buttons(qtbot, kiosk)
            with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
                kiosk.tap(qtbot, "XD")
            assert kiosk.window.screen_name == "ticket"  # the kiosk works on, without a word
    assert made == [None]
    assert [r.getMessage() for r in caplog.records] == [tr("kiosk.guide.no_audio")]


@pytest.mark.log_warnings
@pytest.mark.qt_log_ignore("pipewire", "PulseAudio")
def test_the_guide_speaks_with_the_centres_voice(qtbot, monkeypatch, caplog):
    monkeypatch.setattr("client.voice.player.no_audio_output", lambda: False)
    south = make_guide(True, {"voice": "vi-south"})
    assert south is not None and south.clips is not None and south.clips.voice == "vi-south"
    system = make_guide(True, {"engine": "tts"})  # the centre chose the system's speech: no clips
    assert system is not None and system.clips is None
    assert caplog.records == []
    broken = make_guide(True, {"voice": "vi-nowhere"})  # a voice that is not there: system speech, and said why
    assert broken is not None and broken.clips is None
    assert [r.getMessage() for r in caplog.records] == [
        tr("kiosk.guide.voice_problem", detail=str(load_error("vi-nowhere")))]


def load_error(voice: str) -> Exception:
    try:
        ClipSet.load(voice)
    except Exception as exc:  # the very error the guide met
        return exc
    raise AssertionError(f"{voice} loaded")
