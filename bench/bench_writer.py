"""What a change costs the writer thread: tickets issued and counters' call → start → finish cycles, one at a
time (one kiosk, one counter: each its own transaction), in-process on a real SQLite file, with nobody
listening and with a display listening (then the writer also reads the rows the change touched: every
field's estimate, the counters). No HTTP: the writer's own CPU, read from ``/proc`` for its thread.

    python bench/bench_writer.py [--changes 1500] [--rounds 3] [--source DIR]

``--source DIR`` measures the code of another checkout (its ``core/`` and ``server/``) with this script,
to put old and new side by side. Prints the writer's CPU per ticket and per cycle (median of rounds,
min–max) and the wall time from handing a ticket (a cycle's three changes) over to its answer (median,
p95, p99).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def thread_cpu(native_id: int) -> float:
    """CPU seconds so far of thread *native_id* of this process."""
    fields = Path(f"/proc/{os.getpid()}/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


Results = dict[str, tuple[list[float], list[float]]]


async def measure(writer: Any, counters: list[int], officers: list[str], fields: list[str], changes: int,
                  rounds: int) -> Results:
    """Per round: *changes* tickets issued one at a time, then a third as many call → start → finish
    cycles; the writer thread's CPU per ticket and per cycle, and each one's wall time (ms)."""
    for number, officer in zip(counters, officers, strict=False):
        await writer.run(lambda e, n=number, o=officer: e.login(n, o))
    tid = writer._thread.native_id
    assert tid is not None
    out: Results = {"issue": ([], []), "call, start, finish": ([], [])}
    for _ in range(rounds):
        cpu, ms = thread_cpu(tid), out["issue"][1]
        for i in range(changes):
            begun = time.perf_counter()
            await writer.run(lambda e, c=fields[i % len(fields)]: e.issue_placed(c))
            ms.append((time.perf_counter() - begun) * 1000)
        out["issue"][0].append((thread_cpu(tid) - cpu) * 1000 / changes)
        cpu, ms, cycles = thread_cpu(tid), out["call, start, finish"][1], 0
        while cycles < changes // 3:
            before = cycles
            for number in counters:
                begun = time.perf_counter()
                ticket = await writer.run(lambda e, n=number: e.call_next(n))
                if ticket is not None:
                    await writer.run(lambda e, n=number, t=ticket.id: e.start(n, t))
                    await writer.run(lambda e, n=number, t=ticket.id: e.finish(n, t))
                    ms.append((time.perf_counter() - begun) * 1000)
                    cycles += 1
            if cycles == before:  # nobody left to call
                break
        out["call, start, finish"][0].append((thread_cpu(tid) - cpu) * 1000 / cycles)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1500, help="tickets (and cycles) per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose code is measured")
    args = parser.parse_args()
    sys.path.insert(0, str(args.source.resolve()))
    from bench.bench_cost import qms_centre
    from core.clock import SteadyClock, SystemClock
    from core.datadir import DataDir
    from core.engine import QueueEngine
    from core.storage import connect
    from server.writer import Writer

    print(f"code: {args.source.resolve()}; load average at start: {os.getloadavg()}")
    for listening in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            root, _ = qms_centre(Path(tmp) / "centre", False)
            centre, _ = DataDir(root).open(SystemClock())
            engine = QueueEngine(connect(DataDir(root).database), centre, SteadyClock())
            writer = Writer(engine, publish=lambda events, rows: None, listened=lambda listening=listening: listening)
            officers = [r[0] for r in engine.db.conn.execute("SELECT username FROM staff WHERE role = 'officer'"
                                                              " ORDER BY username")]
            counters = [c.number for c in centre.counters][:len(officers)]
            fields = [f.code for f in centre.fields]

            results = asyncio.run(measure(writer, counters, officers, fields, args.changes, args.rounds))
            writer.close()
        for what, (cpu, ms) in results.items():
            who = "a display listening" if listening else "nobody listening"
            unit = "ticket" if what == "issue" else "cycle"
            print(f"{what:20} {who:20} writer CPU per {unit} {statistics.median(cpu):.3f} ms"
                  f" ({min(cpu):.3f}–{max(cpu):.3f}); wall median {statistics.median(ms):.2f},"
                  f" p95 {pct(ms, 0.95):.2f}, p99 {pct(ms, 0.99):.2f} ms", flush=True)
    print(f"load average at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
