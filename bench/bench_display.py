"""Wall display benchmark: event → frame painted, event → first audio frame, cold start, memory over a day.

    python bench/bench_display.py [--events 500] [--plays 10] [--starts 5]

- *event → frame painted*: a ``called`` event handed to the session's stream (as a WebSocket message would
  be) until the 1920 × 1080 window has repainted everything it changed (``repaint()``, offscreen).
- *event → first audio frame*: the same event until the real ``QAudioSink`` is active with audio pulled
  (a private PulseAudio daemon with a null sink is started when ``PULSE_SERVER`` is not set).
- *cold start*: ``qms display`` started as a new process against a real server with a busy morning, until
  it prints that the first snapshot is on screen.
- *memory over a day*: a simulated 8-hour day, 1,200 citizens at 20 counters (issued, called, started,
  finished; one recall in ten), fed through the stream with the clocks moved; resident memory after each
  hour.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.fakes.clock import SteppingClock as Clocks  # noqa: E402  (the tests' own fake clocks)

START = datetime.fromisoformat("2026-11-30T07:00:00+07:00")


def summary(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"{name:40} n={len(ms):4}  median {statistics.median(ms):7.2f} ms  p95 {q[94]:7.2f} ms"
          f"  p99 {q[98]:7.2f} ms")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def centre(counters: int) -> tuple[dict, dict]:
    fields = [("DD", "Đất đai"), ("HT", "Hộ tịch"), ("CT", "Chứng thực"), ("KD", "Đăng ký kinh doanh"),
              ("XD", "Xây dựng"), ("TP", "Tư pháp")]
    config = {"centre": {"name": "Trung tâm Phục vụ hành chính công", "address": "", "timezone": "Asia/Ho_Chi_Minh"},
              "fields": [{"code": c, "name_vi": n, "name_en": c, "numbers": "1-999"} for c, n in fields],
              "counters": [{"number": n, "name": f"Quầy {n}", "location": "Tầng 1", "fields": [c for c, _ in fields],
                            "priority_only": False} for n in range(1, counters + 1)],
              # one repetition: the benchmark waits for each call to end before the next (a shorter run)
              "tables": {"display": {"ticker": ["Giờ làm việc 7:00–17:00", "Đường dây nóng 1900 1234"]},
                         "voice": {"repeat": 1}}}
    snapshot = {"seq": 0, "service_day": "2026-11-30",
                "fields": [{"code": c, "name_vi": n, "name_en": c, "waiting": 0, "estimated_minutes": 0}
                           for c, n in fields],
                "counters": [{"number": n, "name": f"Quầy {n}", "location": "Tầng 1", "fields": [c for c, _ in fields],
                              "priority_only": False, "status": "open", "officer": f"o{n}",
                              "officer_name": f"Cán bộ {n}", "pause_reason": None, "ticket": None}
                             for n in range(1, counters + 1)],
                "recent_calls": []}
    return config, snapshot


class Feed:
    """Events in the wire format, numbered and stamped with the simulated clock."""

    def __init__(self, clocks: Clocks) -> None:
        self.clocks, self.seq = clocks, 0

    def event(self, kind: str, ticket: int = 0, field: str = "DD", label: str = "", counter: int | None = None,
              data: dict | None = None) -> dict:
        self.seq += 1
        return {"seq": self.seq, "at": self.clocks.now().isoformat(), "kind": kind, "service_day": "2026-11-30",
                "ticket_id": ticket or None, "field_code": field, "label": label or None, "counter": counter,
                "username": f"o{counter}" if counter else None, "data": data or {}}


def make_display(players, counters: int = 20):
    from PySide6.QtWidgets import QApplication

    from client.api import ApiClient
    from client.ui.application import make_application
    from client.ui.metrics import Metrics
    from display.layout import panel_dpi
    from display.runtime import DisplayRuntime

    make_application("display")
    clocks = Clocks(START)
    runtime = DisplayRuntime(ApiClient("http://127.0.0.1:9"), Metrics(panel_dpi(1920, 1080, 55)), players,
                             clocks.now, clocks.monotonic)
    config, snapshot = centre(counters)
    runtime.configure(config)
    runtime.session.queue.apply_snapshot(snapshot)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    QApplication.processEvents()

    def send(event: dict) -> None:  # what the session does with a stream message
        runtime.session.stream.event_received.emit(event)

    return runtime, clocks, send


def bench_paint(events: int) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication
    from tests_free_player import InstantPlayer

    runtime, clocks, send = make_display(lambda _v: (InstantPlayer(), True))
    feed = Feed(clocks)
    window = runtime.window
    paints = [0]

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                paints[0] += 1
            return False

    counter_of_paints = Painted()
    window.banner.installEventFilter(counter_of_paints)
    times = []
    for i in range(events):
        counter = 1 + i % 20
        send(feed.event("issued", 1000 + i, label=str(1000 + i)))
        clocks.advance(5)
        window.step_calls()
        QApplication.processEvents()
        painted = paints[0]
        t0 = time.perf_counter()
        send(feed.event("called", 1000 + i, label=str(1000 + i), counter=counter))
        QApplication.processEvents()  # Qt delivers the update requests: the changed widgets repaint
        times.append(time.perf_counter() - t0)
        if paints[0] == painted:
            raise RuntimeError("the call was not painted")
    summary("event -> frame painted (1920x1080)", times)


def bench_audio(plays: int) -> None:
    from bench_voice import start_pulse
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from client.voice.player import QtAudioPlayer

    pulse = start_pulse()
    try:
        player = QtAudioPlayer(volume=80)
        runtime, clocks, send = make_display(lambda _v: (player, True))
        runtime.window.hide()
        feed = Feed(clocks)
        starts: list[float] = []
        player.started.connect(starts.append)
        latencies = []
        for i in range(plays):
            clocks.advance(30)
            t0 = time.perf_counter()
            send(feed.event("called", 1000 + i, label=str(1000 + i), counter=3))
            loop = QEventLoop()
            player.finished.connect(loop.quit)
            QTimer.singleShot(30_000, loop.quit)
            loop.exec()
            player.finished.disconnect(loop.quit)
            if len(starts) == i + 1:
                latencies.append(starts[-1] - t0)
            QApplication.processEvents()
        if latencies:
            summary("event -> first audio frame", latencies)
        else:
            print("event -> first audio frame: no audio output")
    finally:
        if pulse:
            subprocess.run(["pulseaudio", "--kill"], env=pulse[0], timeout=30, check=False)


def bench_cold_start(starts: int) -> None:
    from screenshots_display import busy_morning, prepare

    from bench.serving import qms_server

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        pins, kiosk, key = prepare(data)
        with qms_server(data) as server:
            url = server.url
            busy_morning(url, pins, kiosk)
            times = []
            env = {**os.environ, "QMS_CONFIG_DIR": str(data / "config"), "QT_QPA_PLATFORM": "offscreen"}
            for _ in range(starts):
                t0 = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-m", "qms", "display", "--server", url, "--key", key,
                                         "--windowed", "--silent"], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
                proc.stdout.readline()
                times.append(time.perf_counter() - t0)
                proc.terminate()
                proc.wait(15)
                proc.stdout.close()
            print(f"{'cold start (process start -> state shown)':40} n={len(times):4}  median "
                  f"{statistics.median(times) * 1000:7.0f} ms  max {max(times) * 1000:7.0f} ms")


def bench_day(citizens: int = 1200, counters: int = 20, hours: int = 8) -> None:
    from PySide6.QtWidgets import QApplication
    from tests_free_player import InstantPlayer

    runtime, clocks, send = make_display(lambda _v: (InstantPlayer(), True), counters)
    feed = Feed(clocks)
    window = runtime.window
    rng = random.Random(7)
    fields = ["DD", "HT", "CT", "KD", "XD", "TP"]
    per_hour = citizens // hours
    serving: dict[int, tuple[int, str, str]] = {}
    ticket = 0
    memory = []
    for _hour in range(hours):
        for _ in range(per_hour):
            ticket += 1
            field = rng.choice(fields)
            label = str(1000 + ticket)
            send(feed.event("issued", ticket, field, label))
            counter = 1 + ticket % counters
            if counter in serving:
                tid, f, lab = serving.pop(counter)
                send(feed.event("started", tid, f, lab, counter))
                send(feed.event("finished", tid, f, lab, counter))
            send(feed.event("called", ticket, field, label, counter))
            if rng.random() < 0.1:
                send(feed.event("recalled", ticket, field, label, counter))
            serving[counter] = (ticket, field, label)
            clocks.advance(3600 / per_hour)
            window.step_calls()
            window.repaint()
            QApplication.processEvents()
        memory.append(rss_mb())
    print("resident memory after each hour (MB): " + ", ".join(f"{m:.1f}" for m in memory))
    print(f"hour 8 vs hour 1: {100 * (memory[-1] - memory[0]) / memory[0]:+.1f} %  ({feed.seq} events)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--plays", type=int, default=10)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--only", choices=("paint", "audio", "start", "day"))
    args = parser.parse_args()
    if args.only in (None, "paint"):
        bench_paint(args.events)
    if args.only in (None, "audio"):
        bench_audio(args.plays)
    if args.only in (None, "start"):
        bench_cold_start(args.starts)
    if args.only in (None, "day"):
        bench_day()
    return 0


if __name__ == "__main__":
    sys.exit(main())
