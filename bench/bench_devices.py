"""Benchmark of the device bridge: key press → number on the counter's LED sign, through the real server.

``qms server`` runs in its own process on loopback. The bridge runs in this process and serves a virtual
bus (a pseudo-terminal pair) of reference keypads and signs that answer after the time their bytes take on
a real line at 115200 baud (8N1). Latency is from the moment a key is pressed on the keypad (it then waits
for its next poll) to the moment the sign has the new number.

1. One counter: the officer presses Gọi tiếp with the previous citizen in hand (the bridge sends start,
   finish and call-next), ``--presses`` times.
2. Morning burst: ``--keypads`` keypads and as many signs, all logged in; at once every officer presses
   Gọi tiếp, then again a moment (0.2-2 s) after their sign shows the number, ``--rounds`` times. Run on
   one bus, and on ``--buses`` buses served by the same bridge.

    python bench/bench_devices.py [--presses 100] [--keypads 70] [--rounds 5] [--buses 5]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.clock import SystemClock  # noqa: E402
from core.commands import write_sample  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.device_keys import add_device  # noqa: E402
from core.staff import add_staff  # noqa: E402
from devices.protocol import Frame  # noqa: E402
from devices.reference import ReferenceKeypad, ReferenceSign  # noqa: E402
from devices.virtual import VirtualBus  # noqa: E402

FIELDS = ("DD", "HT", "CT", "KD", "XD", "NV", "TP", "YT", "NN", "TH", "BH", "CU")
PIN = "2468"
BAUD = 115200


class TimedSign(ReferenceSign):
    """A reference sign that notes when each new text arrived."""

    def __init__(self, address: int) -> None:
        super().__init__(address)
        self.shown_at: list[tuple[float, str]] = []
        self.changed = threading.Condition()

    def command(self, frame: Frame, now: float) -> Frame | None:
        if frame.command == "S" and frame.data != self.text:
            with self.changed:
                self.shown_at.append((time.perf_counter(), frame.data))
                self.changed.notify_all()
        return super().command(frame, now)

    def shown_after(self, before: int, timeout: float) -> float:
        """When the text after the *before*-th change arrived."""
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.shown_at) > before, timeout):
                raise SystemExit(f"sign {self.address:02X} showed nothing new in {timeout} s")
            return self.shown_at[before][0]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summary(name: str, ms: list[float]) -> str:
    if not ms:
        return f"{name}: nothing measured"
    return (f"{name}: n={len(ms)} median {statistics.median(ms):.1f} ms, p95 {pct(ms, 0.95):.1f} ms, "
            f"p99 {pct(ms, 0.99):.1f} ms, max {max(ms):.1f} ms")


def prepare(root: Path, counters: int) -> tuple[DataDir, str, str]:
    """The sample centre with *counters* counters (each with an officer benchN, PIN 2468), open all day."""
    data = DataDir(root)
    write_sample(data)
    text = data.config.read_text("utf-8")
    text = text.replace('mon-fri = ["07:00-11:30", "13:00-17:00"]\n', 'mon-sun = ["00:00-23:59"]\n', 1)
    text = text.replace('hours = { mon-fri = ["07:00-11:30", "13:00-17:00"], sat = ["07:30-11:30"] }',
                        'hours = { mon-sun = ["00:00-23:59"] }').replace("daily_cap = 400", "daily_cap = 999")
    extra = "".join(f'\n[[counters]]\nnumber = {n}\nfields = ["{FIELDS[n % len(FIELDS)]}"]\n'
                    for n in range(15, counters + 1))
    data.config.write_text(text + extra + "\n[server]\nissue_interval_seconds = 0\n", "utf-8")
    clock = SystemClock()
    _, db = data.open(clock)
    kiosk = add_device(db, clock, "kiosk", "bench kiosk")[1]
    display = add_device(db, clock, "display", "bench bridge")[1]
    for n in range(1, counters + 1):
        add_staff(db, clock, f"bench{n}", f"Cán bộ {n}", "officer", PIN)
    db.conn.close()
    return data, kiosk, display


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(predicate, timeout: float, what: str, every: float = 0.002) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(every)


class Rig:
    """``qms bridge`` in its own process serving *buses* virtual buses of keypads and signs (this process
    plays the devices, with the line's timing)."""

    def __init__(self, tmp: Path, url: str, display_key: str, counters: list[int], buses: int) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.keypads = {c: ReferenceKeypad(c) for c in counters}
        self.signs = {c: TimedSign(0x80 + c) for c in counters}
        groups = [counters[i::buses] for i in range(buses)]
        self.virtual = [VirtualBus(tmp / f"ttyBENCH{i}", [*(self.keypads[c] for c in g), *(self.signs[c] for c in g)],
                                   baudrate=BAUD) for i, g in enumerate(groups)]
        self.bus_of = {c: v for v, g in zip(self.virtual, groups, strict=True) for c in g}
        for v in self.virtual:
            v.plug()
        officers = "".join(f'{c} = "bench{c}"\n' for c in counters)
        bus_tables = "".join(
            f'[[devices.buses]]\nport = "{v.url}"\nbaudrate = {BAUD}\n'
            f'keypads = [{", ".join(f"{{ address = {c}, counter = {c} }}" for c in g)}]\n'
            f'signs = [{", ".join(f"{{ address = {0x80 + c}, counter = {c} }}" for c in g)}]\n'
            for v, g in zip(self.virtual, groups, strict=True))
        # The simulated devices answer from a thread of this process, which a loaded machine may not run for
        # tens of milliseconds: a wide answer window keeps that from looking like a silent device.
        (tmp / "centre.toml").write_text(f'[devices]\nserver = "{url}"\ndead_seconds = 30\npoll_timeout_ms = 200\n'
                                         f"[devices.officers]\n{officers}{bus_tables}", "utf-8")
        self.log = (tmp / "bridge.log").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "qms", "bridge", "--data", str(tmp), "--verbose"], cwd=ROOT,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "QMS_DEVICE_KEY": display_key, "QMS_LANG": "en"})
        self.tmp = tmp
        wait(lambda: all(k.frames > 1 for k in self.keypads.values()) or self.proc.poll() is not None, 60,
             "every keypad polled")
        assert self.proc.poll() is None, (tmp / "bridge.log").read_text()

    def press(self, counter: int, keys: str) -> float:
        started = time.perf_counter()
        assert self.bus_of[counter].press(counter, keys), "keypad offline"
        return started

    def close(self) -> str:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()
        for v in self.virtual:
            v.unplug()
        text = (self.tmp / "bridge.log").read_text("utf-8", "replace")
        Path(tempfile.gettempdir(), f"bench-devices-{self.tmp.name}.log").write_text(text, "utf-8")
        return text

    def device_errors(self) -> int:
        """Frames the devices' side had to throw away."""
        return sum(v.parser.errors.total() for v in self.virtual)


def log_in(rig: Rig, http: httpx.Client, display: str, counters: list[int]) -> None:
    """Every officer types code and PIN; one whose counter is not open after 15 s types them again (as an
    officer whose keypad still shows PIN would)."""
    def missing() -> list[int]:
        snap = http.get("/api/v1/snapshot", headers={"Authorization": f"Bearer {display}"}).json()
        return [row["number"] for row in snap["counters"] if row["number"] in counters and not row["officer"]]

    left = list(counters)
    for _ in range(20):
        for c in left:
            rig.press(c, f"{c}*{PIN}#")
        deadline = time.monotonic() + 15
        while (left := missing()) and time.monotonic() < deadline:
            time.sleep(0.5)  # a PIN check is slow by design: do not crowd the server
        if not left:
            return
    raise SystemExit(f"counters {left} never logged in")


def issue(http: httpx.Client, kiosk: str, fields: list[str]) -> None:
    for f in fields:
        r = http.post("/api/v1/tickets", json={"field": f}, headers={"Authorization": f"Bearer {kiosk}"})
        assert r.status_code == 201, r.text


def one_counter(rig: Rig, presses: int, finish_first: bool) -> list[float]:
    sign, latencies = rig.signs[1], []
    for _ in range(presses):
        if finish_first:  # the officer pressed Kết thúc earlier: Gọi tiếp is one request
            rig.press(1, "F")
            time.sleep(0.2)
        before = len(sign.shown_at)
        started = rig.press(1, "N")
        latencies.append((sign.shown_after(before, 10) - started) * 1000)
        time.sleep(random.uniform(0.0, 0.05))  # the next press does not line up with the poll round
    return latencies


def burst(rig: Rig, counters: list[int], rounds: int, rng: random.Random) -> tuple[list[float], float]:
    """Every officer presses at once, then again 0.2-2 s after their sign changed, *rounds* times."""
    latencies: list[float] = []
    lock = threading.Lock()

    def officer(c: int) -> None:
        sign = rig.signs[c]
        for _ in range(rounds):
            before = len(sign.shown_at)
            started = rig.press(c, "N")
            shown = sign.shown_after(before, 60)
            with lock:
                latencies.append((shown - started) * 1000)
            time.sleep(rng.uniform(0.2, 2.0))

    started = time.perf_counter()
    threads = [threading.Thread(target=officer, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--keypads", type=int, default=70)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--buses", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    counters = list(range(1, args.keypads + 1))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data, kiosk, display = prepare(tmp / "data", max(args.keypads, 14))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "qms", "server", "--data", str(data.root), "--host",
                                   "127.0.0.1", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        http = httpx.Client(base_url=url, timeout=30)
        try:
            wait(lambda: _up(http), 60, "the server")
            # 1. one counter, one keypad and one sign on the bus
            issue(http, kiosk, ["DD"] * (2 * args.presses + 2))
            rig = Rig(tmp / "one", url, display, [1], 1)
            log_in(rig, http, display, [1])
            rig.press(1, "N")  # a citizen in hand to start from
            time.sleep(1)
            print(summary("one counter, Gọi tiếp with the citizen in hand (start, finish, call-next) → sign",
                          one_counter(rig, args.presses, finish_first=False)))
            print(summary("one counter, Gọi tiếp after Kết thúc (call-next) → sign",
                          one_counter(rig, args.presses, finish_first=True)))
            report(rig.close())
            # 2. morning burst on one bus, then on several
            config = http.get("/api/v1/config", headers={"Authorization": f"Bearer {display}"}).json()
            first_field = {row["number"]: row["fields"][0] for row in config["counters"]}
            for buses in (1, args.buses):
                # each counter's first field gets what that counter will call, and a margin
                issue(http, kiosk, [first_field[c] for c in counters for _ in range(args.rounds + 2)])
                rig = Rig(tmp / f"b{buses}", url, display, counters, buses)
                try:
                    log_in(rig, http, display, counters)
                except SystemExit:
                    print(rig.close()[-3000:])
                    raise
                latencies, seconds = burst(rig, counters, args.rounds, rng)
                print(summary(f"morning burst, {len(counters)} keypads on {buses} bus(es)", latencies)
                      + f"; {len(latencies) / seconds:.1f} calls/s over {seconds:.1f} s;"
                        f" frames the devices threw away {rig.device_errors()}")
                report(rig.close())
        finally:
            http.close()
            server.terminate()
            server.wait(30)


def report(log: str) -> None:
    """What the bridge logged that is not routine: frames it threw away, dead devices, lost ports."""
    odd = [line for line in log.splitlines() if "ignored" in line or "does not answer" in line or "lost" in line]
    steps = [float(line.rsplit(" in ", 1)[1].split()[0]) for line in log.splitlines()
             if line.endswith(" ms") and " in " in line]
    if steps:
        print("  " + summary("each request to the server, seen by the bridge", steps))
    print(f"  bridge log: {len(odd)} unusual line(s)" + "".join(f"\n    {line}" for line in odd[:5]))


def _up(http: httpx.Client) -> bool:
    try:
        return http.get("/api/v1/health").status_code == 200
    except httpx.HTTPError:
        return False


if __name__ == "__main__":
    main()
