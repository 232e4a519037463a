"""A centre's database after a year: ≈ 250 service days and 200,000 tickets with their full event log,
written straight into SQLite in bulk (not through HTTP or the engine), in well under a minute.

    python bench/year_db.py DATA_DIR [--days 250] [--tickets 200000] [--seed 1]

DATA_DIR gets the sample ``centre.toml`` (unless it has one) and a ``qms.db`` whose history ends the day
before today, so today starts empty as on a real morning. Each ticket has the events a real one has —
issued, called, started, finished; some recalled and marked absent, some transferred to another field and
served there — and each counter an officer's session per day. The last two fields had no ticket in the
last 30 days (a rarely used field, or one closed for a while): the case that once made the wait estimate
scan the whole log. Benchmarks import :func:`make_year` to run against it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import secrets
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.clock import SystemClock, iso  # noqa: E402
from core.commands import write_sample  # noqa: E402
from core.config import Centre  # noqa: E402
from core.datadir import DataDir  # noqa: E402
from core.storage import immediate  # noqa: E402

NO_SHOW_RATE = 0.05
TRANSFER_RATE = 0.03
PRIORITY_RATE = 0.08
QUIET_DAYS = 30  # the last fields rest this long before the end of the history


def service_days(last: date, count: int) -> list[date]:
    """*count* weekdays ending on or before *last*, oldest first."""
    days: list[date] = []
    day = last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def make_year(db: object, centre: Centre, last_day: date, days: int = 250, tickets: int = 200_000,
              seed: int = 1) -> dict[str, int]:
    """Write *tickets* tickets over *days* service days ending *last_day* into the migrated database
    *db* (a sqlite-utils ``Database``); return how many tickets and events were written."""
    rng = random.Random(seed)
    conn = db.conn  # type: ignore[attr-defined]
    tz = centre.timezone
    fields = list(centre.fields)
    weights = [1 / (i + 1) ** 0.6 for i in range(len(fields))]
    serving = {f.code: [c.number for c in centre.counters if f.code in c.fields] for f in fields}
    calendar = service_days(last_day, days)
    quiet_from = calendar[-1] - timedelta(days=QUIET_DAYS)
    next_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM tickets").fetchone()[0]) + 1
    written = {"tickets": 0, "events": 0}
    # A fixture, not a centre's record: no flush per transaction while it is written.
    conn.execute("PRAGMA synchronous = OFF")
    with immediate(db):  # type: ignore[arg-type]
        for c in centre.counters:
            conn.execute("INSERT OR IGNORE INTO staff (username, full_name, role, active, created_at)"
                         " VALUES (?, ?, 'officer', 1, ?)", (f"lichsu{c.number:02d}", f"Cán bộ quầy {c.number}",
                                                             iso(datetime.combine(calendar[0], datetime.min.time(),
                                                                                  tzinfo=tz))))
    per_day = tickets / len(calendar)
    for day in calendar:
        opening = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(hours=7)
        events: list[tuple] = []
        rows: list[tuple] = []
        series: dict[str, int] = {}
        usable = [(f, w) for f, w in zip(fields, weights, strict=True)
                  if serving[f.code] and not (day >= quiet_from and f.position >= len(fields) - 2)]
        count = int(per_day) + (rng.random() < per_day % 1)

        def event(at: datetime, kind: str, tid: int | None, field: str | None, label: str | None,
                  counter: int | None, data: dict | None = None, day: date = day,
                  events: list[tuple] = events) -> None:
            events.append((iso(at), kind, day.isoformat(), tid, field, label, counter,
                           f"lichsu{counter:02d}" if counter else None,
                           json.dumps(data, ensure_ascii=False) if data else None))

        for c in centre.counters:
            event(opening - timedelta(minutes=5), "login", None, None, None, c.number)
            event(opening + timedelta(hours=9, minutes=50), "logout", None, None, None, c.number)
        for _ in range(count):
            field = rng.choices([f for f, _ in usable], [w for _, w in usable])[0]
            seq = series[field.code] = series.get(field.code, 0) + 1
            if seq > field.daily_limit:
                continue
            label = field.numbers.label(seq)
            issued = opening + timedelta(minutes=rng.uniform(0, 9.5 * 60))
            priority = rng.choice(("elderly", "disability", "pregnancy")) if rng.random() < PRIORITY_RATE else None
            counter = rng.choice(serving[field.code])
            called = issued + timedelta(minutes=rng.expovariate(1 / 25))
            tid, token = next_id, secrets.token_urlsafe(18)
            next_id += 1
            event(issued, "issued", tid, field.code, label, None, {"priority": priority, "kiosk": "Ki-ốt 1"})
            event(called, "called", tid, field.code, label, counter)
            service = timedelta(minutes=rng.lognormvariate(math.log(field.avg_service_minutes) - 0.125, 0.5))
            if rng.random() < NO_SHOW_RATE:
                event(called + timedelta(minutes=1), "recalled", tid, field.code, label, counter)
                event(called + timedelta(minutes=2), "no_show", tid, field.code, label, counter)
                rows.append((tid, token, day.isoformat(), field.code, seq, label, priority, "no_show", iso(issued),
                             iso(issued), counter, 2, None, iso(called + timedelta(minutes=2))))
                continue
            started = called + timedelta(seconds=rng.uniform(20, 90))
            event(started, "started", tid, field.code, label, counter)
            if rng.random() < TRANSFER_RATE and len(usable) > 1:
                other = rng.choice([f for f, _ in usable if f.code != field.code])
                moved = started + service / 2
                new_id = next_id
                next_id += 1
                event(moved, "transferred", tid, field.code, label, counter,
                      {"to_ticket": new_id, "to_field": other.code, "to_counter": None})
                event(moved, "transferred_in", new_id, other.code, label, None,
                      {"from_ticket": tid, "from_field": field.code})
                rows.append((tid, token, day.isoformat(), field.code, seq, label, priority, "transferred",
                             iso(issued), iso(issued), counter, 1, None, iso(moved)))
                counter2 = rng.choice(serving[other.code])
                called2 = moved + timedelta(minutes=rng.expovariate(1 / 10))
                started2 = called2 + timedelta(seconds=rng.uniform(20, 90))
                done2 = started2 + timedelta(minutes=other.avg_service_minutes)
                for at, kind in ((called2, "called"), (started2, "started"), (done2, "finished")):
                    event(at, kind, new_id, other.code, label, counter2)
                rows.append((new_id, token, day.isoformat(), other.code, seq, label, priority, "done", iso(moved),
                             iso(issued), counter2, 1, tid, iso(done2)))
                continue
            event(started + service, "finished", tid, field.code, label, counter)
            rows.append((tid, token, day.isoformat(), field.code, seq, label, priority, "done", iso(issued),
                         iso(issued), counter, 1, None, iso(started + service)))
        events.sort(key=lambda e: e[0])
        with immediate(db):  # type: ignore[arg-type]
            conn.executemany(
                "INSERT INTO tickets (id, token, service_day, field_code, seq, label, priority, state, issued_at,"
                " queue_at, counter, calls, transferred_from, updated_at, kiosk)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Ki-ốt 1')", sorted(rows, key=lambda r: r[0]))
            conn.executemany(
                "INSERT INTO events (at, kind, service_day, ticket_id, field_code, label, counter, username, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
            conn.executemany("INSERT INTO series (service_day, field_code, last_seq) VALUES (?, ?, ?)",
                             [(day.isoformat(), code, min(n, centre.field(code).daily_limit))  # type: ignore[union-attr]
                              for code, n in series.items()])
            conn.executemany(
                "INSERT INTO counter_sessions (counter, username, login_at, logout_at) VALUES (?, ?, ?, ?)",
                [(c.number, f"lichsu{c.number:02d}", iso(opening - timedelta(minutes=5)),
                  iso(opening + timedelta(hours=9, minutes=50))) for c in centre.counters])
        written["tickets"] += len(rows)
        written["events"] += len(events)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, metavar="DATA_DIR")
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = DataDir(args.data)
    write_sample(data)
    clock = SystemClock()
    centre, db = data.open(clock, create=True)  # a new centre with a year behind it
    today = clock.now().astimezone(centre.timezone).date()
    started = time.perf_counter()
    written = make_year(db, centre, today - timedelta(days=1), args.days, args.tickets, args.seed)
    print(f"{written['tickets']:,} tickets, {written['events']:,} events over {args.days} service days "
          f"in {time.perf_counter() - started:.1f} s: {data.database}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
