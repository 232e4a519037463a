"""A code held under the kiosk's scanner: a ticket's QR code shows that ticket's status from the real
server; a booking or dossier code is recognised and the citizen told what to do; nothing is issued."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assets.texts import tr
from devices.scanners import SerialScanner, WedgeScanner
from kiosk.scanning import KioskScanner

from .harness import Kiosk

TIMEOUT = 15000
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
UNKNOWN_TOKEN = "Zb3kQ9pX2mW7aR4tY8nV1cQe"  # a ticket token of no ticket here


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def scan_texts(kiosk: Kiosk) -> tuple[str, str, str, str]:
    screen = kiosk.window.scan
    texts = (screen.kind.text(), screen.title.text(), screen.lines.text(), screen.advice.text())
    return tuple(t.replace("\u00a0", " ") for t in texts)  # type: ignore[return-value]  # wrap marks aside


def test_a_tickets_qr_from_a_wedge_scanner_shows_its_status(qtbot, kiosk: Kiosk):
    wedge = WedgeScanner(clock=lambda: 0.0)  # every key "fast": a scanner types faster than a person
    scanner = KioskScanner(kiosk.controller.api, kiosk.window, wedge)
    scanner.start()
    try:
        with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=TIMEOUT) as issued:
            kiosk.tap(qtbot, "DD")
        answer = issued.args[0]
        kiosk.window.go_home()
        tickets = kiosk.db.tickets()
        target = QApplication.focusWidget() or kiosk.window
        qtbot.keyClicks(target, answer["status_url"])
        qtbot.keyClick(target, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: kiosk.window.scan.lines.text() != "", timeout=TIMEOUT)
        kind, title, lines, _advice = scan_texts(kiosk)
        assert kiosk.window.screen_name == "scan"
        assert (kind, title) == ("Phiếu số thứ tự", f"Số {answer['ticket']['label']} — Đất đai")
        assert lines.startswith("Đang chờ: trước Ông/Bà còn ")
        assert kiosk.db.tickets() == tickets  # looking a ticket up issues nothing
        qtbot.mouseClick(kiosk.window.scan.done_button, Qt.MouseButton.LeftButton)
        assert kiosk.window.screen_name == "home"
    finally:
        scanner.stop()


def test_booking_and_dossier_codes_from_a_serial_scanner_say_what_to_do(qtbot, kiosk: Kiosk, pty):
    master, path = pty
    scanner = KioskScanner(kiosk.controller.api, kiosk.window, SerialScanner(path))
    scanner.start()
    try:
        qtbot.waitUntil(scanner.scanner.connected.is_set, timeout=TIMEOUT)
        os.write(master, b"lh-2026-0042\r\n")
        qtbot.waitUntil(lambda: kiosk.window.scan.title.text() == "LH-2026-0042", timeout=TIMEOUT)
        assert scan_texts(kiosk) == ("Mã lịch hẹn", "LH-2026-0042", tr("kiosk.scan.booking_text", "vi"),
                                     tr("kiosk.scan.booking_advice", "vi"))
        os.write(master, b"000.00.17.H42-250714-0031\r\n")
        qtbot.waitUntil(lambda: kiosk.window.scan.kind.text() == "Mã hồ sơ", timeout=TIMEOUT)
        assert "dichvucong.gov.vn" in kiosk.window.scan.lines.text()
        kiosk.window.set_language("en")  # the English toggle: the same code in English
        assert scan_texts(kiosk)[:2] == ("Dossier code", "000.00.17.H42-250714-0031")
    finally:
        scanner.stop()


def test_a_ticket_of_another_centre_is_said_not_found(qtbot, kiosk: Kiosk, pty):
    master, path = pty
    scanner = KioskScanner(kiosk.controller.api, kiosk.window, SerialScanner(path))
    scanner.start()
    try:
        qtbot.waitUntil(scanner.scanner.connected.is_set, timeout=TIMEOUT)
        os.write(master, f"http://10.0.0.9:8080/t/{UNKNOWN_TOKEN}\r\n".encode())
        qtbot.waitUntil(lambda: kiosk.window.scan.title.text() == tr("kiosk.scan.not_found", "vi"), timeout=TIMEOUT)
    finally:
        scanner.stop()


def test_a_called_tickets_status_sends_the_citizen_to_the_counter(qtbot, kiosk: Kiosk):
    kiosk.window.show_scan_ticket({"label": "1005", "field_name_vi": "Đất đai", "field_name_en": "Land",
                                   "state": "called", "ahead": 0, "estimated_minutes": None, "counter": 3,
                                   "service_day": "2026-11-30", "day_closed": False})
    assert scan_texts(kiosk)[1:3] == ("Số 1005 — Đất đai", "Đã đến lượt: mời Ông/Bà đến quầy số 3")
    kiosk.window.set_language("en")
    assert scan_texts(kiosk)[1:3] == ("Number 1005 — Land", "It is your turn: please go to counter 3")


def test_the_scan_screen_goes_home_after_the_idle_time(qtbot, kiosk: Kiosk):
    kiosk.window.show_scan_code("unknown", "hello")
    for _ in range(kiosk.window.config.idle_seconds):
        kiosk.window.idle_timer.timeout.emit()
    assert kiosk.window.screen_name == "home"
