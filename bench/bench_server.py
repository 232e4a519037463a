"""Benchmark of the centre server over loopback: durable tickets per second, call-next latency, and the
time from a counter's call request to its event at each of 100 WebSocket clients while kiosks issue.

The server runs as ``qms server`` in its own process; this script is the load generator (16 concurrent
keep-alive HTTP/1.1 connections on a small hand-written client, so the generator costs little CPU).

    python bench/bench_server.py [--tickets 6000] [--calls 200] [--clients 100] [--issue-rate 20] [--history]
                                 [--stream-only] [--readers raw,websockets] [--server-from DIR]

``--history`` first writes a year of history into the server's database (``bench/year_db.py``: ≈ 250
service days, 200,000 tickets), so the same figures are measured on a centre's database after a year.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import qms_command, start_server, stop_server  # noqa: E402
from bench.ws_reader import open_reader  # noqa: E402
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


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """CPU time (user + system) of process *pid*, or of its thread *thread*, from ``/proc``."""
    path = f"/proc/{pid}/task/{thread}/stat" if thread else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Listeners:
    """*count* clients of the event stream that note when each receives a ``called`` event.

    ``raw`` is the cheap reader of bench/ws_reader.py; ``websockets`` is the full client the benchmark
    used before (kept to compare: it costs the generator several times more per message)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.arrivals: list[float] = []
        self.expected = 0
        self.all_in = asyncio.Event()

    async def open(self, port: int, display: str, count: int) -> None:
        path = f"/api/v1/events?token={display}"
        self.expected = count
        if self.kind == "raw":
            self.readers = [await open_reader(port, path, b'"kind":"called"', self._arrived) for _ in range(count)]
            for r in self.readers:
                assert r.first is not None and r.first.startswith(b'{"type":"reload"')
            return
        self.sockets = [await connect(f"ws://127.0.0.1:{port}{path}", max_queue=None) for _ in range(count)]
        for ws in self.sockets:
            assert json.loads(await ws.recv())["type"] == "reload"
        self.tasks = [asyncio.create_task(self._receive(ws)) for ws in self.sockets]

    def _arrived(self, at: float) -> None:
        self.arrivals.append(at)
        if len(self.arrivals) >= self.expected:
            self.all_in.set()

    async def _receive(self, ws: object) -> None:
        while True:  # past the kiosks' issued events and the calls' no-shows
            text = await ws.recv()  # type: ignore[attr-defined]
            if '"kind":"called"' in text:  # decoded only when it matters
                self._arrived(time.perf_counter())

    async def wait_call(self) -> list[float]:
        """The arrival times of the next ``called`` event at every client."""
        await self.all_in.wait()
        arrivals, self.arrivals = self.arrivals, []
        self.all_in.clear()
        return arrivals

    async def close(self) -> None:
        if self.kind == "raw":
            for r in self.readers:
                r.close()
            await asyncio.wait([asyncio.ensure_future(r.closed) for r in self.readers], timeout=5)
            for r in self.readers:
                r.transport.abort()
            return
        for task in self.tasks:
            task.cancel()
        for ws in self.sockets:
            await ws.close()


@dataclass
class FanOut:
    """What one stream run measured: each delivery's latency, and where it went."""

    latencies: list[float]
    first: list[float]  # per call: request → the first client's arrival
    spread: list[float]  # per call: the first client's arrival → the last one's
    answered: list[float]  # per call: request → the counter's HTTP answer
    issued: int
    generator_cpu: float  # seconds of this process's CPU over the run
    server_cpu: float
    loop_cpu: float  # the server's event-loop thread alone
    seconds: float


class Calling:
    """A counter calling numbers by label while *kiosks* issue *issue_rate* tickets a second, and *clients*
    stream listeners on the display's credential hearing each call (``bench_server`` and
    ``stream_timeline`` measure the same calls)."""

    def __init__(self, port: int, display: str, token: str, counter: int, kiosks: list[str], clients: int,
                 issue_rate: float, reader: str) -> None:
        self.port, self.display, self.counter, self.clients = port, display, counter, clients
        self.kiosks, self.issue_rate = kiosks, issue_rate
        self.listeners = Listeners(reader)
        self.counter_conn, self.kiosk_conn = Connection(port, token), Connection(port, kiosks[0])
        self.stop = asyncio.Event()
        self.background: asyncio.Task[int] | None = None

    async def open(self) -> None:
        await self.listeners.open(self.port, self.display, self.clients)
        await self.counter_conn.open()
        await self.kiosk_conn.open()
        self.background = asyncio.create_task(kiosks_issuing(self.port, self.kiosks[1:], self.issue_rate,
                                                             self.stop))

    async def call(self) -> tuple[float, float, list[float]]:
        """Issue a ticket, call it by its label, wait until every client heard the call, then mark it a
        no-show: when the call was sent, when its answer came, when each client heard it."""
        status, body = await self.kiosk_conn.post("/api/v1/tickets", {"field": "NV"})
        assert status == 201, body
        label = json.loads(body)["ticket"]["label"]
        started = time.perf_counter()
        status, body = await self.counter_conn.post(f"/api/v1/counters/{self.counter}/call",
                                                    {"label": label, "field": "NV"})
        answered = time.perf_counter()
        assert status == 200, body
        arrivals = await self.listeners.wait_call()
        ticket = json.loads(body)["ticket"]
        await self.counter_conn.post(f"/api/v1/counters/{self.counter}/tickets/{ticket['id']}/no-show")
        return started, answered, arrivals

    async def close(self) -> int:
        """Stop the kiosks and the listeners; the tickets the kiosks issued meanwhile."""
        self.stop.set()
        issued = await self.background if self.background is not None else 0
        await self.listeners.close()
        return issued


async def fan_out(port: int, server_pid: int, display: str, token: str, counter: int, kiosks: list[str],
                  clients: int, calls: int, issue_rate: float, reader: str) -> FanOut:
    """Latency from a call request to its ``called`` event at each of *clients* WebSocket clients, while
    *kiosks* issue *issue_rate* tickets a second (their events reach every client too)."""
    calling = Calling(port, display, token, counter, kiosks, clients, issue_rate, reader)
    await calling.open()
    out = FanOut([], [], [], [], 0, 0.0, 0.0, 0.0, 0.0)
    cpu, server, loop, wall = (time.process_time(), cpu_seconds(server_pid), cpu_seconds(server_pid, server_pid),
                               time.perf_counter())
    for _ in range(calls):
        started, answered, arrivals = await calling.call()
        out.answered.append((answered - started) * 1000)
        out.latencies.extend((t - started) * 1000 for t in arrivals)
        out.first.append((min(arrivals) - started) * 1000)
        out.spread.append((max(arrivals) - min(arrivals)) * 1000)
    out.generator_cpu, out.seconds = time.process_time() - cpu, time.perf_counter() - wall
    out.server_cpu, out.loop_cpu = cpu_seconds(server_pid) - server, cpu_seconds(server_pid, server_pid) - loop
    out.issued = await calling.close()
    return out


def report_fan_out(clients: int, reader: str, run: FanOut) -> None:
    print(summary(f"call request → event at each of {clients} WebSocket clients ({reader} reader; 4 kiosks "
                  f"issuing {run.issued} tickets meanwhile)", run.latencies))
    print("  " + summary("request → the counter's answer", run.answered))
    print("  " + summary("request → the first client's event", run.first))
    print("  " + summary("first client's event → the last one's", run.spread))
    print(f"  CPU over {run.seconds:.1f} s: load generator {run.generator_cpu:.2f} s, server {run.server_cpu:.2f} s "
          f"(its event loop {run.loop_cpu:.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=6000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--issue-rate", type=float, default=20.0,
                        help="tickets a second the kiosks issue while the stream is measured")
    parser.add_argument("--stream-only", action="store_true", help="measure the event stream only")
    parser.add_argument("--readers", default="raw",
                        help="the stream's clients, comma-separated runs: raw (bench/ws_reader.py: cheap), "
                             "websockets (the full client the figures before 2026-11-30 21:00 UTC used)")
    parser.add_argument("--history", action="store_true", help="a year of history in the database first")
    parser.add_argument("--server-from", type=Path, default=ROOT, metavar="DIR",
                        help="run the server from this source tree (e.g. an older commit's, from git archive) "
                             "to compare code side by side with the same load generator")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, keys, display = prepare(Path(tmp), 14, args.history)
        server = start_server(qms_command(data.root), cwd=args.server_from)
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
            for reader in args.readers.split(","):
                run = asyncio.run(fan_out(port, server.pid, display, tokens[10], 10, keys[:5], args.clients,
                                          args.calls, args.issue_rate, reader))
                report_fan_out(args.clients, reader, run)
        finally:
            stop_server(server.process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
