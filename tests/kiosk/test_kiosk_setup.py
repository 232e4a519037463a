"""The set-up screen's printer row: a test print on the chosen printer, off the GUI thread."""

from __future__ import annotations

import pytest

from kiosk.setup import PrinterPicker
from tests.fakes.printer import FakeNetworkPrinter

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("mode", "words"), [("online", "đã in"), ("paper_out", "hết giấy")])
def test_a_test_print_says_how_it_went(qtbot, mode: str, words: str):
    with FakeNetworkPrinter(mode) as printer:
        picker = PrinterPicker(printer.uri, "vi")
        qtbot.addWidget(picker)
        picker.test.click()
        assert picker.result.text() == "Đang in phiếu…"  # the click returned before the printer answered
        qtbot.waitUntil(lambda: words in picker.result.text().lower(), timeout=15000)
    assert (printer.core.images > 0) == (mode == "online")


def test_a_bad_printer_address_is_named_at_once(qtbot):
    picker = PrinterPicker("usb://4b8:e15", "en")
    qtbot.addWidget(picker)
    picker.test.click()
    assert "VID:PID" in picker.result.text()
