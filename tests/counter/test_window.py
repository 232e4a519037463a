"""Shortcuts (shown on the buttons, remappable, kept), the compact always-on-top strip (mode and place
kept per machine), kiosk printer trouble as a notice, and the guidance desk's own printer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from client.ui.settings import AppSettings
from counter.printing import DeskPrinter
from counter.settings import SCHEMA
from printers.jobs import PrintService
from tests.fakes.printer import FakeNetworkPrinter

from .harness import OFFSCREEN_SIZE_HINTS, TIMEOUT, answer, settle

pytestmark = [pytest.mark.slow, OFFSCREEN_SIZE_HINTS]


def test_shortcuts_act_show_on_the_buttons_and_can_be_remapped(qtbot, open_counter, kiosk, tmp_path) -> None:
    kiosk("DD")
    app = open_counter(1)
    window = app.window
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    settle(qtbot, app)
    assert app.desk.current is not None and app.desk.current["calls"] == 1
    qtbot.keyClick(window, Qt.Key.Key_F2)
    settle(qtbot, app)
    assert app.desk.current["calls"] == 2

    window.edit_shortcuts()
    dialog = window.dialog
    dialog.editors["recall"].setKeySequence(QKeySequence("Ctrl+R"))
    dialog.editors["start"].setKeySequence(QKeySequence("Ctrl+R"))
    dialog.accept()  # one key for two actions is refused
    assert dialog.isVisible() and "Ctrl+R" in dialog.message.text()
    dialog.editors["start"].setKeySequence(QKeySequence("F3"))
    dialog.accept()
    assert window.buttons["recall"][0].text() == "Gọi lại\n[Ctrl+R]"
    qtbot.keyClick(window, Qt.Key.Key_F2)  # no longer bound
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, app)
    assert app.desk.current["calls"] == 3
    kept = AppSettings("counter", SCHEMA, path=app.settings.path).load()
    assert kept["shortcut_recall"] == "Ctrl+R" and kept["shortcut_call_next"] == "F1"


def test_compact_mode_stays_on_top_and_is_remembered_with_its_place(qtbot, open_counter, kiosk, server) -> None:
    kiosk("DD")
    app = open_counter(1)
    window = app.window
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.findChild(type(window.buttons["call_next"][0]), "tool_compact"), Qt.MouseButton.LeftButton)
    assert window.compact and window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.stack.currentWidget().objectName() == "compact"
    compact_call = window.buttons["call_next"][1]
    assert compact_call.isVisible() and compact_call.text() == "Gọi tiếp\n[F1]"
    qtbot.mouseClick(compact_call, Qt.MouseButton.LeftButton)
    settle(qtbot, app)
    assert window.compact_number.text() == app.desk.current["label"]
    window.move(140, 90)
    window.close()
    kept = AppSettings("counter", SCHEMA, path=app.settings.path).load()
    assert kept["compact"] is True and (kept["window_x"], kept["window_y"]) == (140, 90)

    again = open_counter(1, settings=kept)
    assert again.window.compact and again.window.pos().x() == 140
    assert again.window.compact_number.text() == app.desk.current["label"]
    again.window.set_compact(False)
    assert not again.window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert AppSettings("counter", SCHEMA, path=app.settings.path).load()["compact"] is False


def test_kiosk_printer_trouble_is_a_notice_until_closed(qtbot, open_counter, kiosk) -> None:
    app = open_counter(1)
    ticket = kiosk("HT")
    answer(qtbot, kiosk.api.print_result(ticket["id"], False, "paper_out", "no paper"))
    qtbot.waitUntil(lambda: app.window.notice.isVisible(), timeout=TIMEOUT)
    assert app.window.notice.text() == "Ki-ốt 0: Máy in đã hết giấy. Hãy kiểm tra máy in và thay giấy."
    qtbot.mouseClick(app.window.notice_close, Qt.MouseButton.LeftButton)
    assert not app.window.notice.isVisible()
    answer(qtbot, kiosk.api.print_result(ticket["id"], True, "ready"))
    answer(qtbot, kiosk.api.health())
    settle(qtbot, app)
    assert not app.window.notice.isVisible()  # a good print is no news


def test_the_guidance_desk_prints_on_its_own_printer(qtbot, open_counter) -> None:
    with FakeNetworkPrinter() as printer:
        app = open_counter(5, "tranthibinh", printer=DeskPrinter(PrintService(printer.uri, job_timeout=5)))
        qtbot.mouseClick(app.window.buttons["issue"][0], Qt.MouseButton.LeftButton)
        app.window.dialog.field.setCurrentIndex(app.window.dialog.field.findData("CT"))
        app.window.dialog.accept()
        qtbot.waitUntil(lambda: app.window.message.text().startswith("Đã in phiếu"), timeout=TIMEOUT)
        assert printer.core.images >= 1


def test_logout_is_refused_with_a_ticket_in_hand_then_returns_to_the_login(qtbot, open_counter, kiosk) -> None:
    kiosk("DD")
    app = open_counter(1)
    logout = app.window.findChild(type(app.window.buttons["call_next"][0]), "tool_logout")
    qtbot.mouseClick(app.window.buttons["call_next"][0], Qt.MouseButton.LeftButton)
    settle(qtbot, app)
    qtbot.mouseClick(logout, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.message.text().startswith("Quầy số 1 còn đang xử lý số 1001"), timeout=TIMEOUT)
    qtbot.mouseClick(app.window.buttons["no_show"][0], Qt.MouseButton.LeftButton)
    settle(qtbot, app)
    qtbot.mouseClick(logout, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window is None and app.login is not None and app.login.isVisible(), timeout=TIMEOUT)
    assert app.api.token is None and not app.session.online
