"""Screenshots of the reports page (``/admin/reports``) in headless Chromium, from a real ``qms server`` on a
temporary centre with a simulated week (and citizens' ratings):

- the page as an administrator sees it on a laptop (1366 px wide, whole page)
  → ``docs/screenshots/reports-desktop.png``;
- the widest table (per officer, with their time) on a 1920 px screen → ``reports-wide.png``;
- a phone (390 px) → ``reports-phone.png``;
- the same page under the print stylesheet, at the width of an A4 landscape page inside its margins
  → ``docs/screenshots/reports-print.png``, and the PDF Chromium prints → ``reports-print.pdf`` beside it.

Run: ``.venv/bin/python scripts/screenshots_reports.py`` (needs ``sh scripts/setup.sh --dev`` for Chromium).
"""

from __future__ import annotations

import base64
import random
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
A4_LANDSCAPE_CONTENT_PX = 1047  # 297 mm − 2 × 10 mm at 96 px per inch

from core.clock import ManualClock, iso  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.engine import QueueEngine  # noqa: E402
from core.reference_data import install_centre  # noqa: E402
from core.simulate import simulate_day  # noqa: E402
from tests.fakes.browser import chromium  # noqa: E402
from tests.fakes.server_process import ServerProcess  # noqa: E402

ANSWERS = (("very_satisfied", 0.45), ("satisfied", 0.38), ("neutral", 0.12), ("dissatisfied", 0.05))


def history(data: DataDir, monday: date, citizens: int = 320) -> None:
    """Five simulated days from *monday*, and a rating for about two citizens served in three."""
    centre, db = data.open(ManualClock(datetime.now().astimezone()))
    rng = random.Random(7)
    for offset in range(5):
        day = monday + timedelta(days=offset)
        clock = ManualClock(datetime.combine(day, datetime.min.time(), tzinfo=centre.timezone))
        install_centre(db, centre, clock)
        simulate_day(QueueEngine(db, centre, clock), clock, day, citizens + 60 * (offset == 0), seed=offset)
    # A tablet's answers, written as the rating endpoint writes them (the simulator does not rate).
    done = db.conn.execute("SELECT f.ticket_id, f.service_day, f.counter, f.username, t.updated_at, t.field_code,"
                           " t.label FROM ticket_facts f JOIN tickets t ON t.id = f.ticket_id"
                           " WHERE f.state = 'done'").fetchall()
    rows = []
    for tid, day, counter, user, finished, field, label in done:
        if rng.random() < 0.65:
            answer = rng.choices([a for a, _ in ANSWERS], [w for _, w in ANSWERS])[0]
            at = iso(datetime.fromisoformat(finished.replace("Z", "+00:00")) + timedelta(seconds=20))
            rows.append((at, day, tid, field, label, counter, user, f'{{"answer": "{answer}", "via": "tablet"}}'))
    db.conn.executemany("INSERT INTO events (at, kind, service_day, ticket_id, field_code, label, counter, username,"
                        " data) VALUES (?, 'rated', ?, ?, ?, ?, ?, ?, ?)", sorted(rows))
    db.conn.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp) / "centre")
        out = subprocess.run([sys.executable, "-m", "qms", "init", "--data", str(data.root)], capture_output=True,
                             text=True, check=True, cwd=ROOT).stdout
        pins = dict(re.findall(r"^\s+(\w+)\s+(\d{4,})\s", out, re.MULTILINE))
        admin = next(user for user in pins if user.startswith("admin") or user == "quantri")
        today = date.today()
        monday = today - timedelta(days=today.weekday() + 7)
        history(data, monday)
        server = ServerProcess(data, Path(tmp) / "server.log")
        server.start(timeout=180)  # a loaded machine starts it slowly
        browser = None
        try:
            import httpx

            token = httpx.post(f"{server.url}/api/v1/auth/login", json={"username": admin, "pin": pins[admin],
                                                                        "counter": None}).json()["token"]
            browser = chromium(1366, 900)
            browser.execute_cdp_cmd("Network.enable", {})
            browser.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Bearer {token}"}})
            friday = monday + timedelta(days=4)
            week = f"{server.url}/admin/reports?from={monday.isoformat()}&to={friday.isoformat()}"
            browser.get(f"{week}&by=officer")
            shoot(browser, 1920, OUT / "reports-wide.png")
            shoot(browser, 390, OUT / "reports-phone.png")
            browser.get(f"{week}&by=field")
            shoot(browser, 1366, OUT / "reports-desktop.png")
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            shoot(browser, A4_LANDSCAPE_CONTENT_PX, OUT / "reports-print.png")
            pdf = browser.execute_cdp_cmd("Page.printToPDF", {"landscape": True, "paperWidth": 11.69,
                                                              "paperHeight": 8.27, "preferCSSPageSize": True})
            (OUT / "reports-print.pdf").write_bytes(base64.b64decode(pdf["data"]))
        finally:
            if browser is not None:
                browser.quit()
            server.stop()
    print(f"written: {OUT}/reports-desktop.png, reports-wide.png, reports-phone.png, reports-print.png, "
          "reports-print.pdf")
    return 0


def shoot(browser: object, width: int, path: Path) -> None:
    """Resize to *width* and the page's whole height, then save a PNG."""
    browser.set_window_size(width, 900)  # type: ignore[attr-defined]
    height = browser.execute_script(  # type: ignore[attr-defined]
        "return Math.ceil(document.querySelector('main').getBoundingClientRect().bottom + window.scrollY)")
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {  # type: ignore[attr-defined]
        "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height + 16, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


if __name__ == "__main__":
    sys.exit(main())
