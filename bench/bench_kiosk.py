"""Kiosk benchmark: tap → last byte at the printer, cold start to the painted home screen, and memory.

    python bench/bench_kiosk.py [--tickets 1000] [--starts 5]

Runs the real server (``qms server``) on a loopback port and the kiosk offscreen in this process, printing
on the fake network printer of the tests (a loopback TCP port that answers status queries like an Epson).

- *Tap → last byte*: from the tap (``KioskController.take_ticket``) to the last byte of the ticket reaching
  the printer: the request with its durable commit, the answer, rendering and encoding the raster, the
  status query before and the bytes. Target: p95 <= 200 ms.
- *Cold start*: ``python`` started to the first paint of the home screen with the server's fields, in a
  fresh process each time (imports, Qt, fonts, ``/config`` and ``/snapshot``). Target: <= 1.5 s.
- *Memory*: resident memory after 10 tickets and after all of them. Target: within 10 %.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop  # noqa: E402

from client.ui.application import make_application  # noqa: E402
from kiosk.app import build  # noqa: E402
from kiosk.look import Look  # noqa: E402
from tests.fakes.centre import make_centre  # noqa: E402
from tests.fakes.printer import FakeNetworkPrinter, FakePrinterCore  # noqa: E402
from tests.fakes.server_process import ServerProcess  # noqa: E402

CAPPED = ("DD",)  # the sample centre's fields with a daily cap (400), left out so the run never meets it

CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QEventLoop
from client.ui.application import make_application
from kiosk.app import build
from kiosk.look import Look
app, metrics = make_application("kiosk", dpi=96)
values = {"server": sys.argv[2], "key": sys.argv[3], "printer": "", "paper": "centre", "lang": "vi"}
window, controller = build(values, app, Look(metrics))
painted = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and window.screen_name == "home" and window.home.button_for("HT"):
            painted.append(time.time())
        return False
watch = Watch()
window.home.installEventFilter(watch)
window.resize(1080, 1920)
window.show()
controller.start()
while not painted:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
print(f"{painted[0]:.6f}", flush=True)
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class TimedCore(FakePrinterCore):
    """The fake printer, noting when ticket bytes (anything but a status query) last arrived."""

    def __init__(self) -> None:
        super().__init__("online")
        self.last_ticket_byte = 0.0

    def feed(self, data: bytes) -> bytes:
        if data.replace(b"\x10\x04\x01", b"").replace(b"\x10\x04\x02", b"").replace(b"\x10\x04\x04", b""):
            self.last_ticket_byte = time.perf_counter()
        answer = super().feed(data)
        with self.changed:
            if self._pos == len(self.received):  # all parsed: forget the bytes, or they count as the kiosk's memory
                del self.received[:]
                self._pos = 0
        return answer


def cold_starts(server: ServerProcess, key: str, starts: int) -> list[float]:
    seconds = []
    for _ in range(starts):
        began = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), server.url, key],
                             capture_output=True, text=True, timeout=60, check=True).stdout
        seconds.append(float(out.strip().splitlines()[-1]) - began)
    return seconds


def taps(server: ServerProcess, key: str, tickets: int) -> tuple[list[float], float, float]:
    app, metrics = make_application("kiosk", dpi=96)
    with FakeNetworkPrinter("online") as fake:
        fake.core = TimedCore()
        values = {"server": server.url, "key": key, "printer": fake.uri, "paper": "centre",
                  "lang": "vi"}
        window, controller = build(values, app, Look(metrics))
        window.resize(1080, 1920)
        window.show()
        controller.start()

        def wait(condition) -> None:
            while not condition():
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

        wait(lambda: window.online and window.home.button_for("HT") is not None)
        fields = [f["code"] for f in (controller.config or {})["fields"] if f["code"] not in CAPPED]
        results, rss_10 = [], 0.0
        for i in range(tickets):
            images = fake.core.images
            jobs = controller.printer.jobs
            started = time.perf_counter()
            assert controller.take_ticket(fields[i % len(fields)])
            wait(lambda images=images: fake.core.images > images)
            wait(lambda jobs=jobs: controller.printer.jobs == jobs)  # and its status query after the ticket
            results.append((fake.core.last_ticket_byte - started) * 1000)
            if i + 1 == 10:
                rss_10 = rss_mb()
        rss_end = rss_mb()
        window.close()
    return results, rss_10, rss_end


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qms-bench-kiosk-") as tmp:
        centre = make_centre(Path(tmp) / "centre", "issue_interval_seconds = 0\n")
        server = ServerProcess(centre.data, Path(tmp) / "server.log")
        server.start()
        try:
            starts = cold_starts(server, centre.kiosk, args.starts)
            tap_ms, rss_10, rss_end = taps(server, centre.kiosk, args.tickets)
        finally:
            server.stop()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"tap -> last byte at the printer ({len(tap_ms)} tickets): median {statistics.median(tap_ms):.1f} ms, "
          f"p95 {percentile(tap_ms, 0.95):.1f} ms, p99 {percentile(tap_ms, 0.99):.1f} ms, max {max(tap_ms):.1f} ms")
    print(f"cold start to painted home ({len(starts)} starts): median {statistics.median(starts):.2f} s, "
          f"max {max(starts):.2f} s")
    print(f"resident memory: {rss_10:.1f} MB after 10 tickets, {rss_end:.1f} MB after {len(tap_ms)} "
          f"({(rss_end / rss_10 - 1) * 100:+.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
