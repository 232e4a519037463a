"""Benchmark of the centre server over loopback: durable tickets per second, call-next latency, and the
time from a counter's call request to its event at each of 100 WebSocket clients while kiosks issue.

The server runs as ``qms server`` in its own process; this script is the load generator (16 concurrent
keep-alive HTTP/1.1 connections on a small hand-written client, so the generator costs little CPU).

    python bench/bench_server.py [--tickets 6000] [--calls 200] [--clients 100] [--issue-rate 20] [--history]
                                 [--stream-only]

``--history`` first writes a year of history into the server's database (``bench/year_db.py``: ≈ 250
service days, 200,000 tickets), so the same figures are measured on a centre's database after a year.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import qms_command, start_server, stop_server  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.commands import write_sample  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.device_keys import add_device  # noqa: E402
from core.staff import add_staff  # noqa: E402

FIELDS = ("DD", "HT", "CT", "KD", "XD", "NV", "TP", "YT", "NN", "TH", "BH", "CU")


class Connection:
    """One keep-alive HTTP/1.1 connection: just enough protocol for JSON requests."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.token = token

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def post(self, path: str, body: dict | None = None, method: str = "POST") -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else b""
        self.writer.write(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.token}\r\n"
                          f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return status, await self.reader.readexactly(length)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summary(name: str, ms: list[float]) -> str:
    return (f"{name}: n={len(ms)} median {statistics.median(ms):.2f} ms, p95 {pct(ms, 0.95):.2f} ms, "
            f"p99 {pct(ms, 0.99):.2f} ms")


def prepare(root: Path, officers: int, history: bool = False) -> tuple[DataDir, list[str], str]:
    data = DataDir(root)
    write_sample(data)
    text = data.config.read_text("utf-8")
    text = text.replace('mon-fri = ["07:00-11:30", "13:00-17:00"]\n', 'mon-sun = ["00:00-23:59"]\n', 1)
    text = text.replace('hours = { mon-fri = ["07:00-11:30", "13:00-17:00"], sat = ["07:30-11:30"] }',
                        'hours = { mon-sun = ["00:00-23:59"] }').replace("daily_cap = 400", "daily_cap = 999")
    data.config.write_text(text + "\n[server]\nissue_interval_seconds = 0\nclient_queue = 5000\n", "utf-8")
    clock = SystemClock()
    centre, db = data.open(clock, create=True)
    if history:
        from datetime import timedelta

        from bench.year_db import make_year

        make_year(db, centre, clock.now().astimezone(centre.timezone).date() - timedelta(days=1))
    keys = [add_device(db, clock, "kiosk", f"bench {i}")[1] for i in range(16)]
    display = add_device(db, clock, "display", "bench display")[1]
    for i in range(officers):
        add_staff(db, clock, f"bench{i}", f"Cán bộ {i}", "officer", "1234")
    db.conn.close()
    return data, keys, display


async def issue_load(port: int, keys: list[str], total: int) -> tuple[float, list[float]]:
    conns = [Connection(port, k) for k in keys]
    for c in conns:
        await c.open()
    latencies: list[float] = []
    left = [total]

    async def worker(c: Connection, index: int) -> None:
        n = index
        while left[0] > 0:
            left[0] -= 1
            started = time.perf_counter()
            status, body = await c.post("/api/v1/tickets", {"field": FIELDS[n % len(FIELDS)]})
            latencies.append((time.perf_counter() - started) * 1000)
            assert status == 201, body
            n += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(c, i) for i, c in enumerate(conns)))
    return len(latencies) / (time.perf_counter() - started), latencies


async def health_load(port: int, keys: list[str], count: int) -> float:
    conns = [Connection(port, key) for key in keys]
    for c in conns:
        await c.open()
    left = [count]

    async def worker(c: Connection) -> None:
        while left[0] > 0:
            left[0] -= 1
            status, body = await c.post("/api/v1/health", method="GET")
            assert status == 200, body

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    return count / (time.perf_counter() - started)


async def call_next_load(port: int, tokens: dict[int, str], per_counter: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    async def worker(counter: int, token: str) -> None:
        c = Connection(port, token)
        await c.open()
        for _ in range(per_counter):
            started = time.perf_counter()
            status, body = await c.post(f"/api/v1/counters/{counter}/call-next")
            latencies.append((time.perf_counter() - started) * 1000)
            assert status == 200, body
            ticket = json.loads(body)["ticket"]
            if ticket:
                await c.post(f"/api/v1/counters/{counter}/tickets/{ticket['id']}/no-show")

    started = time.perf_counter()
    await asyncio.gather(*(worker(n, t) for n, t in tokens.items()))
    return len(latencies) / (time.perf_counter() - started), latencies


async def kiosks_issuing(port: int, keys: list[str], rate: float, stop: asyncio.Event) -> int:
    """Kiosks issuing *rate* tickets a second in all, spread over *keys*, until *stop* is set."""
    if rate <= 0:
        return 0
    conns = [Connection(port, k) for k in keys]
    for c in conns:
        await c.open()
    issued = [0]

    async def kiosk(c: Connection, index: int) -> None:
        interval = len(conns) / rate
        await asyncio.sleep(interval * index / len(conns))  # spread, not in step
        while not stop.is_set():
            started = time.perf_counter()
            status, body = await c.post("/api/v1/tickets", {"field": FIELDS[(issued[0] + index) % len(FIELDS)]})
            assert status == 201, body
            issued[0] += 1
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))

    await asyncio.gather(*(kiosk(c, i) for i, c in enumerate(conns)))
    return issued[0]


async def fan_out(port: int, display: str, token: str, counter: int, kiosks: list[str], clients: int,
                  calls: int, issue_rate: float) -> tuple[list[float], int]:
    """Latency from a call request to its ``called`` event at each of *clients* WebSocket clients, while
    *kiosks* issue *issue_rate* tickets a second (their events reach every client too)."""
    sockets = [await connect(f"ws://127.0.0.1:{port}/api/v1/events?token={display}", max_queue=None)
               for _ in range(clients)]
    for ws in sockets:
        assert json.loads(await ws.recv())["type"] == "reload"
    counter_conn, kiosk_conn = Connection(port, token), Connection(port, kiosks[0])
    await counter_conn.open()
    await kiosk_conn.open()
    stop = asyncio.Event()
    background = asyncio.create_task(kiosks_issuing(port, kiosks[1:], issue_rate, stop))
    latencies: list[float] = []
    for _ in range(calls):
        status, body = await kiosk_conn.post("/api/v1/tickets", {"field": "NV"})
        assert status == 201, body
        label = json.loads(body)["ticket"]["label"]
        started = time.perf_counter()
        arrivals: list[float] = []

        async def receive(ws: object, arrivals: list[float] = arrivals) -> None:
            while True:  # past the kiosks' issued events and the previous call's no-show
                text = await ws.recv()  # type: ignore[attr-defined]
                if '"kind":"called"' in text:  # decoded only when it matters: the generator shares the CPU
                    arrivals.append(time.perf_counter())
                    return

        waiting = [asyncio.create_task(receive(ws)) for ws in sockets]
        status, body = await counter_conn.post(f"/api/v1/counters/{counter}/call", {"label": label, "field": "NV"})
        assert status == 200, body
        await asyncio.gather(*waiting)
        latencies.extend((t - started) * 1000 for t in arrivals)
        ticket = json.loads(body)["ticket"]
        await counter_conn.post(f"/api/v1/counters/{counter}/tickets/{ticket['id']}/no-show")
    stop.set()
    issued = await background
    for ws in sockets:
        await ws.close()
    return latencies, issued


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=6000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--issue-rate", type=float, default=20.0,
                        help="tickets a second the kiosks issue while the stream is measured")
    parser.add_argument("--stream-only", action="store_true", help="measure the event stream only")
    parser.add_argument("--history", action="store_true", help="a year of history in the database first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, keys, display = prepare(Path(tmp), 14, args.history)
        server = start_server(qms_command(data.root))
        port = server.port
        try:
            if not args.stream_only:
                health_rate = asyncio.run(health_load(port, keys, args.tickets))
                print(f"health: {health_rate:.0f} requests/s with 16 concurrent connections "
                      "(the HTTP stack and one read, no write: the ceiling for any endpoint here)")
                rate, issue_ms = asyncio.run(issue_load(port, keys, args.tickets))
                print(f"issue: {rate:.0f} durable tickets/s with 16 concurrent connections")
                print(summary("issue latency", issue_ms))
            tokens = {}
            for n in range(1, 15):
                r = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login",
                               json={"username": f"bench{n - 1}", "pin": "1234", "counter": n})
                tokens[n] = r.json()["token"]
            if not args.stream_only:
                call_rate, call_ms = asyncio.run(call_next_load(port, tokens, 100))
                print(f"call-next: {call_rate:.0f} calls/s from 14 counters")
                print(summary("call-next latency", call_ms))
            fan_ms, issued = asyncio.run(fan_out(port, display, tokens[10], 10, keys[:5], args.clients, args.calls,
                                                 args.issue_rate))
            print(summary(f"call request → event at each of {args.clients} WebSocket clients "
                          f"(4 kiosks issuing {issued} tickets meanwhile)", fan_ms))
        finally:
            stop_server(server.process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
