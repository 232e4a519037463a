"""The rating tablet's page in a real headless Chromium against the real server: a ticket finished at
its counter brings up the four answers, a tap records the rating, and refusals are said plainly."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from core.storage import connect
from tests.fakes.browser import available, chromium
from tests.fakes.centre import PINS
from tests.fakes.http import bearer

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="chromium-driver missing: "
                                                                          "sh scripts/setup.sh --dev")]


class Desk:
    """The real server, the officer of counter 1 (over HTTP) and the tablet of counter 1 (in Chromium)."""

    def __init__(self, server: Any, centre: Any, browser: Any) -> None:
        self.server, self.centre, self.browser = server, centre, browser
        self.http = httpx.Client(base_url=server.url, timeout=10)
        self.officer = self.login("nguyenvanan", 1)
        r = self.http.post("/api/v1/admin/devices", json={"kind": "rating", "name": "Máy tính bảng quầy 1",
                                                           "counter": 1}, headers=bearer(self.login("admin", None)))
        assert r.status_code == 201, r.text
        self.key = r.json()["key"]

    def login(self, username: str, counter: int | None) -> str:
        r = self.http.post("/api/v1/auth/login", json={"username": username, "pin": PINS[username],
                                                       "counter": counter})
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def serve(self) -> dict[str, Any]:
        """Issue a DD ticket, and call, start and finish it at counter 1."""
        self.http.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(self.centre.kiosk))
        ticket = self.post("/counters/1/call-next")["ticket"]
        self.post(f"/counters/1/tickets/{ticket['id']}/start")
        self.post(f"/counters/1/tickets/{ticket['id']}/finish")
        return ticket

    def post(self, path: str, body: Any = None) -> Any:
        r = self.http.post(f"/api/v1{path}", json=body, headers=bearer(self.officer))
        assert r.status_code in (200, 201), r.text
        return r.json()

    def ratings(self) -> list[tuple[int, dict[str, Any]]]:
        db = connect(self.centre.data.database, migrate=False)
        try:
            return [(t, json.loads(d)) for t, d in db.conn.execute(
                "SELECT ticket_id, data FROM events WHERE kind = 'rated' ORDER BY seq")]
        finally:
            db.conn.close()

    # ----------------------------------------------------------------- the page

    def open(self) -> None:
        self.browser.get(f"{self.server.url}/rating#key={self.key}")
        self.until(lambda: self.state() == "waiting" and "Quầy 1 – Đất đai" in self.text(".who"))

    def state(self) -> str:
        return self.browser.find_element("css selector", "body").get_attribute("data-state")

    def text(self, selector: str) -> str:
        """The visible text of the first element matching *selector* that is shown."""
        for element in self.browser.find_elements("css selector", selector):
            if element.is_displayed():
                return element.text
        return ""

    def tap(self, selector: str) -> None:
        self.browser.find_element("css selector", selector).click()

    def until(self, condition: Callable[[], Any], timeout: float = 15) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.browser, timeout, poll_frequency=0.05).until(lambda _driver: condition())


@pytest.fixture
def desk(server_factory) -> Iterator[Desk]:
    server, centre = server_factory()
    browser = chromium()
    try:
        desk = Desk(server, centre, browser)
        yield desk
        desk.http.close()
    finally:
        browser.quit()


def test_a_finished_ticket_brings_up_the_answers_and_a_tap_records_it(desk: Desk) -> None:
    desk.open()
    assert "Nguyễn Văn An" in desk.text(".officer")
    ticket = desk.serve()
    desk.until(lambda: desk.state() == "asking")
    assert ticket["label"] in desk.text("#ticket")
    assert "Nguyễn Văn An" in desk.text(".officer")
    faces = desk.browser.find_elements("css selector", ".answers button")
    assert [f.text for f in faces] == ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
    desk.tap("#answer-very_satisfied")
    desk.until(lambda: desk.state() == "thanks")
    assert "cảm ơn" in desk.text(".thanks")
    assert desk.ratings() == [(ticket["id"], {"answer": "very_satisfied", "reasons": [], "via": "tablet"})]


def test_dissatisfied_offers_reasons_and_sends_the_chosen_ones(desk: Desk) -> None:
    desk.open()
    ticket = desk.serve()
    desk.until(lambda: desk.state() == "asking")
    desk.tap("#answer-dissatisfied")
    desk.until(lambda: desk.state() == "reasons")
    for reason in ("long_wait", "unclear_guidance"):
        desk.tap(f".reasons input[value='{reason}']")
    desk.tap("#send")
    desk.until(lambda: desk.state() == "thanks")
    assert desk.ratings() == [(ticket["id"], {"answer": "dissatisfied", "reasons": ["long_wait", "unclear_guidance"],
                                              "via": "tablet"})]


def test_a_ticket_already_rated_at_the_counter_screen_is_refused_plainly(desk: Desk) -> None:
    desk.open()
    ticket = desk.serve()
    desk.until(lambda: desk.state() == "asking")
    desk.post(f"/counters/1/tickets/{ticket['id']}/rating", {"answer": "satisfied"})  # the second monitor first
    desk.tap("#answer-neutral")
    desk.until(lambda: desk.state() == "refused")
    assert "đã được đánh giá" in desk.text("#refusal")
    assert [data["via"] for _, data in desk.ratings()] == ["counter_screen"]


def test_english_toggle_and_waiting_again_after_the_thanks(desk: Desk) -> None:
    desk.open()
    desk.tap("#lang")
    desk.until(lambda: "Counter 1" in desk.text(".who"))
    assert desk.text("#lang") == "Tiếng Việt"
    desk.serve()
    desk.until(lambda: desk.state() == "asking")
    assert "satisfied" in desk.text(".q")
    desk.tap("#answer-satisfied")
    desk.until(lambda: desk.state() == "thanks")
    assert desk.text(".thanks") == "Thank you very much!"
    desk.until(lambda: desk.state() == "waiting", timeout=20)  # back by itself after the thanks
    desk.browser.refresh()  # the key and the language stay in the browser, not in the address
    desk.until(lambda: desk.state() == "waiting" and "Counter 1" in desk.text(".who"))
    assert "key=" not in desk.browser.current_url


def test_a_page_without_a_key_says_how_to_set_the_tablet_up(desk: Desk) -> None:
    desk.browser.get(f"{desk.server.url}/rating")
    desk.until(lambda: desk.state() == "setup")
    assert "qms device add rating" in desk.text("#setup")
