"""The reports page in a real headless Chromium against the real server, with an administrator's bearer
token: it draws its three charts from inline SVG, loads nothing from anywhere, shows the day's figures,
fits its widest table on a 1366 px screen, and under the print stylesheet drops the form and shows the
signature lines."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes.browser import available, chromium
from tests.fakes.centre import PINS
from tests.fakes.http import bearer

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not available(), reason="chromium-driver missing: "
                                                                          "sh scripts/setup.sh --dev")]


def test_the_page_draws_its_charts_offline_and_prints_with_signatures(server_factory) -> None:
    server, centre = server_factory()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        admin = http.post("/api/v1/auth/login", json={"username": "admin", "pin": PINS["admin"],
                                                      "counter": None}).json()["token"]
        officer = bearer(http.post("/api/v1/auth/login", json={"username": "nguyenvanan", "pin": PINS["nguyenvanan"],
                                                               "counter": 1}).json()["token"])
        for _ in range(3):
            assert http.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201
        ticket = http.post("/api/v1/counters/1/call-next", headers=officer).json()["ticket"]
        for step in ("start", "finish"):
            assert http.post(f"/api/v1/counters/1/tickets/{ticket['id']}/{step}", headers=officer).status_code == 200
    browser = chromium(1280, 900)
    try:
        browser.execute_cdp_cmd("Network.enable", {})
        browser.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Bearer {admin}"}})
        browser.get(f"{server.url}/admin/reports?by=field")
        charts = browser.find_elements("css selector", "svg.chart")
        assert len(charts) == 3 and all(c.size["width"] > 300 and c.size["height"] > 40 for c in charts)
        assert len(browser.find_elements("css selector", "svg.chart rect")) > 5  # bars were drawn
        total = browser.find_element("css selector", "tr.total").text.split()
        assert total[:4] == ["Tổng", "cộng", "3", "0"]  # 3 issued, none transferred in
        fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert [url for url in fetched if not url.startswith(server.url)] == []
        # the widest table (per officer, 24 columns) fits a laptop's screen: no sideways scrolling
        browser.set_window_size(1366, 900)
        browser.get(f"{server.url}/admin/reports?by=officer")
        scroll, room = browser.execute_script(
            "const s = document.querySelector('section.figures'); return [s.scrollWidth, s.clientWidth]")
        assert len(browser.find_elements("css selector", "thead th")) == 24 and scroll <= room
        form = browser.find_element("css selector", "form")
        signatures = browser.find_element("css selector", ".signatures")
        assert form.is_displayed() and not signatures.is_displayed()
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not form.is_displayed() and signatures.is_displayed()
        assert "Người lập biểu" in signatures.text and "Giám đốc" in signatures.text
    finally:
        browser.quit()
