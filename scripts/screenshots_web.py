"""Screenshots of the server's web pages, taken in headless Chromium from a real ``qms server`` on the
sample centre (a temporary folder), at phone size and desktop size:

- ``/t/{token}``: waiting, called, English → ``docs/screenshots/web-ticket-*.png`` (390 × 844);
- ``/display``: a TV at 1920 × 1080 and 1280 × 720, with calls, counters, waiting fields and a ticker
  → ``docs/screenshots/web-display-*.png``;
- ``/admin``: the login form and today's centre → ``docs/screenshots/web-admin-*.png`` (1280 × 900, and
  the login at phone size);
- ``/docs`` → ``docs/screenshots/web-docs.png``.

Run: ``.venv/bin/python scripts/screenshots_web.py`` (needs ``sh scripts/setup.sh --dev`` for Chromium).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.browser import chromium  # noqa: E402
from tests.fakes.centre import PINS, make_centre  # noqa: E402
from tests.fakes.server_process import ServerProcess  # noqa: E402
from tests.server.web_hall import Hall  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TICKER = ('[display]\nticker = ["Giờ làm việc: sáng 7:00–11:30, chiều 13:00–17:00", '
          '"Đường dây nóng: 0236 3 888 999"]\n')


def browser(width: int, height: int, mobile: bool = False) -> Any:
    """Chromium showing pages at exactly *width* × *height* CSS pixels (a headless window has a floor)."""
    driver = chromium(max(width, 800), max(height, 600))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                                  "deviceScaleFactor": 1, "mobile": mobile})
    return driver


def shot(hall: Hall, name: str, ready: Any) -> None:
    hall.until(ready)
    hall.browser.execute_script("return document.fonts.ready")
    path = OUT / f"web-{name}.png"
    hall.browser.save_screenshot(str(path))
    print(path.relative_to(ROOT))


def state(hall: Hall) -> str:
    return hall.state() or ""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        centre = make_centre(Path(folder) / "centre", "issue_interval_seconds = 0\n")
        config = centre.data.config
        config.write_text(config.read_text("utf-8") + "\n" + TICKER, "utf-8")
        server = ServerProcess(centre.data, Path(folder) / "server.log")
        server.start()
        try:
            run(server, centre)
        finally:
            server.kill()


def run(server: ServerProcess, centre: Any) -> None:
    phone = Hall(server, centre, browser(390, 844, mobile=True))
    try:
        for field in ("DD", "DD", "HT", "CT", "DD", "KD", "DD", "HT"):
            phone.issue(field)
        mine = phone.issue("DD")
        phone.call_next(1, "nguyenvanan")
        phone.browser.get(mine["status_url"])
        shot(phone, "ticket-waiting-vi", lambda: "Còn" in phone.text("#status-vi")
             and phone.text("#live").startswith("Trang tự"))
        phone.browser.find_element("id", "lang").click()
        shot(phone, "ticket-waiting-en", lambda: "ahead" in phone.text("#status-en"))
        phone.browser.find_element("id", "lang").click()
        phone.call_next(2, "tranthibinh")
        called = phone.issue("XD")  # nobody waits for Xây dựng: counter 9 calls it at once
        phone.call_next(9, "lehoangcuong")
        phone.browser.get(called["status_url"])
        shot(phone, "ticket-called-vi", lambda: phone.text(".turn") == "Đến lượt Ông/Bà")
        phone.browser.get(f"{server.url}/admin")
        shot(phone, "admin-login-phone", lambda: phone.text("#login h2") != "")
    finally:
        phone.browser.quit()

    for size, name in (((1920, 1080), "display-1080p"), ((1280, 720), "display-720p")):
        tv = Hall(server, centre, browser(*size))
        tv.officers = phone.officers
        try:
            tv.browser.get(f"{server.url}/display#key={centre.display}")
            shot(tv, name, lambda tv=tv: state(tv) == "live" and "Quầy 9" in tv.text("#call-line")
                 and tv.text("#counters").count("Quầy") >= 3, )
        finally:
            tv.browser.quit()

    desk = Hall(server, centre, browser(1280, 900))
    desk.officers = phone.officers
    try:
        desk.browser.get(f"{server.url}/admin")
        shot(desk, "admin-login", lambda: desk.text("#login h2") != "")
        desk.browser.find_element("id", "username").send_keys("admin")
        desk.browser.find_element("id", "pin").send_keys(PINS["admin"])
        desk.browser.find_element("css selector", "#login button[type=submit]").click()
        shot(desk, "admin-today", lambda: state(desk) == "dashboard" and "Nguyễn Văn An" in desk.text("#counters"))
        desk.browser.get(f"{server.url}/docs")
        shot(desk, "docs", lambda: "/api/v1/health" in desk.text("#swagger-ui"))
    finally:
        desk.browser.quit()
        desk.close()


if __name__ == "__main__":
    main()
