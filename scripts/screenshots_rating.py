"""Screenshots of the citizen's rating screens, taken from a real server in a temporary folder:

- the counter PC's second monitor (``counter/rating_window.py``, Qt offscreen, 1366 × 768 at 96 dpi)
  → ``docs/screenshots/counter-rating-*.png``;
- the rating tablet's page (``/rating`` in headless Chromium, 1280 × 800 and a portrait 800 × 1280)
  → ``docs/screenshots/rating-tablet-*.png``.

Run: ``.venv/bin/python scripts/screenshots_rating.py`` (needs ``sh scripts/setup.sh --dev`` for Chromium).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def qms(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "qms", *args], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout


class Server:
    """``qms init`` in a temporary folder with ticket hours all day, and ``qms server`` on a free port."""

    def __init__(self, folder: Path) -> None:
        self.data = folder / "centre"
        out = qms("init", "--data", str(self.data))
        self.pins = dict(re.findall(r"^\s+(\w+)\s+(\d{4,})\s", out, re.MULTILINE))
        config = self.data / "centre.toml"
        text = re.sub(r"^hours = \{.*\}$", "", config.read_text("utf-8"), flags=re.MULTILINE)
        text = re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', text)
        config.write_text("[server]\nissue_interval_seconds = 0\n\n" + text, "utf-8")
        self.kiosk = self._key("kiosk", "Ki-ốt sảnh A")
        self.tablet = self._key("rating", "Máy tính bảng quầy 1", "--counter", "1")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "qms", "server", "--data", str(self.data), "--host",
                                      "127.0.0.1", "--port", str(self.port)], cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.http = httpx.Client(base_url=self.url, timeout=10)
        until(self._up, "the server")
        self.officer = self.http.post("/api/v1/auth/login", json={
            "username": "nguyenvanan", "pin": self.pins["nguyenvanan"], "counter": 1}).json()["token"]

    def _key(self, *args: str) -> str:
        return qms("device", "add", *args, "--data", str(self.data)).strip().splitlines()[-1]

    def _up(self) -> bool:
        try:
            return self.http.get("/api/v1/health").status_code == 200
        except httpx.HTTPError:
            return False

    def serve(self) -> dict:
        """A DD ticket issued, called, started and finished at counter 1."""
        auth = {"Authorization": f"Bearer {self.officer}"}
        self.http.post("/api/v1/tickets", json={"field": "DD"}, headers={"Authorization": f"Bearer {self.kiosk}"})
        ticket = self.http.post("/api/v1/counters/1/call-next", headers=auth).json()["ticket"]
        for step in ("start", "finish"):
            self.http.post(f"/api/v1/counters/1/tickets/{ticket['id']}/{step}", headers=auth)
        return ticket

    def stop(self) -> None:
        self.http.close()
        self.proc.terminate()
        self.proc.wait(15)


def until(condition: Callable[[], object], what: str, timeout: float = 20, pump: Callable[[], None] | None = None
          ) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        if pump:
            pump()
        time.sleep(0.02)


def counter_screens(server: Server) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from client.api import ApiClient
    from client.ui.application import make_application
    from counter.rating_window import RatingWindow

    app, metrics = make_application("counter", dpi=96)
    pump = QCoreApplication.processEvents
    api = ApiClient(server.url, server.officer)
    for lang in ("vi", "en"):
        window = RatingWindow(api, 1, lang, metrics)
        window.resize(1366, 768)
        ticket = server.serve()
        window.ask(ticket, "Nguyễn Văn An")
        pump()
        window.grab().save(str(OUT / f"counter-rating-{lang}.png"))
        window.answer_buttons["dissatisfied"].click()
        window.reason_buttons["long_wait"].setChecked(True)
        pump()
        window.grab().save(str(OUT / f"counter-rating-reasons-{lang}.png"))
        window.send.click()
        until(lambda w=window: w.pages.currentIndex() == 2, "the thanks", pump=pump)
        window.grab().save(str(OUT / f"counter-rating-thanks-{lang}.png"))
        window.ask(ticket, "Nguyễn Văn An")  # the same ticket again: the server refuses
        window.answer_buttons["satisfied"].click()
        until(lambda w=window: w.pages.currentIndex() == 2, "the refusal", pump=pump)
        window.grab().save(str(OUT / f"counter-rating-refused-{lang}.png"))
        window.finish()
    del app


def tablet_screens(server: Server) -> None:
    os.environ.setdefault("SE_OFFLINE", "true")  # the system's chromedriver; nothing is downloaded
    for name, size in (("landscape", (1280, 800)), ("portrait", (800, 1280))):
        tablet_screen(server, name, size)


def tablet_screen(server: Server, name: str, size: tuple[int, int]) -> None:
    """One browser window of *size*: the waiting page and the question, reasons and thanks (landscape), or
    the question alone (portrait)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--window-size={size[0]},{size[1]}"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)

    def state() -> str:
        return browser.find_element("css selector", "body").get_attribute("data-state")

    try:
        browser.get(f"{server.url}/rating#key={server.tablet}")
        until(lambda: state() == "waiting" and browser.find_element("css selector", ".who").text, "waiting")
        if name == "portrait":
            server.serve()
            until(lambda: state() == "asking", "the question")
            browser.save_screenshot(str(OUT / "rating-tablet-portrait.png"))
            return
        browser.save_screenshot(str(OUT / "rating-tablet-waiting.png"))
        server.serve()
        until(lambda: state() == "asking", "the question")
        browser.save_screenshot(str(OUT / "rating-tablet-question-vi.png"))
        browser.find_element("css selector", "#lang").click()
        browser.save_screenshot(str(OUT / "rating-tablet-question-en.png"))
        browser.find_element("css selector", "#lang").click()
        browser.find_element("css selector", "#answer-dissatisfied").click()
        browser.find_element("css selector", ".reasons input[value='attitude']").click()
        browser.save_screenshot(str(OUT / "rating-tablet-reasons.png"))
        browser.find_element("css selector", "#send").click()
        until(lambda: state() == "thanks", "the thanks")
        browser.save_screenshot(str(OUT / "rating-tablet-thanks.png"))
    finally:
        browser.quit()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder))
        try:
            counter_screens(server)
            tablet_screens(server)
        finally:
            server.stop()
    for path in sorted(OUT.glob("*rating*.png")):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
