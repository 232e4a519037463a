"""The server's cost per request, side by side with the naive app (``bench/naive_app.py``): durable
tickets per second at 1, 4, 16 and 64 keep-alive connections and ``GET /api/v1/health`` at 16, and the
server process's CPU time per request (from ``/proc``: far less sensitive to a loaded machine than the
rates). The servers run at once, each in its own process, and are measured in turn, round after round,
so a change in the machine's load falls on all of them alike.

    python bench/bench_cost.py [--requests 1500] [--rounds 3] [--history] [--floor] [--only naive,qms]

``--history`` adds a third server, ``qms`` on a copy of the centre with a year of history
(``bench/year_db.py``: ≈ 250 service days, 200,000 tickets), for the issue rate with and without it.
``--floor`` adds ``bench/floor_app.py`` twice: ``floor`` answers at once, ``floor-wait`` after a hand-off
to a thread that waits as long as an fsync (``--floor-wait`` seconds), as the server's writer does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_server import FIELDS, Connection, pct, prepare  # noqa: E402
from bench.serving import free_port, start_server, stop_server  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.device_keys import add_device  # noqa: E402

CONCURRENCY = (1, 4, 16, 64)
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process *pid* and all its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def loop_cpu(pid: int) -> float:
    """CPU seconds so far of process *pid*'s main thread: the event loop (HTTP, the framework, routes)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Server:
    """One server under test: its process, port and the keys its clients use."""

    name: str
    command: list[str]
    keys: list[str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    cwd: Path = ROOT

    def start(self) -> None:
        self.process = start_server(self.command, self.port, self.cwd).process

    def stop(self) -> None:
        if self.process is not None:
            stop_server(self.process)


@dataclass
class Sample:
    rate: float
    cpu_ms: float
    latencies: list[float]
    threads_ms: dict[str, float]


async def load(port: int, keys: list[str], connections: int, total: int, health: bool) -> tuple[float, list[float]]:
    conns = [Connection(port, keys[i % len(keys)]) for i in range(connections)]
    for c in conns:
        await c.open()
    latencies: list[float] = []
    left = [total]

    async def worker(c: Connection, n: int) -> None:
        while left[0] > 0:
            left[0] -= 1
            started = time.perf_counter()
            if health:
                status, body = await c.post("/api/v1/health", method="GET")
            else:
                status, body = await c.post("/api/v1/tickets", {"field": FIELDS[n % len(FIELDS)]})
            latencies.append((time.perf_counter() - started) * 1000)
            assert status == (200 if health else 201), body
            n += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(c, i) for i, c in enumerate(conns)))
    rate = total / (time.perf_counter() - started)
    for c in conns:
        c.writer.close()
    return rate, latencies


def measure(server: Server, connections: int, total: int, health: bool) -> Sample:
    assert server.process is not None
    before, loop_before = cpu_seconds(server.process.pid), loop_cpu(server.process.pid)
    rate, latencies = asyncio.run(load(server.port, server.keys, connections, total, health))
    cpu = cpu_seconds(server.process.pid) - before
    loop = loop_cpu(server.process.pid) - loop_before
    # The process's own figure keeps the time of threads that have ended (the naive app's thread pool).
    by_thread = {"loop": loop * 1000 / total, "threads": (cpu - loop) * 1000 / total}
    return Sample(rate, cpu * 1000 / total, latencies, by_thread)


def qms_centre(root: Path, history: bool) -> tuple[Path, list[str]]:
    """A centre for the bench: the sample's fields open all day with room for 99,999 numbers each."""
    data, keys, _ = prepare(root, 0, history)
    text = re.sub(r'numbers = "(\d)001-\d999"', r'numbers = "\g<1>00001-\g<1>99999"', data.config.read_text("utf-8"))
    data.config.write_text(text.replace("daily_cap = 999", "daily_cap = 99999"), "utf-8")
    _, db = DataDir(root).open(SystemClock())
    keys += [add_device(db, SystemClock(), "kiosk", f"bench {i}")[1] for i in range(len(keys), max(CONCURRENCY))]
    db.conn.close()
    return root, keys


def qms_centre_of(checkout: Path, root: Path) -> tuple[Path, list[str]]:
    """:func:`qms_centre` made by *checkout*'s own code: its server refuses a database that a newer version
    has migrated, and this one's migrations may be newer."""
    script = ("import json, sys; from pathlib import Path; from bench.bench_cost import qms_centre; "
              "print(json.dumps(qms_centre(Path(sys.argv[1]), False)[1]))")
    out = subprocess.run([sys.executable, "-c", script, str(root)], cwd=checkout.resolve(), check=True,
                         capture_output=True, text=True).stdout
    return root, json.loads(out.strip().splitlines()[-1])


def run_rounds(servers: list[Server], whats: list[str], rounds: int, requests: int
               ) -> dict[tuple[str, str], list[Sample]]:
    """Start *servers*, measure each of *whats* (``"issue 4"``, ``"health 16"``) on every server in turn,
    round after round (each round starting from the next server), and stop them."""
    samples: dict[tuple[str, str], list[Sample]] = {}
    try:
        for s in servers:
            s.start()
        print(f"load average at start: {os.getloadavg()}")
        for r in range(rounds):
            for what in whats:
                kind, connections = what.split()
                order = servers[r % len(servers):] + servers[:r % len(servers)]
                for s in order:
                    sample = measure(s, int(connections), requests, kind == "health")
                    samples.setdefault((what, s.name), []).append(sample)
            print(f"round {r + 1} done, load average {os.getloadavg()}", flush=True)
    finally:
        for s in servers:
            s.stop()
    return samples


def report(samples: dict[tuple[str, str], list[Sample]]) -> None:
    """Print the table of *samples* (by what was measured and which server) and each server's CPU split."""
    print()
    print("| what | server | rate /s (median of rounds; min–max) | server CPU ms/request (median; min–max) "
          "| latency median / p95 / p99 ms |")
    print("|---|---|---|---|---|")
    for (what, name), runs in samples.items():
        rates = [x.rate for x in runs]
        cpus = [x.cpu_ms for x in runs]
        ms = [v for x in runs for v in x.latencies]
        print(f"| {what} | {name} | {statistics.median(rates):,.0f} ({min(rates):,.0f}–{max(rates):,.0f}) | "
              f"{statistics.median(cpus):.2f} ({min(cpus):.2f}–{max(cpus):.2f}) | "
              f"{statistics.median(ms):.1f} / {pct(ms, 0.95):.1f} / {pct(ms, 0.99):.1f} |")
    print()
    print("Server CPU ms/request: the event loop's thread / the other threads (writer, readers, thread pool),"
          " median of rounds:")
    for (what, name), runs in samples.items():
        names = sorted({t for x in runs for t in x.threads_ms})
        split = {t: statistics.median([x.threads_ms.get(t, 0.0) for x in runs]) for t in names}
        print(f"  {what:10} {name:10} " + ", ".join(f"{t} {v:.2f}" for t, v in split.items() if v >= 0.01))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1500, help="requests per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--history", action="store_true", help="also QMS on a year of history")
    parser.add_argument("--before", type=Path, default=None, metavar="CHECKOUT",
                        help="also qms server from another checkout (its code before a change), as qms-before")
    parser.add_argument("--floor", action="store_true",
                        help="also bench/floor_app.py: uvicorn with no app, answering at once and after a wait")
    parser.add_argument("--floor-wait", type=float, default=0.0015, metavar="SECONDS",
                        help="how long floor-wait's thread waits (an fsync here: 1-2 ms)")
    parser.add_argument("--only", default="",
                        help="comma-separated server names to run (naive, qms, qms-before, qms-year, floor, ...)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty, keys = qms_centre(Path(tmp) / "empty", False)
        python = sys.executable
        qms = [python, "-m", "qms", "server", "--data"]
        servers = [Server("naive", [python, "bench/naive_app.py", str(Path(tmp) / "naive.db")], ["-"]),
                   Server("qms", [*qms, str(empty), "--host", "127.0.0.1", "--port"], keys)]
        if args.before:
            before, before_keys = qms_centre_of(args.before, Path(tmp) / "before")
            servers.insert(1, Server("qms-before", [*qms, str(before), "--host", "127.0.0.1", "--port"], before_keys,
                                     cwd=args.before.resolve()))
        if args.history:
            started = time.process_time()
            year, year_keys = qms_centre(Path(tmp) / "year", True)
            size = sum(f.stat().st_size for f in year.glob("qms.db*"))
            print(f"year of history written ({time.process_time() - started:.0f} s CPU, {size / 2**20:.0f} MB)")
            servers.append(Server("qms-year", [*qms, str(year), "--host", "127.0.0.1", "--port"], year_keys))
        if args.floor:
            floor = [python, "bench/floor_app.py"]
            servers += [Server("floor", [*floor, "now", "0"], ["-"]),
                        Server("floor-wait", [*floor, "wait", str(args.floor_wait)], ["-"])]
        if args.only:
            servers = [s for s in servers if s.name in args.only.split(",")]
        samples = run_rounds(servers, [*(f"issue {c}" for c in CONCURRENCY), "health 16"], args.rounds,
                             args.requests)
    report(samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
