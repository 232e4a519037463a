"""What the browser tests of the server's pages share: the real server, an officer and a kiosk over
HTTP, and a headless Chromium (``tests/fakes/browser.py``) with a look at every address it loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.fakes.browser import chromium
from tests.fakes.http import bearer, login


class Hall:
    """The real ``qms server``, HTTP calls as a kiosk and as officers, and one browser."""

    def __init__(self, server: Any, centre: Any, browser: Any) -> None:
        self.server, self.centre, self.browser = server, centre, browser
        self.http = httpx.Client(base_url=server.url, timeout=10)
        self.officers: dict[int, str] = {}

    def close(self) -> None:
        self.http.close()

    def issue(self, field: str = "DD") -> dict[str, Any]:
        """A ticket from the kiosk; the answer holds ``status_url`` (the QR code's address)."""
        r = self.http.post("/api/v1/tickets", json={"field": field}, headers=bearer(self.centre.kiosk))
        assert r.status_code == 201, r.text
        return r.json()

    def officer(self, counter: int, username: str = "nguyenvanan") -> str:
        if counter not in self.officers:
            self.officers[counter] = login(self.http, username, counter)
        return self.officers[counter]

    def call_next(self, counter: int = 1, username: str = "nguyenvanan") -> dict[str, Any]:
        r = self.http.post(f"/api/v1/counters/{counter}/call-next", headers=bearer(self.officer(counter, username)))
        assert r.status_code == 200, r.text
        return r.json()["ticket"]

    # ----------------------------------------------------------------- the browser

    def text(self, selector: str) -> str:
        """The visible text of the first shown element matching *selector* ("" while the page reloads)."""
        from selenium.common.exceptions import StaleElementReferenceException

        try:
            for element in self.browser.find_elements("css selector", selector):
                if element.is_displayed():
                    return element.text
        except StaleElementReferenceException:
            pass
        return ""

    def state(self) -> str | None:
        """The page's ``<body data-state>`` (read by a script: the page may be reloading)."""
        return self.browser.execute_script("return document.body && document.body.dataset.state")

    def until(self, condition: Callable[[], Any], timeout: float = 20) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.browser, timeout, poll_frequency=0.05).until(lambda _driver: condition())

    def loaded(self) -> list[str]:
        """Every address the page loaded (the browser's resource timing log) and the page itself."""
        names = self.browser.execute_script(
            "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))")
        return list(names)

    def foreign(self) -> list[str]:
        """Addresses the page loaded from anywhere but the server on 127.0.0.1."""
        return [name for name in self.loaded() if urlsplit(name).hostname != "127.0.0.1"]


@contextmanager
def open_hall(server_factory: Callable[[], tuple[Any, Any]], width: int, height: int) -> Iterator[Hall]:
    """A fresh real server and a headless Chromium of *width* × *height*, closed together afterwards."""
    server, centre = server_factory()
    browser = chromium(width, height)
    hall = Hall(server, centre, browser)
    try:
        yield hall
    finally:
        hall.close()
        browser.quit()
