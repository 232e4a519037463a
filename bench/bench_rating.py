"""Benchmark of citizens' ratings on a real database file with synchronous=FULL.

    python bench/bench_rating.py [--tickets 3000] [--dir DIR]

Serves the tickets (issued, called, started, finished at 20 counters), then prints the latency of one
durable rating (median, p95, p99) as the log grows — each is checked against the rules (one per ticket,
at that counter, in time) in its own transaction — and how long the per-officer report with the rating
columns takes for the day.
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
from core.reports import summarize, ticket_rows
from core.storage import connect

COUNTERS = 20
CENTRE = {
    "centre": {"name": "Bench", "hours": {"mon-sun": ["00:00-24:00"]}},
    "fields": [{"code": "DD", "name_vi": "Đất đai", "numbers": "10001-99999"}],
    "counters": [{"number": n, "fields": ["DD"]} for n in range(1, COUNTERS + 1)],
    "staff": [{"username": f"cb{n}", "full_name": f"Cán bộ {n}"} for n in range(1, COUNTERS + 1)],
}
ANSWERS = ("very_satisfied", "satisfied", "neutral", "dissatisfied")


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="qms-bench-"))
    db = connect(root / f"bench-rating-{time.time_ns()}.db")
    centre = parse_centre(CENTRE)
    clock = SystemClock()
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    for n in range(1, COUNTERS + 1):
        engine.login(n, f"cb{n}")
    served: list[tuple[int, int]] = []
    for i in range(args.tickets):
        counter = i % COUNTERS + 1
        engine.issue("DD")
        ticket = engine.call_next(counter)
        engine.start(counter, ticket.id)
        engine.finish(counter, ticket.id)
        served.append((counter, ticket.id))
    latencies = []
    for i, (counter, ticket_id) in enumerate(served):
        started = time.perf_counter()
        answer = ANSWERS[(i // COUNTERS) % 4]  # each officer gets every answer
        engine.rate(counter, ticket_id, answer, ["long_wait"] if answer == "dissatisfied" else [])
        latencies.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    day = engine.service_day()
    rows = summarize(ticket_rows(db, day, day), "officer", ZoneInfo("Asia/Ho_Chi_Minh"))
    report_ms = (time.perf_counter() - started) * 1000
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {args.tickets} served tickets, {COUNTERS} counters")
    print(f"rating (durable, one per transaction): median {statistics.median(latencies):.2f} ms, "
          f"p95 {pct(latencies, 95):.2f} ms, p99 {pct(latencies, 99):.2f} ms")
    print(f"report by officer with ratings for the day: {report_ms:.0f} ms ({len(rows)} officers, "
          f"satisfied {rows[0]['satisfied_pct']}% for {rows[0]['officer']})")


if __name__ == "__main__":
    main()
