"""The kiosk and the server's moods: away and back, fields closed or full, an answer lost on the way."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QWidget

from client.api import ApiClient
from kiosk.issuer import TicketIssuer

from .harness import Kiosk, make_kiosk, start_server

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def test_server_down_stops_issuing_then_the_kiosk_comes_back_by_itself(qtbot, server, kiosk: Kiosk):
    window = kiosk.window
    server.stop()
    qtbot.waitUntil(lambda: not window.online, timeout=10000)
    assert kiosk.controller.take_ticket("DD") is False  # never a number the server does not know
    window.offline_timer.timeout.emit()  # the grace time a flicker of the network gets
    assert window.screen_name == "offline" and window.offline.title.text() == "Tạm ngừng cấp số"
    qtbot.waitUntil(lambda: "kết nối" in window.offline.status.text(), timeout=10000)
    server.start()
    qtbot.waitUntil(lambda: window.screen_name == "home", timeout=20000)
    with qtbot.waitSignal(kiosk.printer.printed, timeout=15000):
        kiosk.tap(qtbot, "DD")
    assert len(kiosk.db.tickets()) == 1


def test_a_request_that_cannot_reach_the_server_is_refused_after_its_retries(qtbot):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here
    holder = QWidget()  # deleted on the GUI thread by qtbot, with the issuer and its timer
    qtbot.addWidget(holder)
    issuer = TicketIssuer(ApiClient(f"http://127.0.0.1:{port}", "key", parent=holder), retry_delays=(0.01, 0.01),
                          parent=holder)
    with qtbot.waitSignal(issuer.refused, timeout=10000) as refused:
        assert issuer.issue("DD")
        assert not issuer.issue("DD")  # a second tap while pending sends nothing
    assert refused.args[0].is_network and issuer.attempts == 3 and not issuer.busy


class LosingProxy:
    """A loopback HTTP proxy to the server that drops the answers to the first *drop* ticket requests
    after the server has handled them: the answer lost on the network."""

    def __init__(self, upstream: int, drop: int) -> None:
        self.upstream, self.drop = upstream, drop
        self.keys: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
            while len(body) < int(headers.get("content-length", "0")):
                body += conn.recv(65536)
            if "idempotency-key" in headers:
                self.keys.append(headers["idempotency-key"])
            request = "\r\n".join([lines[0], *[ln for ln in lines[1:] if not ln.lower().startswith("connection:")],
                                   "Connection: close"]).encode("latin-1") + b"\r\n\r\n" + body
            with socket.create_connection(("127.0.0.1", self.upstream)) as up:
                up.sendall(request)
                answer = b""
                while chunk := up.recv(65536):
                    answer += chunk
            if lines[0].startswith("POST /api/v1/tickets ") and self.drop > 0:
                self.drop -= 1
                return  # the server issued it; the kiosk never hears
            conn.sendall(answer)

    def close(self) -> None:
        self.sock.close()


def test_an_answer_lost_on_the_network_gives_the_same_ticket_not_a_second(qtbot, server, kiosk: Kiosk):
    proxy = LosingProxy(server.port, drop=1)
    issuer = TicketIssuer(ApiClient(proxy.url, server.kiosk_key, timeout=3.0, parent=kiosk.window),
                          retry_delays=(0.05, 0.05), parent=kiosk.window)
    try:
        with qtbot.waitSignal(issuer.issued, timeout=15000) as issued:
            issuer.issue("KD")
    finally:
        proxy.close()
    assert len(proxy.keys) == 2 and proxy.keys[0] == proxy.keys[1]
    assert kiosk.db.tickets() == [(issued.args[0]["ticket"]["id"], "KD", issued.args[0]["ticket"]["label"], None)]


def limits(text: str) -> str:
    """Civil status takes one number a day; certification issues only on a day two days from now."""
    later = WEEKDAYS[(datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(days=2)).weekday()]
    text = text.replace('numbers = "2001-2999"', 'numbers = "2001-2999"\ndaily_cap = 1', 1)
    return text.replace('numbers = "3001-3999"', f'numbers = "3001-3999"\nhours = {{ {later} = ["07:00-08:00"] }}', 1)


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    real = start_server(tmp_path_factory.mktemp("limits") / "centre", limits)
    yield real
    real.stop()


@pytest.fixture
def limited_kiosk(qtbot, limited) -> Iterator[Kiosk]:
    yield from make_kiosk(qtbot, limited)


def test_closed_and_full_fields_cannot_be_tapped_and_say_why(qtbot, limited_kiosk: Kiosk):
    home = limited_kiosk.window.home
    closed = home.button_for("CT")
    opens = (datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(days=2)).strftime("%d/%m")
    assert not closed.isEnabled()
    assert closed.detail.text() == f"Ngoài giờ cấp số — mở lại lúc 07:00 ngày {opens}"
    with qtbot.waitSignal(limited_kiosk.controller.issuer.issued, timeout=10000):
        limited_kiosk.tap(qtbot, "HT")  # the day's only number
    qtbot.waitUntil(lambda: not home.button_for("HT").isEnabled(), timeout=10000)  # pushed as an event
    assert home.button_for("HT").detail.text() == "Đã hết số hôm nay"
    assert limited_kiosk.controller.take_ticket("HT") is True  # a stale screen still asks the server...
    with qtbot.waitSignal(limited_kiosk.controller.issuer.refused, timeout=10000):
        pass
    assert "hết số" in limited_kiosk.window.notice.text()  # ...which refuses, and the kiosk says why
    assert len(limited_kiosk.db.tickets()) == 1
