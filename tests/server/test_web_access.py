"""Every web page of the server can be used without a mouse and read by a screen reader: a language on
the page, a name on every control, a label on every field, the keyboard reaching every control, and text
at AAA contrast (7:1) against what is behind it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.browser import available
from tests.server.web_hall import Hall, open_hall

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="chromium-driver missing: "
                                                                          "sh scripts/setup.sh --dev")]

PROBLEMS = (Path(__file__).parent / "web_access.js").read_text("utf-8")  # a script returning the problems


@pytest.fixture
def hall(server_factory) -> Iterator[Hall]:
    with open_hall(server_factory, 1280, 800) as hall:
        yield hall


def tab_stops(hall: Hall, count: int) -> list[str]:
    """The ids of the first *count* elements the Tab key reaches."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    stops = []
    for _ in range(count):
        ActionChains(hall.browser).send_keys(Keys.TAB).perform()
        stops.append(hall.browser.execute_script("const el = document.activeElement; return el.id || el.textContent"))
    return stops


def test_the_phone_ticket_names_its_controls_and_the_keyboard_reaches_them(hall: Hall) -> None:
    hall.browser.get(hall.issue("DD")["status_url"])
    hall.until(lambda: hall.text("#live") != "")
    assert hall.browser.execute_script(PROBLEMS) == []
    assert tab_stops(hall, 2) == ["lang", "alert"]
    hall.browser.switch_to.active_element.send_keys("\n")  # Enter on the alert button turns the alert on
    hall.until(lambda: hall.text("#alert").startswith("Đã bật âm báo"))


def test_the_admin_login_is_labelled_and_works_from_the_keyboard(hall: Hall) -> None:
    from tests.fakes.centre import PINS

    hall.browser.get(f"{hall.server.url}/admin")
    hall.until(lambda: hall.text("#login h2") != "")
    assert hall.browser.execute_script(PROBLEMS) == []
    assert hall.browser.switch_to.active_element.get_attribute("id") == "username"  # focused on arrival
    hall.browser.switch_to.active_element.send_keys("admin")
    hall.browser.find_element("id", "pin").send_keys(PINS["admin"] + "\n")  # Enter submits
    hall.until(lambda: hall.state() == "dashboard")
    assert hall.browser.execute_script(PROBLEMS) == []


def test_the_browser_display_has_a_language_and_named_parts(hall: Hall) -> None:
    hall.browser.get(f"{hall.server.url}/display#key={hall.centre.display}")
    hall.until(lambda: hall.state() == "live")
    assert hall.browser.execute_script(PROBLEMS) == []
    headings = [h.text for h in hall.browser.find_elements("css selector", "h2")]
    assert headings[0] == "Số vừa gọi" and headings[1].startswith("Các quầy")  # "Các quầy 1/2" when paged
    assert headings[2] == "Đang chờ theo lĩnh vực"
