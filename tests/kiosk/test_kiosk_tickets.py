"""A citizen's tap at the kiosk, end to end: the real server in a subprocess, the fake network printer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assets.texts import tr
from printers.encode import prepare_ticket

from .harness import Kiosk, make_kiosk

# The offscreen platform cannot pass a shown window's new minimum size on; a real screen can.
pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]


def test_tap_issues_one_ticket_and_prints_that_number(qtbot, kiosk: Kiosk):
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000) as issued:
        kiosk.tap(qtbot, "DD")
    answer = issued.args[0]
    assert kiosk.window.screen_name == "ticket" and kiosk.window.ticket.number.text() == answer["ticket"]["label"]
    assert kiosk.db.tickets() == [(answer["ticket"]["id"], "DD", answer["ticket"]["label"], None)]
    with qtbot.waitSignal(kiosk.printer.printed, timeout=15000) as printed:
        pass
    assert printed.args[1].ok
    expected = prepare_ticket(kiosk.controller.ticket_print(answer), kiosk.controller.ticket_config)
    assert expected.label == answer["ticket"]["label"]
    assert expected.data in bytes(kiosk.fake.core.received)  # the very ticket, byte for byte
    assert kiosk.window.ticket.print_status.text() == "Mời Ông/Bà nhận phiếu ở khe bên dưới"
    qtbot.waitUntil(lambda: kiosk.db.events("print_result", answer["ticket"]["id"]) == [
        {"ok": True, "status": "ready", "reason": None, "kiosk": "Ki-ốt 0"}], timeout=10000)


def test_double_tap_issues_one_ticket(qtbot, kiosk: Kiosk):
    button = kiosk.window.home.button_for("HT")
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.printer.jobs == 0, timeout=15000)
    assert len(kiosk.db.tickets()) == 1 and kiosk.window.screen_name == "ticket"


def test_the_second_tap_of_a_double_tap_does_not_hide_the_new_ticket(qtbot, kiosk: Kiosk):
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
        kiosk.tap(qtbot, "CT")
    kiosk.window.touched()  # the second tap lands on the ticket screen at once
    assert kiosk.window.screen_name == "ticket"


def test_priority_ticket_carries_its_kind(qtbot, kiosk: Kiosk):
    qtbot.mouseClick(kiosk.window.home.priority_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.screen_name == "priority"
    qtbot.mouseClick(kiosk.window.priority.buttons["elderly"], Qt.MouseButton.LeftButton)
    assert kiosk.window.screen_name == "home" and "Người cao tuổi" in kiosk.window.home.priority_band.text()
    with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
        kiosk.tap(qtbot, "HT")
    assert kiosk.db.tickets()[0][3] == "elderly"
    badge = kiosk.window.ticket.priority
    assert badge.isVisibleTo(kiosk.window) and "Người cao tuổi" in badge.text()


@pytest.fixture
def paperless(qtbot, server):
    yield from make_kiosk(qtbot, server, mode="paper_out")


def test_paper_out_keeps_the_ticket_on_screen_and_tells_the_server(qtbot, paperless: Kiosk):
    window = paperless.window
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=10000)  # said before anyone taps
    assert "Máy in" in window.notice.text()
    qtbot.waitUntil(lambda: paperless.db.events("printer_status")[-1:] == [
        {"kiosk": "Ki-ốt 0", "status": "paper_out", "reason": "Printer is out of paper"}], timeout=10000)
    with qtbot.waitSignal(paperless.printer.printed, timeout=15000):
        paperless.tap(qtbot, "DD")
    assert window.screen_name == "ticket" and window.ticket.number.text() == paperless.db.tickets()[0][2]
    assert window.ticket.print_status.text() == "Máy in tạm hết giấy — vui lòng chụp lại số thứ tự"
    assert window.idle_left >= window.config.trouble_seconds - 1
    ticket_id = paperless.db.tickets()[0][0]
    qtbot.waitUntil(lambda: [e["status"] for e in paperless.db.events("print_result", ticket_id)] == ["paper_out"],
                    timeout=10000)
    assert paperless.db.events("print_result", ticket_id)[0]["ok"] is False
    assert paperless.fake.core.images == 0  # nothing was sent to an empty printer
    with qtbot.waitSignal(paperless.printer.status_changed, timeout=10000):
        paperless.fake.core.mode = "online"  # a new roll
        paperless.printer.status_timer.timeout.emit()
    assert not window.notice.isVisible() or window.screen_name == "ticket"
    qtbot.waitUntil(lambda: paperless.db.events("printer_status")[-1]["status"] == "ready", timeout=10000)


def test_the_hidden_corner_asks_an_administrator_and_refuses_a_wrong_pin(qtbot, server, kiosk: Kiosk, tmp_path,
                                                                         monkeypatch):
    from client.ui.admin_gate import AdminGate
    from kiosk.app import kiosk_settings
    from kiosk.setup import AdminCorner

    monkeypatch.setenv("QMS_CONFIG_DIR", str(tmp_path))
    corner = AdminCorner(kiosk.window, kiosk_settings(), server.url, parent=kiosk.window)
    for _ in range(4):
        qtbot.mouseClick(kiosk.window.centre_name, Qt.MouseButton.LeftButton)
    assert kiosk.window.findChild(AdminGate) is None  # a few taps by a citizen open nothing
    qtbot.mouseClick(kiosk.window.centre_name, Qt.MouseButton.LeftButton)
    gate = kiosk.window.findChild(AdminGate)
    assert gate is not None and gate.isVisible()
    gate.username.setText("admin")
    gate.pin.setText("000000")
    with qtbot.assertNotEmitted(gate.granted, wait=0):
        gate.check()
        qtbot.waitUntil(lambda: not gate.busy, timeout=10000)
    assert "PIN" in gate.message.text() and gate.isVisible() and corner.corner.presses == []
    gate.reject()


def test_a_printer_unplugged_and_plugged_back_in_is_followed_by_itself(qtbot, kiosk: Kiosk):
    from tests.fakes.printer import FakeNetworkPrinter

    window, printer = kiosk.window, kiosk.printer
    qtbot.waitUntil(lambda: printer.status is not None and not printer.in_trouble, timeout=10000)
    port = kiosk.fake.server_address[1]
    kiosk.fake.shutdown()  # the cable is pulled: nothing listens on the printer's address any more
    kiosk.fake.server_close()
    with qtbot.waitSignal(printer.status_changed, timeout=15000):
        printer.status_timer.timeout.emit()  # the kiosk's own regular check
    assert printer.in_trouble and window.notice.isVisible()
    assert window.notice.text() == tr("kiosk.printer_notice", "vi")  # said before a citizen taps
    with qtbot.waitSignal(printer.printed, timeout=20000):
        kiosk.tap(qtbot, "DD")
    assert window.screen_name == "ticket" and window.ticket.print_status.text() == tr("kiosk.print_failed", "vi")
    lost = kiosk.db.tickets()[-1][0]
    qtbot.waitUntil(lambda: [e["ok"] for e in kiosk.db.events("print_result", lost)] == [False], timeout=10000)

    with FakeNetworkPrinter("online", port=port) as back:  # plugged back in, same address
        with qtbot.waitSignal(printer.status_changed, timeout=15000):
            printer.status_timer.timeout.emit()
        assert not printer.in_trouble
        window.go_home()
        assert not window.notice.isVisible()
        with qtbot.waitSignal(printer.printed, timeout=20000) as printed:
            kiosk.tap(qtbot, "DD")
        assert printed.args[1].ok and back.core.images == 1
        assert window.ticket.print_status.text() == tr("kiosk.printed", "vi")
