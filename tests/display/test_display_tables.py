"""The display's tables, message and offline mark after sequences of events; nothing grows over a long day."""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QWidget

from .test_display_calls import texts


def test_counters_show_the_number_served_a_pause_with_its_reason_and_a_closed_counter(display):
    e = display.events
    display.feed(e.call("1001", 1), e.call("2001", 2, field="HT", priority="pregnancy"),
                 e.make("paused", counter=3, username="o3", data={"reason": "Họp giao ban"}),
                 e.make("paused", counter=4, username="o4", data={"reason": None}),
                 e.make("logout", counter=5, username="o5"))
    assert texts(display.window.counters.rows) == [
        "Quầy 1 1001", "Quầy 2 2001 ƯU TIÊN", "Quầy 3 Tạm nghỉ: Họp giao ban", "Quầy 4 Tạm nghỉ", "Quầy 5 Đóng"]
    looks = [[c.look for c in row.cells][1:] for row in display.window.counters.rows]
    assert looks[1] == ["bold", "priority"] and looks[2] == ["paused"] and looks[4] == ["closed"]


def test_a_counter_back_from_its_pause_forgets_the_reason(display):
    e = display.events
    display.feed(e.make("paused", counter=3, username="o3", data={"reason": "Họp"}),
                 e.make("unpaused", counter=3, username="o3"))
    assert texts(display.window.counters.rows)[2] == "Quầy 3 —"


def test_waiting_per_field_follows_issues_and_calls(display):
    e = display.events
    display.feed(e.make("issued", ticket_id=500, field_code="HT", label="2050"), e.call("1001", 1))
    assert texts(display.window.fields.rows) == ["Đất đai 39", "Hộ tịch 41"]


def test_the_administrators_message_shows_until_cleared(display):
    e = display.events
    display.feed(e.make("message", username="admin", data={"text": "Hệ thống tạm dừng 10 phút", "until": None}))
    assert not display.window.message.isHidden()
    assert display.window.message.text() == "THÔNG BÁO:  Hệ thống tạm dừng 10 phút"
    display.feed(e.make("message_cleared", username="admin"))
    assert display.window.message.isHidden()


def test_the_administrators_message_goes_when_its_minutes_are_over(display):
    until = (display.clocks.wall + timedelta(minutes=10)).isoformat()
    display.feed(display.events.make("message", data={"text": "Tạm dừng", "until": until}))
    timer = display.window.message.message_timer
    assert timer.isActive() and 600_000 <= timer.interval() <= 600_100
    display.clocks.advance(601)
    timer.timeout.emit()
    assert display.window.message.isHidden()


def test_a_message_already_expired_when_replayed_is_not_shown(display):
    until = (display.clocks.wall - timedelta(minutes=1)).isoformat()
    display.feed(display.events.make("message", data={"text": "Cũ", "until": until}))
    assert display.window.message.isHidden()


def test_offline_shows_a_small_tag_with_the_time_of_the_data_and_keeps_the_state(display):
    display.feed(display.events.call("1005", 3))
    display.window.set_online(False)
    assert not display.window.header.offline.isHidden()
    assert display.window.header.offline.text() == "Mất kết nối · số liệu lúc 08:30"
    assert display.window.call_text() == "1005 → Quầy 3"
    display.window.set_online(True)
    assert display.window.header.offline.isHidden()


def test_the_clock_shows_the_centres_local_date_and_time(display):
    assert display.window.header.clock.text() == "Thứ Hai, 03/03/2025  ·  08:30"


def test_ten_thousand_events_leave_no_more_widgets_rows_or_queued_calls(display):
    e = display.events
    window = display.window

    def counts() -> tuple[int, ...]:
        gc.collect()
        queue = display.runtime.session.queue
        return (len(window.findChildren(QWidget)), len(window.findChildren(object)),
                queue.recent_calls.rowCount(), queue.counters.rowCount(), len(window.recent.rows),
                len(window.sequencer.pending), len(display.player.active),
                len(display.runtime.speaker._seq_of))

    def a_day(n: int) -> None:
        for i in range(n):
            counter = 1 + i % 5
            label = str(1001 + i % 999)
            display.feed(e.make("issued", ticket_id=10_000 + i, field_code="DD", label=label),
                         e.call(label, counter, ticket_id=10_000 + i))
            display.player.finish_all()
            display.step(4.5)
            display.feed(e.make("finished", ticket_id=10_000 + i, field_code="DD", label=label, counter=counter))
            e.later(5)

    a_day(200)
    before = counts()
    a_day(3_133)  # with the 200 before: over 10,000 events
    assert e.seq > 10_000
    assert counts() == before


@pytest.mark.log_warnings
def test_a_display_that_cannot_reach_its_server_at_start_says_so_and_tries_again(qtbot, display, caplog):
    display.runtime.start()  # its server address is a closed loopback port
    qtbot.waitUntil(lambda: not display.window.header.offline.isHidden(), timeout=10000)
    assert display.runtime.config_timer.isActive()
    assert "server" in caplog.text.lower()
