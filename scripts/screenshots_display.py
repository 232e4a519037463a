"""Screenshots of the wall display at 1080p, 4K and portrait, against a real server with a busy morning.

    python scripts/screenshots_display.py            # writes docs/screenshots/display-*.png

A sample centre is made in a temporary folder (``qms init``), its server started on a free loopback port,
tickets issued and called through the API (five counters open, one paused with its reason, priority
tickets among them, an administrator's message on the displays); then the display's window is drawn
offscreen at each size with the DPI of a 55-inch TV at that resolution, and saved.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import qms_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SHOTS = (("display-1080p.png", 1920, 1080, None), ("display-4k.png", 3840, 2160, None),
         ("display-portrait.png", 1080, 1920, True))
DIAGONAL = 55.0
DISPLAY_TABLE = """
[display]
ticker = ["Giờ làm việc: sáng 7:00–11:30, chiều 13:00–17:00 (thứ Hai – thứ Sáu)",
          "Công dân vui lòng giữ phiếu số và chú ý màn hình, loa gọi số",
          "Đường dây nóng: 0236 3 888 999"]
recent_calls = 6
"""


def qms(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "qms", *args], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def prepare(data: Path) -> tuple[dict[str, str], str, str]:
    """A sample centre open all day; returns the PINs, the kiosk key and the display key."""
    out = qms("init", "--data", str(data))
    pins = dict(re.findall(r"^\s+(\w+)\s+(\d{4,})\s", out, re.MULTILINE))
    config = data / "centre.toml"
    text = re.sub(r"^hours = \{.*\}$", "", config.read_text("utf-8"), flags=re.MULTILINE)
    text = re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', text)
    text = "[server]\nissue_interval_seconds = 0\n\n" + text + DISPLAY_TABLE
    config.write_text(text, "utf-8")

    def key(kind: str, name: str) -> str:
        return re.findall(r"^(qmsd_\S+)$", qms("device", "add", kind, name, "--data", str(data)), re.MULTILINE)[-1]

    return pins, key("kiosk", "Ki-ốt sảnh"), key("display", "Màn hình sảnh")


def busy_morning(url: str, pins: dict[str, str], kiosk: str) -> None:
    """Tickets, five open counters with calls, one paused, and a message for the displays."""
    api = f"{url}/api/v1"
    with httpx.Client(timeout=10) as http:
        def post(path: str, token: str, body: dict | None = None) -> dict:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            r = http.post(f"{api}{path}", json=body or {}, headers=headers)
            r.raise_for_status()
            return r.json() if r.content else {}

        plan = ["DD"] * 9 + ["HT"] * 6 + ["CT"] * 5 + ["KD"] * 3 + ["XD"] * 2 + ["TP"] * 2
        for i, field in enumerate(plan):
            post("/tickets", kiosk, {"field": field, **({"priority": "elderly"} if i in (4, 17) else {})})
        officers = [u for u in pins if u != "admin"]
        seats = dict(zip(officers, (1, 4, 5, 3), strict=False))
        seats["admin"] = 2
        tokens = {}
        for user, counter in seats.items():
            login = {"username": user, "pin": pins[user], "counter": counter}
            tokens[counter] = post("/auth/login", "", login)["token"]
        current: dict[int, int] = {}
        for _ in range(3):
            for counter in (1, 4, 5, 2):
                if counter in current:
                    post(f"/counters/{counter}/tickets/{current[counter]}/start", tokens[counter])
                    post(f"/counters/{counter}/tickets/{current[counter]}/finish", tokens[counter])
                current[counter] = post(f"/counters/{counter}/call-next", tokens[counter])["ticket"]["id"]
        post("/counters/3/pause", tokens[3], {"reason": "Họp giao ban"})
        r = http.put(f"{api}/display/message", json={"text": "Hệ thống cấp phiếu tạm dừng 10 phút để bảo trì",
                                                    "minutes": 30},
                     headers={"Authorization": f"Bearer {tokens[2]}"})
        r.raise_for_status()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        pins, kiosk, display_key = prepare(data)
        with qms_server(data) as server:
            url = server.url
            busy_morning(url, pins, kiosk)
            code = shoot(url, display_key)
            return code or shoot_message_form(url, pins["admin"])


def shoot(url: str, key: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from client.api import ApiClient
    from client.ui.application import make_application
    from client.ui.clock import system_now
    from client.ui.metrics import Metrics
    from display.layout import panel_dpi
    from display.runtime import DisplayRuntime

    app, _ = make_application("display")
    for name, width, height, portrait in SHOTS:
        metrics = Metrics(panel_dpi(width, height, DIAGONAL))
        runtime = DisplayRuntime(ApiClient(url, key), metrics, lambda _voice: (None, False), system_now,
                                 time.monotonic, portrait=portrait)
        window = runtime.window
        window.resize(width, height)
        window.show()
        runtime.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not (runtime.session.online and window.message.message):
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        window.banner.set_flashing(False)
        window.ticker.park()
        window.grab().save(str(OUT / name))
        print(OUT / name)
        runtime.stop()
        window.close()
    app.processEvents()
    return 0


def shoot_message_form(url: str, pin: str) -> int:
    """The administrator's message form (F3 at a display, after the gate), with the message in force."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from client.ui.message_form import MessageForm

    token = httpx.post(f"{url}/api/v1/auth/login", json={"username": "admin", "pin": pin}, timeout=10).json()["token"]
    form = MessageForm(url, token, "vi")
    form.resize(900, 0)
    form.show()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not form.current.text():
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    form.text.setText("Hệ thống cấp phiếu tạm dừng 10 phút để bảo trì")
    form.minutes.setValue(30)
    QApplication.processEvents()
    name = OUT / "display-message-form-vi.png"
    form.grab().save(str(name))
    print(name)
    form.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
