"""What a kiosk keeps from one citizen to the next: after many tickets, no more objects and no more cached
pixmaps than after the first few (bench/bench_kiosk.py measures the memory itself)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPixmap, QPixmapCache
from PySide6.QtNetwork import QNetworkReply

from .harness import Kiosk
from .test_kiosk_window import ANSWER, FakeMonotonic, make_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def answer(n: int) -> dict:
    """A ticket as the server answers it, each with its own number and status page (so its own QR code)."""
    return {**ANSWER, "ticket": {**ANSWER["ticket"], "id": n, "label": str(1000 + n)},
            "status_url": f"http://127.0.0.1/t/{n:024d}"}


def test_tickets_shown_leave_nothing_in_qts_pixmap_cache(qtbot):
    window = make_window(qtbot, FakeMonotonic())
    for n in (1, 2):  # the style's own pixmaps, if any, are made once
        window.show_ticket(answer(n), [1, 2])
        window.grab()
        window.go_home()
    limit = QPixmapCache.cacheLimit()
    QPixmapCache.clear()
    # A cache with room for a few codes besides the sentinel: each ticket's code kept in it (a QLabel's
    # pixmap is drawn through an icon, whose copy is cached) would soon push the sentinel out.
    QPixmapCache.setCacheLimit(600)  # kB
    sentinel = QPixmap(256, 256)  # 256 kB
    sentinel.fill(QColor("white"))
    key = QPixmapCache.insert(sentinel)
    try:
        for n in range(3, 13):
            window.show_ticket(answer(n), [1, 2])
            window.grab()
            window.go_home()
        assert QPixmapCache.find(key) is not None
    finally:
        QPixmapCache.setCacheLimit(limit)


@pytest.mark.slow
def test_citizens_one_after_another_leave_no_objects_behind(qtbot, kiosk: Kiosk):
    def one_ticket(field: str) -> None:
        jobs = kiosk.printer.jobs
        with qtbot.waitSignal(kiosk.controller.issuer.issued, timeout=10000):
            kiosk.tap(qtbot, field)
        qtbot.waitUntil(lambda: kiosk.printer.jobs == jobs, timeout=15000)
        kiosk.window.go_home()

    def objects() -> Counter[str]:
        # counted with no request on its way (print-result, printer reports): a reply lives until answered
        qtbot.waitUntil(lambda: not kiosk.window.findChildren(QNetworkReply), timeout=10000)
        return Counter(type(o).__name__ for o in kiosk.window.findChildren(QObject))

    for field in ("HT", "CT"):
        one_ticket(field)
    before = objects()
    for field in ("HT", "CT", "KD", "XD") * 5:
        one_ticket(field)
    # every confirmation, QR code, request and print job is let go: the same objects as after two tickets
    after = objects()
    assert after == before, f"kept: {after - before}, lost: {before - after}"
