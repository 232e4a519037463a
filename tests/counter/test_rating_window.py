"""The rating window on the counter PC's second monitor, against the real server in a subprocess: a
served ticket is rated once, a second rating and a ticket served elsewhere are refused with the server's
plain words, and the 30-second timeout closes the window without a rating."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer

from client.api import ApiClient, Call
from client.ui.metrics import Metrics
from counter.rating_window import ASK_SECONDS, RatingWindow
from tests.fakes.centre import PINS, Centre, make_centre
from tests.fakes.server_process import ServerProcess

# The offscreen platform cannot raise a window or pass size hints to a window manager; it says so.
pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)")]


def answer(qtbot, call: Call):
    qtbot.waitUntil(lambda: call.done, timeout=10000)
    if call.error is not None:
        raise call.error
    return call.result


@pytest.fixture(scope="module")
def centre(tmp_path_factory) -> Centre:
    return make_centre(tmp_path_factory.mktemp("rating"), "issue_interval_seconds = 0\n")


@pytest.fixture(scope="module")
def server(centre: Centre, tmp_path_factory) -> Iterator[ServerProcess]:
    real = ServerProcess(centre.data, tmp_path_factory.mktemp("log") / "server.log")
    real.start()
    yield real
    real.kill()


class Counter:
    """An officer logged in at a counter through the client, and a kiosk."""

    def __init__(self, qtbot, server: ServerProcess, centre: Centre, username: str, number: int) -> None:
        self.qtbot, self.server, self.number = qtbot, server, number
        self.api = ApiClient(server.url)
        answer(qtbot, self.api.login(username, PINS[username], number))
        self.kiosk = ApiClient(server.url, centre.kiosk)

    def serve(self) -> dict:
        """Issue a DD ticket and call, start and finish it here."""
        answer(self.qtbot, self.kiosk.issue_ticket("DD"))
        ticket = answer(self.qtbot, self.api.call_next(self.number))["ticket"]
        answer(self.qtbot, self.api.start(self.number, ticket["id"]))
        return answer(self.qtbot, self.api.finish(self.number, ticket["id"]))["ticket"]

    def window(self, lang: str = "vi") -> RatingWindow:
        window = RatingWindow(self.api, self.number, lang, Metrics(96))
        self.qtbot.addWidget(window)
        return window


@pytest.fixture
def counter1(qtbot, server: ServerProcess, centre: Centre) -> Counter:
    return Counter(qtbot, server, centre, "nguyenvanan", 1)


def ratings(server: ServerProcess, ticket_id: int) -> list[dict]:
    with sqlite3.connect(server.data.database) as db:
        return [json.loads(d) for (d,) in db.execute(
            "SELECT data FROM events WHERE kind = 'rated' AND ticket_id = ?", (ticket_id,))]


def test_a_served_ticket_is_rated_once(qtbot, server, counter1) -> None:
    ticket = counter1.serve()
    window = counter1.window()
    window.ask(ticket, "Nguyễn Văn An")
    assert window.isVisible()
    assert "Quầy số 1" in window.header.text() and "Nguyễn Văn An" in window.header.text()
    assert ticket["label"] in window.ticket_label.text()
    assert [b.text() for b in window.answer_buttons.values()] == ["Rất hài lòng", "Hài lòng", "Bình thường",
                                                                  "Không hài lòng"]
    with qtbot.waitSignal(window.rated, timeout=10000) as rated:
        qtbot.mouseClick(window.answer_buttons["satisfied"], Qt.MouseButton.LeftButton)
    assert rated.args == ["satisfied"]
    assert "cảm ơn" in window.message.text()
    assert ratings(server, ticket["id"]) == [{"answer": "satisfied", "reasons": [], "via": "counter_screen"}]
    with qtbot.waitSignal(window.closed, timeout=1000):
        window.findChild(QTimer, "rating_message").timeout.emit()
    assert not window.isVisible()


def test_a_second_rating_is_refused_with_a_clear_message(qtbot, server, counter1) -> None:
    ticket = counter1.serve()
    answer(qtbot, counter1.api.rate(1, ticket["id"], "very_satisfied"))
    window = counter1.window()
    window.ask(ticket, "Nguyễn Văn An")
    got: list[str] = []
    window.rated.connect(got.append)
    qtbot.mouseClick(window.answer_buttons["neutral"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "đã được đánh giá" in window.message.text(), timeout=10000)
    assert window.message.text().startswith("Chưa ghi nhận được đánh giá")
    assert got == [] and window.isVisible()
    assert [r["answer"] for r in ratings(server, ticket["id"])] == ["very_satisfied"]


def test_a_ticket_not_served_at_this_counter_is_refused(qtbot, server, centre, counter1) -> None:
    elsewhere = Counter(qtbot, server, centre, "tranthibinh", 2).serve()
    window = counter1.window("en")
    window.ask(elsewhere, "Nguyễn Văn An")
    qtbot.mouseClick(window.answer_buttons["satisfied"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not served at counter 1" in window.message.text(), timeout=10000)
    assert ratings(server, elsewhere["id"]) == []


def test_the_timeout_closes_the_window_without_a_rating(qtbot, server, counter1) -> None:
    ticket = counter1.serve()
    window = counter1.window()
    window.ask(ticket, "Nguyễn Văn An")
    timeout = window.findChild(QTimer, "rating_timeout")
    assert timeout.isActive() and timeout.interval() == ASK_SECONDS * 1000
    assert "30 giây" in window.time_left.text()
    with qtbot.waitSignal(window.closed, timeout=1000):
        timeout.timeout.emit()
    assert not window.isVisible()
    assert ratings(server, ticket["id"]) == []


def test_dissatisfied_sends_the_reasons_chosen(qtbot, server, counter1) -> None:
    ticket = counter1.serve()
    window = counter1.window()
    window.ask(ticket, "Nguyễn Văn An")
    qtbot.mouseClick(window.answer_buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == 1
    qtbot.mouseClick(window.reason_buttons["attitude"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reason_buttons["other"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.rated, timeout=10000):
        qtbot.mouseClick(window.send, Qt.MouseButton.LeftButton)
    assert ratings(server, ticket["id"]) == [{"answer": "dissatisfied", "reasons": ["attitude", "other"],
                                              "via": "counter_screen"}]


def test_answers_are_locked_while_the_rating_is_in_flight(qtbot, server, counter1) -> None:
    ticket = counter1.serve()
    window = counter1.window()
    window.ask(ticket, "Nguyễn Văn An")
    qtbot.mouseClick(window.answer_buttons["very_satisfied"], Qt.MouseButton.LeftButton)
    # The click returned before the server answered: the GUI did not wait, and a second tap does nothing.
    assert not window.answer_buttons["satisfied"].isEnabled()
    qtbot.waitUntil(lambda: window.pages.currentIndex() == 2, timeout=10000)
    assert len(ratings(server, ticket["id"])) == 1


def test_the_window_speaks_english_when_asked(qtbot, counter1) -> None:
    window = counter1.window()
    window.ask({"id": 1, "label": "1001"}, "Nguyễn Văn An")
    window.set_language("en")
    assert window.header.text().startswith("Counter 1")
    assert window.answer_buttons["dissatisfied"].text() == "Dissatisfied"
    assert window.ticket_label.text() == "Ticket 1001"


def test_the_window_fills_the_screen_it_is_placed_on(qtbot, counter1) -> None:
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    window = counter1.window()
    window.place_on(screen)
    assert window.screen() is screen and window.geometry() == screen.geometry()


def test_back_from_the_reasons_returns_to_the_faces_with_a_fresh_half_minute(qtbot, counter1) -> None:
    window = counter1.window()
    window.ask({"id": 1, "label": "1001"}, "Nguyễn Văn An")
    qtbot.mouseClick(window.answer_buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    timeout = window.findChild(QTimer, "rating_timeout")
    timeout.stop()
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == 0 and timeout.isActive()
