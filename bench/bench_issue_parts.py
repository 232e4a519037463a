"""What each part of an issue's own work costs over HTTP: ``qms server`` measured beside copies of itself
with one part of the work taken away, and beside the naive app (``bench/naive_app.py``), all in one run.

    python bench/bench_issue_parts.py [--requests 1000] [--rounds 3] [--connections 1,4,16]

The copies are for measuring only; each drops one thing a real centre needs:

- ``no-facts``: the ticket's report facts are not written at issue (the ``facts_issued`` trigger:
  a ``ticket_facts`` row and three ``report_days`` rows);
- ``no-estimate``: the estimate is answered from each field's first reading, with no reads per ticket;
- ``no-either``: both of these;
- ``bare``: both, and neither the field's pace nor the waiting counts kept (the estimate's inputs);
- ``skeleton``: the same HTTP path, writer thread and transaction, doing only what the naive app does
  (the field's next number and one plain row): what the server's shape costs, with no work of QMS's own.

``python bench/bench_issue_parts.py --serve VARIANT server --data DIR ...`` runs ``qms`` as one of them
(the benchmark starts them so).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_cost import Server, qms_centre, report, run_rounds  # noqa: E402

# The triggers each copy's database goes without.
DROPPED = {"qms": (), "no-facts": ("facts_issued",), "no-estimate": (), "no-either": ("facts_issued",),
           "bare": ("facts_issued", "pace_issued", "queue_counts_join"), "skeleton": ()}
NO_ESTIMATE = {"no-estimate", "no-either", "bare"}


def serve(variant: str, argv: list[str]) -> int:
    """Run ``qms`` with *argv*, its issue changed as *variant* says."""
    from core.estimate import WaitEstimator
    from core.issuing import Issuing
    from core.storage import immediate
    from qms.cli import main

    if variant in NO_ESTIMATE:
        read_once = WaitEstimator.place_newest
        first: dict[tuple[str, bool], Any] = {}

        def place_newest(self: WaitEstimator, field: Any, priority: bool, day: str, local: Any = None) -> Any:
            key = (field.code, priority)
            if key not in first:
                first[key] = read_once(self, field, priority, day, local)
            return first[key]

        WaitEstimator.place_newest = place_newest  # type: ignore[method-assign]
    if variant == "skeleton":
        issue_really = Issuing._issue
        issued: dict[str, Any] = {}

        def bare_issue(self: Issuing, field: Any, *args: Any, **kwargs: Any) -> Any:
            if field.code not in issued:  # one real ticket per field, to answer with
                issued[field.code] = issue_really(self, field, *args, **kwargs)
                return issued[field.code]
            with immediate(self.db) as db:
                now = self.clock.now().isoformat()
                seq = db.conn.execute(
                    "INSERT INTO series (service_day, field_code, last_seq) VALUES (?, ?, 1)"
                    " ON CONFLICT DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
                    (now[:10], field.code)).fetchone()[0]
                db.conn.execute("INSERT INTO skeleton (day, field, seq, issued_at) VALUES (?, ?, ?, ?)",
                                (now[:10], field.code, seq, now))
            return issued[field.code]

        Issuing._issue = bare_issue  # type: ignore[method-assign]
    sys.argv = ["qms", *argv]
    return main()


def centre(root: Path, variant: str) -> tuple[Path, list[str]]:
    """The benchmark's centre for *variant*: its database without the triggers it goes without."""
    data, keys = qms_centre(root, False)
    conn = sqlite3.connect(data / "qms.db")
    for trigger in DROPPED[variant]:
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("CREATE TABLE skeleton (id INTEGER PRIMARY KEY, day, field, seq, issued_at)")
    conn.commit()
    conn.close()
    return data, keys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", default="1,4,16", help="comma-separated concurrencies")
    parser.add_argument("--only", default="", help="comma-separated servers (naive, qms, no-facts, ...)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        python, here = sys.executable, str(Path(__file__).resolve())
        servers = [Server("naive", [python, "bench/naive_app.py", str(Path(tmp) / "naive.db")], ["-"])]
        for variant in DROPPED:
            data, keys = centre(Path(tmp) / variant, variant)
            servers.append(Server(variant, [python, here, "--serve", variant, "server", "--data", str(data),
                                            "--host", "127.0.0.1", "--port"], keys))
        if args.only:
            servers = [s for s in servers if s.name in args.only.split(",")]
        samples = run_rounds(servers, [f"issue {c}" for c in args.connections.split(",")], args.rounds,
                             args.requests)
    report(samples)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        sys.exit(serve(sys.argv[2], sys.argv[3:]))
    sys.exit(main())
