"""Every report over a year of history: the time from the request to the finished figures, for each
grouping over the whole year, a month, a week and a day, and the workbook (XLSX) of the whole year.

    python bench/year_db.py /tmp/year                       # once: ≈ 250 days, 200,000 tickets
    python bench/bench_reports.py /tmp/year [--runs 20] [--issues 2000] [--spans year,month,week,day]

The database is migrated first (a year written before ``ticket_facts`` existed is read once into it);
then each report runs *runs* times on one reading connection, as a server reader does, and the
median and 95th percentile are printed in milliseconds, with the peak memory Python allocated in one
more (untimed) run. The CPU time (the process's own) is printed beside the wall-clock time: on a machine
shared with other work the wall clock also counts the time spent waiting for a core.
Last, what the report triggers cost the issue path (and a call, start and finish): tickets issued in turns
on databases with every report table, with ``ticket_facts`` alone, and with neither.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.clock import SystemClock  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.reports import BYS, Period, build, history  # noqa: E402
from core.reports.export import to_xlsx  # noqa: E402
from core.storage import connect  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, metavar="DATA_DIR", help="made by bench/year_db.py")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--issues", type=int, default=2000, help="tickets issued per side of the issue-path check")
    parser.add_argument("--spans", default="year,month,week,day", help="which periods, comma-separated")
    args = parser.parse_args()
    data = DataDir(args.data)
    clock = SystemClock()
    started = time.perf_counter()
    centre, db = data.open(clock)  # migrates: the first run fills ticket_facts from the log
    print(f"opened (and migrated) in {time.perf_counter() - started:.1f} s; "
          f"{db.conn.execute('SELECT COUNT(*) FROM ticket_facts').fetchone()[0]:,} tickets")
    db.conn.close()
    reader = connect(data.database, migrate=False)
    year = history(reader, clock.now().date())
    spans = {"year": year, "month": Period(year.last - timedelta(days=29), year.last),
             "week": Period(year.last - timedelta(days=6), year.last), "day": Period(year.last, year.last)}
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  {year.first} – {year.last}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    chosen = args.spans.split(",")
    cases = [(span, by) for span in chosen for by in BYS] + [("year", "xlsx")] * ("year" in chosen)
    for span, by in cases:
        def once(span: str = span, by: str = by) -> None:
            report = build(reader, "field" if by == "xlsx" else by, spans[span], centre.timezone,
                           centre.waiting_target_minutes, clock.now())
            if by == "xlsx":
                to_xlsx(report, centre.name)

        ms: list[float] = []
        cpu: list[float] = []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            once()
            ms.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        tracemalloc.start()  # one more run for the memory: tracing slows Python down, so not timed
        once()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{span:5} by {by:8}: median {statistics.median(ms):7.1f} ms, p95 {pct(ms, 0.95):7.1f} ms, "
              f"max {max(ms):7.1f} ms; CPU median {statistics.median(cpu):7.1f} ms; peak {peak / 1e6:5.1f} MB",
              flush=True)
    if args.issues > 0:  # --issues 0: the reports alone
        issue_path(data, args.issues)
    return 0


def issue_path(data: DataDir, count: int) -> None:
    """What the report triggers cost the issue path: the same tickets issued in turns on three fresh
    databases — with every report table (``ticket_facts`` and ``report_days`` with its ordered indexes),
    with ``ticket_facts`` alone (before m008), and with neither — as the server's writer issues
    (``issue_placed``: the ticket, its event, the people ahead and the estimate), through a morning; then
    half of them called and finished at one counter, where the summary and the indexes are written."""
    import tempfile

    from core.clock import ManualClock
    from core.engine import QueueEngine
    from core.reference_data import install_centre
    from core.report_days import ORDERED, TIMES, index_name

    centre, _ = data.open(SystemClock())
    start = datetime.combine(date.today(), datetime.min.time(), tzinfo=centre.timezone) + timedelta(hours=7)
    sides = ("all", "facts", "none")
    with tempfile.TemporaryDirectory() as tmp:
        engines = {}
        for name in sides:
            db = connect(Path(tmp) / f"{name}.db")
            dropped = ["report_days_insert", "report_days_update"]
            dropped += ["facts_issued", "facts_state", "facts_event"] if name == "none" else []
            for trigger in dropped if name != "all" else []:
                db.conn.execute(f"DROP TRIGGER {trigger}")
            for group in ORDERED if name != "all" else []:
                for what in TIMES:
                    db.conn.execute(f"DROP INDEX {index_name(group, what)}")
            clock = ManualClock(start)
            install_centre(db, centre, clock)
            engines[name] = (QueueEngine(db, centre, clock), clock)
        fields = [f.code for f in centre.fields]
        counter = centre.counters[0]
        ms: dict[str, list[float]] = {name: [] for name in sides}
        calls: dict[str, list[float]] = {name: [] for name in sides}
        for i in range(count):
            for name in sides[i % 3:] + sides[:i % 3]:  # turn who goes first
                engine, clock = engines[name]
                clock.advance(seconds=2)
                t0 = time.perf_counter()
                engine.issue_placed(fields[i % len(fields)] if i % 2 else counter.fields[0])
                ms[name].append((time.perf_counter() - t0) * 1000)
        for name in sides:
            engine = engines[name][0]
            officer = engine.db.conn.execute("SELECT username FROM staff WHERE role = 'officer'").fetchone()[0]
            engine.login(counter.number, officer)
        for i in range(count // 2):
            for name in sides[i % 3:] + sides[:i % 3]:
                engine, clock = engines[name]
                clock.advance(seconds=30)
                t0 = time.perf_counter()
                if engine.call_next(counter.number) is None:
                    continue
                engine.start(counter.number)
                engine.finish(counter.number)
                calls[name].append((time.perf_counter() - t0) * 1000)
        for name, label in zip(sides, ("with ticket_facts and report_days", "with ticket_facts alone",
                                       "without report tables"), strict=True):
            values = ms[name]
            print(f"{'issue':18} {label:34}: {count:5} tickets, median {statistics.median(values):.2f} ms, "
                  f"p95 {pct(values, 0.95):.2f} ms, p99 {pct(values, 0.99):.2f} ms")
            done = calls[name]
            print(f"call+start+finish  {label:34}: {len(done):5} tickets, median {statistics.median(done):.2f} ms, "
                  f"p95 {pct(done, 0.95):.2f} ms, p99 {pct(done, 0.99):.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
