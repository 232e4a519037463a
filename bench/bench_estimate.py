"""How well the printed wait estimate holds, on simulated days of several sizes and seeds.

    python bench/bench_estimate.py [--days 300:5,800:14,1200:20] [--seeds 1,2,3]

Each day (citizens:counters) runs through the real engine on a fresh database with the sample centre
(``qms simulate``'s simulation). For every ticket the estimate the citizen was given is read back from its
``issued`` event and compared with its real wait (first call − issue, from ``ticket_durations``). Prints,
per day: tickets compared, the median of real ÷ estimated wait, the share waiting more than twice the
estimate (both among tickets given a number of minutes), the share told "overloaded" instead of a
number, the share told "sắp đến lượt" (estimate 0) and how many of those were called within five minutes,
and the median estimate and real wait.
Targets (issue 9): median ratio between 0.8 and 1.25, fewer than 15 % over twice the estimate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.clock import ManualClock  # noqa: E402
from core.config import parse_centre  # noqa: E402
from core.engine import QueueEngine  # noqa: E402
from core.reference_data import install_centre  # noqa: E402
from core.simulate import simulate_day, with_counters  # noqa: E402
from core.storage import connect  # noqa: E402

DAY = date(2026, 11, 23)  # a Monday
SOON_S = 5 * 60  # a ticket told "sắp đến lượt" (estimate 0) holds if it is called within five minutes


def sample_centre_data() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "assets" / "config" / "centre.sample.toml").read_text("utf-8"))


def measure(root: Path, citizens: int, counters: int, seed: int) -> dict[str, float]:
    centre = with_counters(parse_centre(sample_centre_data()), counters)
    clock = ManualClock(datetime.combine(DAY, datetime.min.time(), tzinfo=centre.timezone))
    db = connect(root / f"estimate-{citizens}-{counters}-{seed}.db")
    install_centre(db, centre, clock)
    engine = QueueEngine(db, centre, clock)
    told: dict[int, int | None] = {}
    if not hasattr(engine, "issue_placed"):  # code from before the issued event recorded the estimate
        from core.board import QueueBoard

        board, issue = QueueBoard(db, centre, clock), engine.issue

        def issue_and_remember(*args: object, **kwargs: object) -> object:
            ticket = issue(*args, **kwargs)
            told[ticket.id] = board.position(ticket)["minutes"]
            return ticket

        engine.issue = issue_and_remember  # type: ignore[method-assign]
    simulate_day(engine, clock, DAY, citizens, seed)
    rows = db.conn.execute(
        "SELECT d.waiting_seconds, json_extract(e.data, '$.estimated_minutes'), json_extract(e.data, '$.overloaded'),"
        " e.ticket_id FROM events e JOIN ticket_durations d ON d.ticket_id = e.ticket_id"
        " WHERE e.kind = 'issued' AND d.waiting_seconds IS NOT NULL").fetchall()
    if told:
        rows = [(wait, told[tid], False, tid) for wait, _, _, tid in rows]
    db.conn.close()
    given = [(wait, minutes) for wait, minutes, overloaded, _ in rows if not overloaded and minutes]
    ratios = [wait / (minutes * 60) for wait, minutes in given]
    soon = [wait for wait, minutes, overloaded, _ in rows if not overloaded and minutes == 0]
    return {
        "tickets": len(rows),
        "median_ratio": statistics.median(ratios) if ratios else float("nan"),
        "over_twice": sum(r > 2 for r in ratios) / len(ratios) if ratios else float("nan"),
        "overloaded": sum(bool(r[2]) for r in rows) / len(rows),
        "soon": len(soon) / len(rows),
        "soon_kept": sum(w <= SOON_S for w in soon) / len(soon) if soon else float("nan"),
        "median_estimate": statistics.median(m for _, m in given) if given else float("nan"),
        "median_wait": statistics.median(r[0] for r in rows) / 60,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", default="300:5,800:14,1200:20", help="citizens:counters, comma-separated")
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    days = [tuple(int(x) for x in d.split(":")) for d in args.days.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    root = Path(tempfile.mkdtemp(prefix="qms-estimate-"))
    print("citizens counters seed | tickets  median real/est  > 2x est  overloaded  soon (kept) |"
          " median est  median wait (min)")
    for citizens, counters in days:
        for seed in seeds:
            t0 = time.perf_counter()
            m = measure(root, citizens, counters, seed)
            print(f"{citizens:8d} {counters:8d} {seed:4d} | {m['tickets']:7d}  {m['median_ratio']:15.2f}"
                  f"  {m['over_twice']:7.1%}  {m['overloaded']:10.1%}  {m['soon']:5.0%} ({m['soon_kept']:4.0%}) |"
                  f" {m['median_estimate']:10.0f}"
                  f"  {m['median_wait']:11.1f}   ({time.perf_counter() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
