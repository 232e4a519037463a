"""Benchmark of the queue engine on a real database file with synchronous=FULL.

    python bench/bench_core.py [--tickets 5000] [--calls 2000] [--dir DIR]

Prints the disk's own rate of one-row durable commits, durable tickets issued per second (in-process, one
writer, one commit per ticket, then in groups of 16 per commit as the server does under load) and
call-next latency (median, p95, p99) with the tickets issued (5,000 by default) waiting over 10 fields.
Use --dir to measure on the disk the centre will use.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from core.clock import SystemClock
from core.config import parse_centre
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.storage import connect

FIELDS = [{"code": f"F{i}", "name_vi": f"Lĩnh vực {i}", "numbers": f"{i}0001-{i}9999"} for i in range(1, 10)]
FIELDS.append({"code": "F10", "name_vi": "Lĩnh vực 10", "numbers": "A0001-A9999"})
CENTRE = {
    "centre": {"name": "Bench", "hours": {"mon-sun": ["00:00-24:00"]}},
    "fields": FIELDS,
    # 20 counters, each serving three neighbouring fields
    "counters": [{"number": n, "fields": [FIELDS[(n + k) % 10]["code"] for k in range(3)]} for n in range(1, 21)],
    "staff": [{"username": f"cb{n}", "full_name": f"Cán bộ {n}"} for n in range(1, 21)],
}


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="qms-bench-"))
    path = root / f"bench-{time.time_ns()}.db"
    centre = parse_centre(CENTRE)
    clock = SystemClock()
    db = connect(path)
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    sync = db.conn.execute("PRAGMA synchronous").fetchone()[0]
    mode = db.conn.execute("PRAGMA journal_mode").fetchone()[0]

    # The disk's own limit: one-row durable commits on the same file and settings.
    db.conn.execute("CREATE TABLE IF NOT EXISTS bench_baseline (x INTEGER)")
    t0 = time.perf_counter()
    for i in range(2000):
        db.conn.execute("BEGIN IMMEDIATE")
        db.conn.execute("INSERT INTO bench_baseline VALUES (?)", (i,))
        db.conn.execute("COMMIT")
    baseline = 2000 / (time.perf_counter() - t0)

    issue_ms = []
    started = time.perf_counter()
    for i in range(args.tickets):
        t0 = time.perf_counter()
        engine.issue(FIELDS[i % 10]["code"], "elderly" if i % 25 == 0 else None)
        issue_ms.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started

    waiting = db.conn.execute("SELECT COUNT(*) FROM tickets WHERE state = 'waiting'").fetchone()[0]
    for n in range(1, 21):
        engine.login(n, f"cb{n}")
    call_ms = []
    for i in range(args.calls):
        counter = i % 20 + 1
        t0 = time.perf_counter()
        ticket = engine.call_next(counter)
        call_ms.append((time.perf_counter() - t0) * 1000)
        engine.return_to_queue(counter, ticket.id)  # keep the queue as long for every measured call

    # Group commit as the server's writer does it when 16 kiosks issue at once: 16 tickets, one fsync.
    started = time.perf_counter()
    for _ in range(args.tickets // 16):
        with engine.batch():
            for i in range(16):
                engine.issue(FIELDS[i % 10]["code"])
    grouped = (args.tickets // 16) * 16 / (time.perf_counter() - started)

    print(f"database: {path} (journal_mode={mode}, synchronous={sync} [2 = FULL])")
    print(f"baseline:  {baseline:,.0f} one-row durable commits/s on this disk")
    print(f"issue:     {args.tickets} durable tickets in {elapsed:.2f} s = {args.tickets / elapsed:,.0f} tickets/s; "
          f"per ticket median {statistics.median(issue_ms):.3f} ms, p95 {pct(issue_ms, 95):.3f} ms, "
          f"p99 {pct(issue_ms, 99):.3f} ms")
    print(f"grouped:   {grouped:,.0f} durable tickets/s in groups of 16 per commit (the server's writer under load)")
    print(f"call-next: {args.calls} calls with {waiting:,} waiting over 10 fields: median "
          f"{statistics.median(call_ms):.3f} ms, p95 {pct(call_ms, 95):.3f} ms, p99 {pct(call_ms, 99):.3f} ms")
    print(f"measured {datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')):%Y-%m-%d %H:%M %Z}")


if __name__ == "__main__":
    main()
