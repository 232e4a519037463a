"""The wall display in a browser (``/display``) in a real headless Chromium against the real server: a
call goes on top and its voice clips are requested; the clip sequence is the Qt display's; a server
restart is survived and missed calls come in; nothing is loaded from outside the server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from client.voice.clips import ClipSet
from client.voice.phrase import Silence, clip_sequence
from client.voice.settings import VoiceSettings
from tests.fakes.browser import available
from tests.fakes.http import login
from tests.server.web_hall import Hall, open_hall

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="chromium-driver missing: "
                                                                          "sh scripts/setup.sh --dev")]


@pytest.fixture
def hall(server_factory) -> Iterator[Hall]:
    with open_hall(server_factory, 1280, 720) as hall:
        yield hall


def open_display(hall: Hall) -> None:
    hall.browser.get(f"{hall.server.url}/display#key={hall.centre.display}")
    hall.until(lambda: hall.state() == "live"
               and hall.text("#call-line") != "")


def requested_clips(hall: Hall) -> set[str]:
    return {name.rsplit("/", 1)[1] for name in hall.loaded() if "/display/voice/vi-north/" in name
            and name.endswith(".wav")}


def test_the_browser_display_shows_a_call_and_requests_its_audio(hall: Hall) -> None:
    open_display(hall)
    assert hall.text("#call-line") == "Chưa có số nào được gọi"
    assert "/display" == hall.browser.execute_script("return location.pathname + location.hash")  # key gone
    ticket = hall.issue("DD")["ticket"]
    hall.until(lambda: "Đất đai" in hall.text("#fields"))
    hall.call_next(1)
    hall.until(lambda: hall.text("#call-line") == f"{ticket['label']} → Quầy 1")
    assert hall.text("#call-detail") == "Đất đai · Tầng 1 – Khu A"
    hall.until(lambda: {"chime.wav", "phrase_invite.wav", "phrase_to_counter.wav"} <= requested_clips(hall))
    hall.until(lambda: ticket["label"] in hall.text("#counters"))
    assert hall.foreign() == []


def test_calls_of_a_burst_come_on_top_in_order_and_go_to_recent(hall: Hall) -> None:
    open_display(hall)
    first = hall.issue("DD")["ticket"]
    second = hall.issue("DD")["ticket"]
    hall.call_next(1)
    hall.call_next(2, "tranthibinh")
    hall.until(lambda: hall.text("#call-line").startswith(first["label"]))
    hall.until(lambda: hall.text("#call-line").startswith(second["label"]), timeout=30)  # after call_seconds
    assert first["label"] in hall.text("#recent")


def test_a_display_opened_after_calls_shows_the_newest_on_top(hall: Hall) -> None:
    first = hall.issue("DD")["ticket"]
    second = hall.issue("DD")["ticket"]
    hall.call_next(1)
    hall.call_next(2, "tranthibinh")
    open_display(hall)
    assert hall.text("#call-line") == f"{second['label']} → Quầy 2"
    assert hall.text("#recent ol") == f"{first['label']}\n→ Quầy 1"


def test_after_a_server_restart_it_reconnects_and_shows_the_missed_call(hall: Hall) -> None:
    open_display(hall)
    hall.server.stop()
    hall.until(lambda: hall.text("#offline").startswith("Mất kết nối · số liệu lúc"))
    hall.server.start()
    hall.officers.clear()  # a new HTTP connection; officers' tokens survive, but log in again anyway
    ticket = hall.issue("DD")["ticket"]
    hall.call_next(1)
    hall.until(lambda: hall.text("#call-line").startswith(ticket["label"]), timeout=40)
    hall.until(lambda: not hall.browser.find_element("id", "offline").is_displayed())


def test_the_administrators_message_comes_and_goes(hall: Hall) -> None:
    open_display(hall)
    admin = {"Authorization": f"Bearer {_admin(hall)}"}
    r = hall.http.put("/api/v1/display/message", json={"text": "Hệ thống điện bảo trì lúc 11:00"}, headers=admin)
    assert r.status_code == 200, r.text
    hall.until(lambda: hall.text("#message") == "THÔNG BÁO Hệ thống điện bảo trì lúc 11:00")
    hall.http.delete("/api/v1/display/message", headers=admin)
    hall.until(lambda: not hall.browser.find_element("id", "message").is_displayed())


def _admin(hall: Hall) -> str:
    return login(hall.http, "admin", None)


def test_without_a_key_the_page_says_how_to_set_it_up(hall: Hall) -> None:
    hall.browser.get(f"{hall.server.url}/display")
    hall.until(lambda: hall.text("#setup") != "")
    assert "qms device add display" in hall.text("#setup")


def _python(sequence: list[Any]) -> list[Any]:
    return [{"ms": item.ms} if isinstance(item, Silence) else item for item in sequence]


@pytest.mark.parametrize("table", [{}, {"voice": "vi-south"}, {"by_digit": True, "repeat": 1, "chime": False},
                                   {"with_field": True, "five_after_ten": "nhăm", "one_after_tens": "một"}])
def test_the_browser_speaks_the_same_clip_sequence_as_the_qt_display(hall: Hall, table: dict[str, Any]) -> None:
    hall.browser.get(f"{hall.server.url}/display")
    settings = VoiceSettings.from_config(table)
    clips = ClipSet.load(settings.voice)
    for ticket, counter in [("1005", "3"), ("1021", "14"), ("A005", "1"), ("2115", "25"), ("1000", "10"),
                            ("Đ120", "2"), ("3404", "7")]:
        expected = _python(clip_sequence(ticket, counter, clips, settings, "Đất đai"))
        got = hall.browser.execute_async_script(
            "const [table, ticket, counter, done] = arguments; const C = JSON.parse("
            "document.getElementById('qms-config').textContent).texts.vi;"
            "const v = QmsVoice.settingsFrom(table, table.with_field ? C.template_with_field : C.template);"
            "fetch('/display/voice/' + v.voice + '/clips.json').then(r => r.json())"
            ".then(clips => done(QmsVoice.sequence(v, clips, ticket, counter, 'Đất đai', false)))",
            table, ticket, counter)
        assert got == expected, (ticket, counter)
