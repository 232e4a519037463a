"""What a year of history costs the writer: tickets issued in-process, each with its people ahead and wait
estimate (as the server's writer does for a kiosk), on a copy of a year's database and on an empty one.

    python bench/year_db.py /tmp/year                   # once: ≈ 250 days, 200,000 tickets
    python bench/bench_history.py /tmp/year [--tickets 3000] [--step 2]

The clock is moved *step* seconds per ticket through a morning (a busy centre issues one every few
seconds), so anything the estimate keeps for a while expires as it would in a day. Prints, for the year
database and for an empty one with the same configuration, the time per issue (median, p95, p99, max),
wall-clock (with the commit's disk flush) and CPU (the work itself, which history could make grow).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.board import QueueBoard  # noqa: E402
from core.clock import ManualClock, SystemClock  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.engine import QueueEngine  # noqa: E402
from core.reference_data import install_centre  # noqa: E402
from core.storage import backup, connect  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def run(db_path: Path, data: DataDir, tickets: int, step: float) -> tuple[list[float], list[float]]:
    centre, _ = data.open(SystemClock())  # the configuration; the database opened below is the copy
    db = connect(db_path)
    day = next_weekday(SystemClock().now().astimezone(centre.timezone).date())
    clock = ManualClock(datetime.combine(day, datetime.min.time(), tzinfo=centre.timezone) + timedelta(hours=7))
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    board = QueueBoard(db, centre, clock)
    placed = getattr(engine, "issue_placed", None)
    fields = [f.code for f in centre.fields]
    ms: list[float] = []
    cpu: list[float] = []
    for i in range(tickets):
        clock.advance(seconds=step)
        started, started_cpu = time.perf_counter(), time.process_time()
        if placed is not None:
            placed(fields[i % len(fields)])
        else:  # the code before the estimate was kept by triggers: what the server's writer did
            board.position(engine.issue(fields[i % len(fields)]))
        ms.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    db.conn.close()
    return ms, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, metavar="DATA_DIR", help="made by bench/year_db.py")
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--step", type=float, default=2.0, help="seconds of the centre's clock per ticket")
    args = parser.parse_args()
    data = DataDir(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        year = Path(tmp) / "year.db"
        backup(connect(data.database, migrate=False), year)
        for name, path in (("year", year), ("empty", Path(tmp) / "empty.db")):
            ms, cpu = run(path, data, args.tickets, args.step)
            for what, values in (("wall", ms), ("CPU", cpu)):
                print(f"{name:5}: {args.tickets} issues with their estimate, {what:4}: median"
                      f" {statistics.median(values):.2f} ms, p95 {pct(values, 0.95):.2f} ms,"
                      f" p99 {pct(values, 0.99):.2f} ms, max {max(values):.1f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
