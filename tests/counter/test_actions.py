"""Every action of the counter window against the real server, and what the officer sees after it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from .harness import OFFSCREEN_SIZE_HINTS, answer, click, settle

pytestmark = [pytest.mark.slow, OFFSCREEN_SIZE_HINTS]


def enabled(app) -> set[str]:
    return {a for a, buttons in app.window.buttons.items() if buttons[0].isEnabled()}


def test_an_officer_calls_serves_and_finishes_a_citizen(qtbot, open_counter, kiosk) -> None:
    kiosk("DD")
    elderly = kiosk("DD", "elderly")
    app = open_counter(1)
    window, desk = app.window, app.desk
    assert enabled(app) == {"call_next", "call_number", "pause", "issue"}
    assert window.buttons["call_next"][0].text() == "Gọi tiếp\n[F1]"

    click(qtbot, app, "call_next")
    assert window.ticket.number.text() == elderly["label"]  # priority first
    assert window.ticket.priority.isVisible() and "Người cao tuổi" in window.ticket.priority.text()
    assert "gọi 1 lần" in window.ticket.details.text() and "Đã chờ" in window.ticket.details.text()
    assert enabled(app) == {"recall", "start", "no_show", "return", "hold", "transfer", "pause", "issue"}

    click(qtbot, app, "recall")
    assert "gọi 2 lần" in window.ticket.details.text()
    click(qtbot, app, "start")
    assert desk.current["state"] == "serving" and desk.current["started_at"]
    assert window.ticket.timer.text().startswith("Đang phục vụ 00:0")
    assert "finish" in enabled(app) and "start" not in enabled(app)

    click(qtbot, app, "finish")
    qtbot.waitUntil(lambda: desk.view["today"]["served"] == 1, timeout=10000)
    assert window.ticket.number.text() == "—"
    assert "đã phục vụ 1" in window.figures.text()
    assert desk.waiting[0]["label"] == "1001"


def test_no_show_return_hold_and_resume(qtbot, open_counter, kiosk, server) -> None:
    first, second = kiosk("DD"), kiosk("DD")
    app = open_counter(1)
    desk = app.desk
    click(qtbot, app, "call_next")
    click(qtbot, app, "no_show")
    assert desk.current is None
    click(qtbot, app, "call_next")
    assert desk.current["label"] == second["label"]
    click(qtbot, app, "return")
    assert [t["label"] for t in desk.waiting] == [second["label"]]
    click(qtbot, app, "call_next")
    click(qtbot, app, "start")
    click(qtbot, app, "hold")
    assert desk.current is None and [t["label"] for t in desk.held] == [second["label"]]
    held = app.window.held
    assert held.isVisible() and held.list.count() == 1 and held.resume.isEnabled()
    qtbot.mouseClick(held.resume, Qt.MouseButton.LeftButton)
    settle(qtbot, app)
    assert desk.current["label"] == second["label"] and desk.current["state"] == "serving"
    assert not held.isVisible()
    assert [r[0] for r in server.events("no_show")] == [first["label"]]


def test_transfer_to_a_field_and_to_a_counter_out_of_turn(qtbot, open_counter, kiosk, server) -> None:
    kiosk("DD")
    kiosk("DD")
    app = open_counter(1)
    desk, window = app.desk, app.window
    click(qtbot, app, "call_next")
    qtbot.mouseClick(window.buttons["transfer"][0], Qt.MouseButton.LeftButton)
    dialog = window.dialog
    dialog.field.setCurrentIndex(dialog.field.findData("NN"))
    dialog.accept()
    settle(qtbot, app)
    assert desk.current is None
    click(qtbot, app, "call_next")
    qtbot.mouseClick(window.buttons["transfer"][0], Qt.MouseButton.LeftButton)
    dialog = window.dialog
    dialog.counter.setCurrentIndex(dialog.counter.findData(3))
    dialog.reason.setText("Hồ sơ xây dựng kèm theo")
    dialog.accept()
    settle(qtbot, app)
    moved = [json.loads(r[3]) for r in server.events("transferred")]
    assert moved[0]["to_field"] == "NN" and "out_of_turn" not in moved[0]
    assert moved[1]["to_counter"] == 3 and moved[1]["out_of_turn"] is True
    assert moved[1]["reason"] == "Hồ sơ xây dựng kèm theo"


def test_call_a_number_from_the_waiting_list_out_of_turn(qtbot, open_counter, kiosk, server) -> None:
    first, second, third = kiosk("DD"), kiosk("DD"), kiosk("DD")
    app = open_counter(1)
    window = app.window
    numbers = window.waiting.numbers
    assert [numbers.item(i).text() for i in range(numbers.count())] == [first["label"], second["label"],
                                                                          third["label"]]
    window.waiting.number_chosen.emit(third["label"])  # a double-click on it
    dialog = window.dialog
    assert dialog.number.text() == third["label"]
    dialog.reason.setText("Công dân quay lại nộp bổ sung")
    dialog.accept()
    settle(qtbot, app)
    assert app.desk.current["label"] == third["label"]
    click(qtbot, app, "no_show")
    qtbot.mouseClick(window.buttons["call_number"][0], Qt.MouseButton.LeftButton)
    window.dialog.number.setText(first["label"].lower() + " ")  # typed; it is its turn
    window.dialog.accept()
    settle(qtbot, app)
    calls = [(r[0], json.loads(r[3] or "{}")) for r in server.events("called")]
    assert calls == [(third["label"], {"out_of_turn": True, "reason": "Công dân quay lại nộp bổ sung"}),
                     (first["label"], {})]


def test_pause_with_a_reason_and_resume(qtbot, open_counter, kiosk, server) -> None:
    kiosk("DD")
    app = open_counter(1)
    window = app.window
    qtbot.mouseClick(window.buttons["pause"][0], Qt.MouseButton.LeftButton)
    window.dialog.reason.setCurrentText("Nghỉ trưa")
    window.dialog.accept()
    settle(qtbot, app)
    assert app.desk.paused and window.buttons["pause"][0].text().startswith("Làm việc tiếp")
    assert not window.buttons["call_next"][0].isEnabled()
    assert "Tạm nghỉ" in window.header.text()
    assert json.loads(server.events("paused")[0][3]) == {"reason": "Nghỉ trưa"}
    click(qtbot, app, "pause")  # the same button resumes
    assert not app.desk.paused and window.buttons["call_next"][0].isEnabled()


def test_a_guidance_desk_issues_a_priority_ticket_and_shows_its_number(qtbot, open_counter, server) -> None:
    app = open_counter(5, "tranthibinh")
    window = app.window
    qtbot.mouseClick(window.buttons["issue"][0], Qt.MouseButton.LeftButton)
    dialog = window.dialog
    dialog.field.setCurrentIndex(dialog.field.findData("HT"))
    dialog.priority.setCurrentIndex(dialog.priority.findData("disability"))
    dialog.accept()
    settle(qtbot, app)
    assert window.message.text().startswith("Đã cấp số 2001 — Hộ tịch")
    issued = server.events("issued")[-1]
    assert issued[1:3] == (5, "tranthibinh") and json.loads(issued[3])["issued_by"] == "officer"
    qtbot.waitUntil(lambda: [t["label"] for t in app.desk.waiting] == ["2001"], timeout=10000)
    assert app.window.waiting.numbers.item(0).text() == "★ 2001"


def test_the_waiting_list_follows_the_event_stream(qtbot, open_counter, kiosk) -> None:
    app = open_counter(2)
    assert app.window.waiting.title.text() == "Đang chờ: 0"
    kiosk("NN")
    kiosk("DD", "pregnancy")
    kiosk("HT")  # not a field of counter 2
    qtbot.waitUntil(lambda: app.window.waiting.title.text() == "Đang chờ: 2", timeout=10000)
    table = app.window.waiting.table
    assert table.item(0, 0).text() == "Đất đai" and table.item(0, 2).text() == "★ 1"
    assert table.item(1, 1).text() == "1"
    assert answer(qtbot, kiosk.api.health())["status"] == "ok"
