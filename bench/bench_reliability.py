"""Fault figures of the centre server over loopback (docs/reliability.md): a burst of simultaneous PIN
guesses, idle and slow-header connections beyond the limits, an oversized header, and kiosk latency and
server memory while they happen.

The server runs as ``qms server`` in its own process on a fresh sample centre; everything goes to
127.0.0.1 and every step is bounded in count and time.

    python bench/bench_reliability.py [--guesses 300] [--idle 1100] [--slow 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_server import Connection, pct, prepare  # noqa: E402

from bench.serving import qms_command, start_server, stop_server  # noqa: E402
from core.staff import set_pin  # noqa: E402
from core.storage import connect  # noqa: E402


def memory_kb(pid: int) -> tuple[int, int]:
    """(resident now, resident peak) of *pid* in kB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


async def issue_latency(port: int, key: str, count: int) -> list[float]:
    c = Connection(port, key)
    await c.open()
    out = []
    for _ in range(count):
        started = time.perf_counter()
        status, body = await c.post("/api/v1/tickets", {"field": "HT"})
        out.append((time.perf_counter() - started) * 1000)
        assert status == 201, body
    c.writer.close()
    return out


async def login_burst(port: int, guesses: int, key: str) -> dict[str, object]:
    async def attempt(pin: str) -> int:
        c = Connection(port, "-")
        await c.open()
        status, _ = await c.post("/api/v1/auth/login", {"username": "bench0", "pin": pin, "counter": 1})
        c.writer.close()
        return status

    quiet = await issue_latency(port, key, 50)
    tasks = [asyncio.create_task(attempt(f"{1000 + i:04d}")) for i in range(guesses)]
    tasks.append(asyncio.create_task(attempt("123456")))  # the right PIN, last
    during = asyncio.create_task(issue_latency(port, key, 50))
    statuses = await asyncio.gather(*tasks)
    loud = await during
    return {"checked": sum(1 for s in statuses if s in (200, 401)), "refused": statuses.count(429),
            "right_pin_accepted": statuses[-1] == 200, "quiet": quiet, "loud": loud}


def hold_idle(port: int, count: int) -> tuple[int, int, bool, float]:
    """Open *count* connections that send nothing; (accepted and held, answered busy, health answered
    meanwhile, seconds until the server had cut every held one)."""
    socks, busy = [], 0
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.setblocking(False)
        socks.append(s)
    time.sleep(0.5)  # the load generator gives the server a moment to refuse the extra ones
    held = []
    for s in socks:
        try:
            data = s.recv(4096)
            busy += b" 503 " in data
            s.close()
        except BlockingIOError:
            held.append(s)
    try:
        health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        health = False
    started = time.monotonic()
    for s in held:
        s.setblocking(True)
        s.settimeout(60)
        try:
            while s.recv(4096):
                pass
        except (ConnectionResetError, TimeoutError):
            pass
        s.close()
    return len(held), busy, health, time.monotonic() - started


def slow_headers(port: int, count: int) -> tuple[int, float]:
    """*count* connections that start a request and never finish its headers; (cut, seconds to cut all)."""
    socks = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: qms\r\nX-Slow: ")
        socks.append(s)
    started, cut = time.monotonic(), 0
    for s in socks:
        s.settimeout(60)
        try:
            while s.recv(4096):
                pass
            cut += 1
        except ConnectionResetError:
            cut += 1
        except TimeoutError:
            pass
        s.close()
    return cut, time.monotonic() - started


def huge_header(port: int, size: int) -> tuple[int, float]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(30)
        try:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: qms\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    return int(data.split()[1]) if data else 0, (time.perf_counter() - started) * 1000


def figures(name: str, ms: list[float]) -> str:
    return f"{name}: median {statistics.median(ms):.1f} ms, p95 {pct(ms, 0.95):.1f} ms, p99 {pct(ms, 0.99):.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guesses", type=int, default=300)
    parser.add_argument("--idle", type=int, default=1100)
    parser.add_argument("--slow", type=int, default=2000)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))  # the generator's own sockets
    with tempfile.TemporaryDirectory() as tmp:
        data, keys, _ = prepare(Path(tmp), 1)
        db = connect(data.database)
        set_pin(db, "bench0", "123456")
        db.conn.close()
        # the common default limit of 1,024 files: the server raises it to the hard limit itself
        server = start_server(qms_command(data.root),
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard)))
        port = server.port
        try:
            limits = Path(f"/proc/{server.pid}/limits").read_text()
            print("open-file limit of the server:", next(row for row in limits.splitlines() if "open files" in row))
            before = memory_kb(server.pid)
            burst = asyncio.run(login_burst(port, args.guesses, keys[0]))
            after = memory_kb(server.pid)
            print(f"login burst: {args.guesses} wrong PINs + the right one at once for one username: "
                  f"{burst['checked']} PINs checked, {burst['refused']} refused (429), right PIN accepted: "
                  f"{burst['right_pin_accepted']}")
            print(figures("  issue latency, quiet", burst["quiet"]))  # type: ignore[arg-type]
            print(figures("  issue latency, during the burst", burst["loud"]))  # type: ignore[arg-type]
            print(f"  server memory: {before[0] / 1024:.0f} MB before, {after[0] / 1024:.0f} MB after, "
                  f"peak {after[1] / 1024:.0f} MB")
            held, busy, health, seconds = hold_idle(port, args.idle)
            print(f"idle connections: {args.idle} opened, {held} held, {busy} answered 503 busy, "
                  f"health during: {'ok' if health else 'FAILED'}, all held cut after {seconds:.1f} s")
            cut, seconds = slow_headers(port, args.slow)
            print(f"slow headers: {args.slow} connections, {cut} cut within {seconds:.1f} s")
            status, ms = huge_header(port, 32 * 1024 * 1024)
            print(f"32 MiB header: answered {status} after {ms:.0f} ms")
            ok = httpx.post(f"http://127.0.0.1:{port}/api/v1/tickets", json={"field": "DD"},
                            headers={"Authorization": f"Bearer {keys[1]}"}, timeout=10).status_code
            print(f"issue after all of it: {ok}; server memory peak {memory_kb(server.pid)[1] / 1024:.0f} MB")
            print(json.dumps({"load": os.getloadavg()}))
        finally:
            stop_server(server.process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
