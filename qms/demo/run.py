"""``qms demo``'s run: the sample centre, its server, the kiosk, two counters and the wall display, each a
process of its own, arranged on the screen; then, at the end, screenshots, tickets and the day's report
in the folder.

The arrangement is that of a small centre seen from the hall: the kiosk at the entrance (left, portrait),
the wall TV above the counters (right, 16:9) and the two counters' screens below it.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path, PurePath
from urllib.parse import quote

from qms.demo.centre import DemoCentre
from qms.demo.processes import Child, end_group, healthy, wait_for

# x, y, width, height as fractions of the screen's available area (1920 × 1080: kiosk 480 × 1080,
# display 1440 × 562, each counter 720 × 518).
KIOSK_PLACE = (0.0, 0.0, 0.25, 1.0)
DISPLAY_PLACE = (0.25, 0.0, 0.75, 0.52)
COUNTER_PLACES = ((0.25, 0.52, 0.375, 0.48), (0.625, 0.52, 0.375, 0.48))
COUNTER_NATURAL = (1150, 660)  # the counter window's smallest comfortable size, in its own pixels
HEADLESS_AREA = (0, 0, 1920, 1080)
PROBE = """
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
g = app.primaryScreen().availableGeometry()
print(g.x(), g.y(), g.width(), g.height())
"""
BASE_STEP_MS = 3000  # one autopilot step at --speed 1: a visitor sees each call, start and finish


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def screen_area(env: dict[str, str]) -> tuple[int, int, int, int]:
    """The primary screen's available area (x, y, width, height), asked of Qt in a short process."""
    try:
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                             timeout=60, check=True).stdout.split()
        x, y, w, h = (int(v) for v in out[-4:])
    except (subprocess.SubprocessError, ValueError, OSError):
        return HEADLESS_AREA
    return x, y, w, h


def rect(area: tuple[int, int, int, int], fractions: tuple[float, ...]) -> tuple[int, int, int, int]:
    """The part *fractions* (x, y, width, height) of *area*, in pixels."""
    x, y, w, h = area
    fx, fy, fw, fh = fractions
    return x + round(fx * w), y + round(fy * h), round(fw * w), round(fh * h)


def printer_uri(folder: PurePath) -> str:
    """The kiosk's virtual printer writing into *folder* (any name: spaces, "#", Vietnamese, a drive)."""
    return f"virtual://{quote(folder.as_posix(), safe='/:')}"


def text(values: tuple[int, ...]) -> str:
    return ",".join(str(v) for v in values)


class Demo:
    """Starts, watches and ends every process of one demo in *centre*'s folder."""

    def __init__(self, centre: DemoCentre, speed: float, headless: bool, say: Callable[[str], None] = print,
                 lang: str = "vi") -> None:
        self.centre, self.speed, self.headless, self.say, self.lang = centre, speed, headless, say, lang
        self.root = centre.data.root
        self.logs = self.root / "logs"
        self.url = ""
        self.server: Child | None = None
        self.apps: dict[str, Child] = {}

    def env(self, name: str) -> dict[str, str]:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "QMS_CONFIG_DIR": str(self.root / "machines" / name)}
        if self.headless:
            env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def start_server(self, timeout: float = 60) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = Child("server", [sys.executable, "-m", "qms", "server", "--data", str(self.root), "--host",
                                       "127.0.0.1", "--port", str(port)], self.logs / "server.log",
                            self.env("server"), control=False)
        if not wait_for(lambda: healthy(self.url) or not self.server.alive(), timeout) or not self.server.alive():
            raise RuntimeError(f"server did not start; see {self.logs / 'server.log'}")

    def start_apps(self) -> None:
        step = max(200, int(BASE_STEP_MS / self.speed))
        child = [sys.executable, "-m", "qms.demo.child"]
        centre = self.centre
        area = HEADLESS_AREA if self.headless else screen_area(self.env("probe"))
        self._app("display", [*child, "display", "--rect", text(rect(area, DISPLAY_PLACE)), "--", "--server", self.url,
                              "--key", centre.display_key, "--windowed", "--voice-out", str(self.root / "voice")])
        self._app("kiosk", [*child, "kiosk", "--rect", text(rect(area, KIOSK_PLACE)), "--interval-ms", str(step),
                            "--fields", ",".join(centre.fields), "--", "--server", self.url, "--key",
                            centre.kiosk_key, "--windowed", "--lang", self.lang, "--printer",
                            printer_uri(self.root / "tickets")])
        for n, (desk, where) in enumerate(zip(centre.desks, COUNTER_PLACES, strict=False)):
            others = [code for other in centre.desks if other is not desk for code in other.fields]
            x, y, w, h = rect(area, where)
            scale = min(1.0, w / COUNTER_NATURAL[0], h / COUNTER_NATURAL[1])
            pilot = ["--interval-ms", str(step), "--seed", str(n + 2), "--user", desk.username, "--counter",
                     str(desk.counter), "--fields", ",".join(others)]
            self._app(f"counter-{desk.counter}",
                      [*child, "counter", "--rect", text((x, y, w, h)), "--scale", f"{scale:.3f}", *pilot, "--",
                       "--server", self.url, "--counter", str(desk.counter), "--lang", self.lang],
                      {"QMS_DEMO_PIN": desk.pin})

    def _app(self, name: str, argv: list[str], extra: dict[str, str] | None = None) -> None:
        self.apps[name] = Child(name, argv, self.logs / f"{name}.log", {**self.env(name), **(extra or {})},
                                control=True)

    @property
    def pids(self) -> list[int]:
        """Every process this demo started."""
        return [c.pid for c in (self.server, *self.apps.values()) if c is not None]

    def wait(self, minutes: float | None) -> str:
        """Until the display is closed, an app fails, or *minutes* pass; returns why it ended."""
        deadline = None if minutes is None else time.monotonic() + minutes * 60
        while True:
            if deadline is not None and time.monotonic() >= deadline:
                return "time"
            if not self.apps["display"].alive():
                return "display"
            if self.server is not None and not self.server.alive():
                return "server"
            time.sleep(0.2)

    def screenshots(self, timeout: float = 60) -> list[Path]:
        """Each app saves its window to ``screenshots/<app>.png``; the ones written."""
        folder = self.root / "screenshots"
        wanted = {}
        for name, child in self.apps.items():
            path = folder / f"{name}.png"
            if child.send(f"shot {path}"):
                wanted[name] = path
        wait_for(lambda: all(p.exists() for p in wanted.values()), timeout)
        # a file that exists may still be being written: its writer says so in its log when done
        wait_for(lambda: all(f"shot saved {p}" in self._log(n) for n, p in wanted.items()), 10)
        return [p for p in wanted.values() if p.exists()]

    def _log(self, name: str) -> str:
        try:
            return (self.logs / f"{name}.log").read_text("utf-8", "replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """End the apps (display last, so it shows the last calls), then the server."""
        for name in sorted(self.apps, key=lambda n: n == "display"):
            self.apps[name].quit()
        if self.server is not None:
            end_group(self.server.proc, grace=20)


def report(root: Path) -> str:
    """``qms report``'s summary of the folder's day (per field), as text."""
    from core.reports.command import cmd_report

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cmd_report(Namespace(data=root, by="field", first=None, last=None, period=None, format="table",
                             output=None))
    return out.getvalue()
