"""The display after sequences of call events: what is on top, what is listed, what is spoken, in what order."""

from __future__ import annotations

from display.panel import Row


def texts(rows: list[Row]) -> list[str]:
    return [" ".join(c.text for c in row.cells) for row in rows]


def test_a_call_goes_on_top_as_number_arrow_counter_on_one_line(display):
    display.feed(display.events.call("1005", 3))
    assert display.window.call_text() == "1005 → Quầy 3"
    assert display.window.banner.flashing


def test_a_burst_of_five_calls_is_listed_at_once_and_shown_on_top_in_order(display):
    e = display.events
    display.feed(*(e.call(label, counter) for label, counter in
                   (("1001", 1), ("1002", 2), ("1003", 3), ("2001", 4), ("2002", 5))))
    listed = [r["label"] for r in display.runtime.session.queue.recent_calls.rows()]
    assert listed[:5] == ["2002", "2001", "1003", "1002", "1001"]
    shown = []
    for _ in range(5):
        shown.append(display.on_top())
        display.player.finish()  # the voice ends the call on top...
        display.step(4.1)  # ...and its minimum time passes
    assert shown == ["1001>1", "1002>2", "1003>3", "2001>4", "2002>5"]


def test_a_burst_is_spoken_first_in_first_out_each_to_its_end(display):
    e = display.events
    display.feed(*(e.call(label, n) for n, label in enumerate(("1001", "1002", "1003", "2001", "2002"), 1)))
    display.player.finish_all()
    assert display.player.tickets == ["1001", "1002", "1003", "2001", "2002"]
    assert display.player.max_overlap == 1
    assert [a.text for a in display.player.played][0] == (
        "Mời công dân có số thứ tự một nghìn không trăm linh một đến quầy số một")


def test_the_call_on_top_waits_for_its_voice_before_the_next_one_comes(display):
    e = display.events
    display.feed(e.call("1001", 1), e.call("1002", 2))
    display.step(10)  # long past its minimum time, but still being spoken
    assert display.on_top() == "1001>1"
    display.player.finish()
    assert display.on_top() == "1002>2"


def test_the_spoken_sentence_is_shown_under_the_call_while_it_is_heard(display):
    display.feed(display.events.call("1005", 3))
    assert display.window.second_text() == "Mời công dân có số thứ tự một nghìn không trăm linh năm đến quầy số ba"
    display.player.finish()
    assert display.window.second_text() == "Đất đai  ·  Tầng 1"


def test_a_recall_of_a_number_still_waiting_is_neither_doubled_on_top_nor_in_the_voice(display):
    e = display.events
    first = e.call("1001", 1)
    display.feed(first, e.call("1002", 2), e.call("1002", 2, kind="recalled", ticket_id=e.ticket_id))
    assert [c.ticket for c in display.window.sequencer.pending] == ["1002"]
    display.player.finish_all()
    assert display.player.tickets == ["1001", "1002"]


def test_a_recall_of_the_call_being_spoken_comes_round_again_after_it(display):
    e = display.events
    display.feed(e.call("1001", 1))
    display.feed(e.call("1001", 1, kind="recalled", ticket_id=e.ticket_id))
    display.player.finish_all()
    assert display.player.tickets == ["1001", "1001"]


def test_the_flash_stops_after_its_seconds_and_the_call_stays_on_top_steady(display):
    display.feed(display.events.call("1005", 3))
    display.player.finish()
    display.step(6.1)
    assert display.on_top() == "1005>3"
    assert not display.window.banner.flashing
    assert not display.window.banner.flash_timer.isActive()


def test_the_flash_is_one_hertz_at_most(display):
    display.feed(display.events.call("1005", 3))
    assert display.window.banner.flash_timer.interval() >= 250  # a half-period of 250 ms would be 2 Hz


def test_a_call_older_than_the_configured_age_is_listed_but_neither_flashed_nor_spoken(display):
    e = display.events
    e.later(-600)  # recorded ten minutes ago: replayed after an outage
    display.feed(e.call("1007", 2))
    assert display.on_top() == "1007>2"
    assert not display.window.banner.flashing
    assert display.player.played == []
    assert display.runtime.session.queue.recent_calls.rows()[0]["label"] == "1007"


def test_the_recent_list_leaves_out_the_call_on_top_and_its_recalls_and_marks_priority(display):
    e = display.events
    display.feed(e.call("1001", 1, priority="elderly"), e.call("1002", 2))
    display.feed(e.call("1002", 2, kind="recalled", ticket_id=e.ticket_id))
    display.player.finish_all()
    display.step(5)
    display.player.finish_all()
    display.step(5)
    assert display.on_top() == "1002>2"
    assert texts(display.window.recent.rows) == ["1001 → Quầy 1 ƯU TIÊN"]


def test_a_recall_is_listed_as_such(display):
    e = display.events
    display.feed(e.call("1001", 1))
    display.feed(e.call("1001", 1, kind="recalled", ticket_id=e.ticket_id), e.call("1003", 3))
    display.player.finish_all()
    display.step(5)
    display.player.finish_all()
    display.step(5)
    display.player.finish_all()
    assert display.on_top() == "1003>3"
    assert texts(display.window.recent.rows)[0] == "1001 → Quầy 1 gọi lại"


def test_a_priority_call_is_marked_in_words_on_top(display):
    display.feed(display.events.call("1009", 4, priority="disability"))
    assert display.window.priority_on_top() == "ƯU TIÊN"


def test_after_a_snapshot_the_newest_call_stands_on_top_steady_and_is_not_listed_twice(display):
    snap = display.runtime.session.queue.state.snapshot()
    snap["recent_calls"] = [
        {"seq": 9, "at": "2025-03-03T08:01:00+07:00", "kind": "called", "label": "1002", "field": "DD",
         "counter": 1, "ticket_id": 7, "priority": None},
        {"seq": 8, "at": "2025-03-03T08:00:00+07:00", "kind": "called", "label": "1001", "field": "DD",
         "counter": 2, "ticket_id": 6, "priority": None}]
    display.runtime.session.queue.apply_snapshot(snap)
    display.window.load_calls()
    assert display.on_top() == "1002>1" and not display.window.banner.flashing
    assert texts(display.window.recent.rows) == ["1001 → Quầy 2"]
    assert display.player.played == []


def test_a_new_service_day_takes_yesterdays_last_call_off_the_top(display):
    display.feed(display.events.call("1005", 3))
    display.player.finish_all()
    display.step(7)
    e = display.events
    display.feed(e.make("issued", ticket_id=900, field_code="DD", label="1001", service_day="2025-03-04"))
    assert display.runtime.session.queue.recent_calls.rowCount() == 0
    assert display.window.sequencer.current is None
    assert display.window.call_text() == "Chưa có số nào được gọi"
