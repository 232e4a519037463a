"""The citizen's phone ticket (``/t/{token}``) in a real headless Chromium against the real server: it
changes by itself when the ticket moves up and when it is called, in either language, and loads nothing
from outside the server. Its live channel says nothing about other citizens."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.browser import available, chromium
from tests.server.web_hall import Hall

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="chromium-driver missing: "
                                                                          "sh scripts/setup.sh --dev")]


@pytest.fixture
def hall(server_factory) -> Iterator[Hall]:
    server, centre = server_factory()
    browser = chromium(390, 844)  # a small phone
    hall = Hall(server, centre, browser)
    try:
        yield hall
    finally:
        hall.close()
        browser.quit()


def test_the_phone_page_changes_when_its_ticket_is_called(hall: Hall) -> None:
    hall.issue("DD")
    mine = hall.issue("DD")
    hall.browser.get(mine["status_url"])
    hall.until(lambda: "Còn 1 người chờ trước Ông/Bà." in hall.text("#status-vi"))
    assert mine["ticket"]["label"] in hall.text(".num")
    hall.until(lambda: hall.text("#live") == "Trang tự cập nhật khi có thay đổi.")  # the live channel is open
    hall.call_next(1)  # the one before
    hall.until(lambda: "Ông/Bà là người tiếp theo" in hall.text("#status-vi"))
    assert hall.state() == "waiting"
    assert hall.text("#status-vi").count("Còn") == 0  # the old count is gone, not added to


def test_a_called_ticket_says_your_turn_and_the_counter(hall: Hall) -> None:
    mine = hall.issue("DD")
    hall.browser.get(mine["status_url"])
    hall.until(lambda: hall.text("#live") == "Trang tự cập nhật khi có thay đổi.")
    called = hall.call_next(1)
    assert called["label"] == mine["ticket"]["label"]
    hall.until(lambda: hall.state() == "called")
    assert hall.text(".turn") == "Đến lượt Ông/Bà"
    assert hall.text(".go") == "Mời đến quầy số 1."
    assert hall.browser.title == "Đến lượt Ông/Bà — mời đến quầy 1"
    assert hall.foreign() == []


def test_english_toggle_is_kept_and_the_page_speaks_english(hall: Hall) -> None:
    mine = hall.issue("DD")
    hall.browser.get(mine["status_url"])
    hall.browser.find_element("css selector", "#lang").click()
    hall.until(lambda: "You are next" in hall.text("#status-en"))
    assert hall.text("#lang") == "Tiếng Việt" and not hall.browser.find_element("id", "status-vi").is_displayed()
    hall.browser.refresh()
    hall.until(lambda: hall.text("#live") == "This page updates by itself.")
    hall.call_next(1)
    hall.until(lambda: hall.text(".go") == "Please go to counter 1.")
    assert hall.text(".turn") == "It is your turn"


def test_the_live_channel_carries_only_its_own_ticket(hall: Hall) -> None:
    mine = hall.issue("DD")
    token = mine["status_url"].rsplit("/", 1)[1]
    with httpx.stream("GET", f"{hall.server.url}/api/v1/public/tickets/{token}/live", timeout=20) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = r.iter_lines()
        first = next(json.loads(line[5:]) for line in lines if line.startswith("data:"))
        assert first["state"] == "waiting" and first["label"] == mine["ticket"]["label"]
        other = hall.issue("DD")  # after mine: does not change my place, so nothing is sent for it
        hall.call_next(1)  # mine is called
        second = next(json.loads(line[5:]) for line in lines if line.startswith("data:"))
    assert second["state"] == "called" and second["counter"] == 1
    assert other["ticket"]["label"] not in json.dumps(second, ensure_ascii=False)


def test_an_unknown_token_gets_the_documented_error_not_a_stream(hall: Hall) -> None:
    r = hall.http.get("/api/v1/public/tickets/" + "x" * 24 + "/live")
    assert r.status_code == 404 and r.json()["error"]["code"] == "ticket_unknown"
