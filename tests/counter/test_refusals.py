"""Every refusal reaches the officer in plain words, changes nothing, and a double press never calls
twice: nobody waiting, two counters racing for the last ticket, a paused counter, a field the counter does
not serve, a session taken over at another PC, the server gone and back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .harness import OFFSCREEN_SIZE_HINTS, TIMEOUT, click, settle

pytestmark = [pytest.mark.slow, OFFSCREEN_SIZE_HINTS]


def test_nobody_waiting_is_said_plainly(qtbot, open_counter) -> None:
    app = open_counter(1)
    click(qtbot, app, "call_next")
    assert app.window.message.text() == "Không còn công dân nào đang chờ ở các lĩnh vực của quầy."
    assert app.desk.current is None


def test_a_request_in_flight_disables_every_button_and_a_double_press_calls_once(
        qtbot, open_counter, kiosk, server) -> None:
    kiosk("DD")
    kiosk("DD")
    app = open_counter(1)
    button = app.window.buttons["call_next"][0]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert app.desk.busy
    assert not any(b.isEnabled() for buttons in app.window.buttons.values() for b in buttons)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the second press of a double click
    qtbot.keyClick(app.window, Qt.Key.Key_F1)  # and its shortcut
    settle(qtbot, app)
    assert len(server.events("called")) == 1


def test_two_counters_race_for_the_last_waiting_ticket(qtbot, open_counter, kiosk) -> None:
    last = kiosk("DD")
    one, two = open_counter(1, "nguyenvanan"), open_counter(2, "tranthibinh")
    # Both presses leave before either answer arrives.
    qtbot.mouseClick(one.window.buttons["call_next"][0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(two.window.buttons["call_next"][0], Qt.MouseButton.LeftButton)
    settle(qtbot, one)
    settle(qtbot, two)
    winners = [app for app in (one, two) if app.desk.current is not None]
    losers = [app for app in (one, two) if app.desk.current is None]
    assert len(winners) == 1 and len(losers) == 1
    assert winners[0].desk.current["label"] == last["label"]
    assert losers[0].window.message.text() == "Không còn công dân nào đang chờ ở các lĩnh vực của quầy."


def test_a_number_taken_by_another_counter_is_refused_by_name(qtbot, open_counter, kiosk) -> None:
    ticket = kiosk("DD")
    one, two = open_counter(1, "nguyenvanan"), open_counter(2, "tranthibinh")
    click(qtbot, one, "call_next")
    qtbot.mouseClick(two.window.buttons["call_number"][0], Qt.MouseButton.LeftButton)
    two.window.dialog.number.setText(ticket["label"])
    two.window.dialog.accept()
    settle(qtbot, two)
    assert two.window.message.text() == (f"Số {ticket['label']} đang ở trạng thái “Đã gọi”, không còn trong hàng chờ"
                                         " nên không thể gọi số.")
    assert two.desk.current is None


def test_a_field_the_counter_does_not_serve_and_an_unknown_number(qtbot, open_counter, kiosk) -> None:
    other = kiosk("HT")
    app = open_counter(1)
    for label, text in ((other["label"], "Quầy số 1 không phục vụ lĩnh vực Hộ tịch."),
                        ("1999", "Không tìm thấy số 1999.")):
        qtbot.mouseClick(app.window.buttons["call_number"][0], Qt.MouseButton.LeftButton)
        app.window.dialog.number.setText(label)
        app.window.dialog.accept()
        settle(qtbot, app)
        assert app.window.message.text() == text
    qtbot.mouseClick(app.window.buttons["call_number"][0], Qt.MouseButton.LeftButton)
    app.window.dialog.accept()  # nothing typed
    assert app.window.message.text() == "Hãy nhập hoặc chọn số cần gọi."


def test_a_paused_counter_cannot_call(qtbot, open_counter, kiosk) -> None:
    kiosk("DD")
    app = open_counter(1)
    qtbot.mouseClick(app.window.buttons["pause"][0], Qt.MouseButton.LeftButton)
    app.window.dialog.accept()
    settle(qtbot, app)
    assert not app.window.buttons["call_next"][0].isEnabled()
    app.desk.call_next()  # as if a stale press slipped through: the server refuses it by name
    settle(qtbot, app)
    assert app.window.message.text() == "Quầy số 1 đang tạm nghỉ, không thể gọi số."


def test_a_session_taken_over_at_another_pc_asks_for_the_pin_again(qtbot, open_counter, kiosk) -> None:
    kiosk("DD")
    here = open_counter(1, "nguyenvanan")
    open_counter(1, "tranthibinh")  # the counter is logged in at another PC
    qtbot.waitUntil(lambda: here.login is not None and here.login.isVisible(), timeout=TIMEOUT)
    assert here.login.message.text().startswith("Phiên làm việc đã kết thúc")
    assert not here.window.buttons["call_next"][0].isEnabled()


def test_server_gone_locks_the_buttons_and_a_restart_asks_no_pin(qtbot, open_counter, kiosk, server) -> None:
    kiosk("DD")
    app = open_counter(1)
    click(qtbot, app, "call_next")
    called = app.desk.current["label"]
    server.stop()
    qtbot.waitUntil(lambda: not app.session.online, timeout=TIMEOUT)
    assert not any(b.isEnabled() for buttons in app.window.buttons.values() for b in buttons)
    assert app.window.banner.isVisible() and "Mất kết nối" in app.window.banner.text()
    app.desk.start()  # a press that slipped through is refused, not dropped silently
    assert app.window.message.text().startswith("Mất kết nối tới máy chủ")
    server.start()
    qtbot.waitUntil(lambda: app.session.online, timeout=30000)
    settle(qtbot, app)
    assert not app.login.isVisible()  # no PIN asked again
    assert app.desk.current["label"] == called and not app.window.banner.isVisible()
    click(qtbot, app, "start")
    click(qtbot, app, "finish")
    assert [r[0] for r in server.events("finished")] == [called]
