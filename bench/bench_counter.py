"""Benchmark of the counter app against a real server on loopback.

    python bench/bench_counter.py [--calls 200] [--starts 10]

Prints, with median, p95 and p99:

- press → ticket shown: from the "Gọi tiếp" button's click until the counter window shows the new number
  (target p95 ≤ 100 ms);
- press → event at another client: until a second client — a display's WebSocket in another process,
  as a wall TV would be — has the ``called`` event of that ticket (wall-clock times of one machine; target
  p99 ≤ 50 ms);
- cold start → login screen: a fresh ``python`` process running the counter app until its login screen
  lists the centre's counters (target ≤ 1.5 s).

Offscreen (no display needed). The server is ``qms server`` in a subprocess on a free port, in a
temporary folder made with ``qms init``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

COLD = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from counter.app import main

def ready(app):
    def check():
        if app.login is not None and app.login.centre is not None:
            print("ready", flush=True)
            QApplication.quit()
        else:
            QTimer.singleShot(5, check)
    check()

main(sys.argv[1], 1, "vi", ready=ready)
"""

# The other client: a display's event stream in its own process, printing when each call arrives.
LISTENER = """
import json, sys, time
from websockets.sync.client import connect

with connect(sys.argv[1]) as ws:
    print("connected", flush=True)
    for message in ws:
        body = json.loads(message)
        if body.get("type") == "event" and body["event"]["kind"] == "called":
            print(body["event"]["ticket_id"], repr(time.time()), flush=True)
"""


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def row(name: str, values: list[float]) -> str:
    return (f"| {name} | {statistics.median(values):.1f} ms | {pct(values, 95):.1f} ms | {pct(values, 99):.1f} ms"
            f" | {len(values)} |")


def cold_starts(url: str, config: Path, runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds from starting a fresh interpreter until its login screen lists the counters, and the
    CPU time that process used (user + system; on a loaded machine the wall time mostly waits for a core)."""
    env = {**os.environ, "QMS_CONFIG_DIR": str(config), "QT_QPA_PLATFORM": "offscreen"}
    out: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", COLD, url], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        assert child.stdout is not None
        line = child.stdout.readline()
        out.append((time.perf_counter() - began) * 1000)
        child.wait(30)
        child.stdout.close()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime) * 1000)
        if line.strip() != "ready":
            raise SystemExit("the counter app did not reach its login screen")
    return out, cpu


def qms(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "qms", *args], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--starts", type=int, default=10)
    args = parser.parse_args()

    from PySide6.QtCore import QCoreApplication, QEventLoop

    from client.api import ApiClient
    from client.ui.application import make_application
    from client.ui.settings import AppSettings
    from counter.app import CounterApp
    from counter.settings import SCHEMA

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "centre"
        pins = dict(re.findall(r"^\s+(\w+)\s+(\d{4,})\s", qms("init", "--data", str(data)), re.MULTILINE))
        config = data / "centre.toml"
        text = re.sub(r"^hours = \{.*\}$", "", config.read_text("utf-8"), flags=re.MULTILINE)
        text = re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', text)
        config.write_text("[server]\nissue_interval_seconds = 0\n\n" + text, "utf-8")
        keys = [re.findall(r"^(qmsd_\S+)$", qms("device", "add", kind, name, "--data", str(data)), re.MULTILINE)[-1]
                for kind, name in (("kiosk", "Ki-ốt"), ("display", "Màn hình"))]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "qms", "server", "--data", str(data), "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        qt, metrics = make_application("counter")

        def wait(predicate: Callable[[], object], seconds: float = 30.0) -> None:
            deadline = time.monotonic() + seconds
            while not predicate():
                if time.monotonic() > deadline:
                    raise SystemExit("timed out")
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        try:
            wait(up)
            kiosk = ApiClient(url, keys[0])
            for _ in range(args.calls):
                call = kiosk.issue_ticket("DD")
                wait(lambda c=call: c.done)
            seq = kiosk.health()
            wait(lambda: seq.done)
            ws_url = f"ws://127.0.0.1:{port}/api/v1/events?since={seq.result['seq']}&token={keys[1]}"
            listener = subprocess.Popen([sys.executable, "-c", LISTENER, ws_url], stdout=subprocess.PIPE, text=True)
            assert listener.stdout is not None and listener.stdout.readline().strip() == "connected"
            settings = AppSettings("counter", SCHEMA, path=Path(tmp) / "counter.toml")
            settings.update({"server": url, "counter": 1})
            app = CounterApp(settings, metrics, "vi")
            login = app.start()
            wait(lambda: login.centre is not None and not login.busy)
            login.username.setText("nguyenvanan")
            login.pin.setText(pins["nguyenvanan"])
            login.submit()
            wait(lambda: app.desk is not None and app.desk.view is not None and app.session.online)
            desk, window = app.desk, app.window
            shown: list[float] = []
            pressed_at: dict[int, float] = {}
            for _ in range(args.calls):
                # An officer presses when the screen is still: the previous answer and its reads are in.
                wait(lambda: desk.enabled("call_next") and not desk._loading and not desk.refresh_timer.isActive())
                before = window.ticket.number.text()
                pressed, wall = time.perf_counter(), time.time()
                window.buttons["call_next"][0].click()
                wait(lambda b=before: window.ticket.number.text() not in (b, "—"))
                shown.append((time.perf_counter() - pressed) * 1000)
                pressed_at[desk.current["id"]] = wall
                wait(lambda: desk.enabled("no_show"))
                desk.no_show()
                wait(lambda: not desk.busy and desk.current is None)
            app.session.stop()
            elsewhere: list[float] = []
            for _ in range(args.calls):
                ticket, at = listener.stdout.readline().split()
                elsewhere.append((float(at) - pressed_at[int(ticket)]) * 1000)
            listener.terminate()
            listener.wait(10)
            listener.stdout.close()
            starts, start_cpu = cold_starts(url, Path(tmp) / "cold", args.starts)
        finally:
            server.terminate()
            server.wait(15)

    print("| what | median | p95 | p99 | n |")
    print("|---|---|---|---|---|")
    print(row("press → ticket shown at the counter", shown))
    print(row("press → `called` event at another client", elsewhere))
    print(row("cold start → login screen with the counters", starts))
    print(row("  CPU time of that process (user + system)", start_cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
