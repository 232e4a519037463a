"""Where a call's time goes before its event reaches 100 clients: the stream benchmark's calls, step by step.

Runs ``qms server`` with timestamps taken around the writer's steps (``server.writer.Writer``: a job queued
on the loop, started on the writer thread, its group committed, the changed rows read, the hand-off to the
loop, the events published) and joins them with the benchmark's own (request sent, each client's event).
``time.perf_counter`` is the system's monotonic clock, the same in both processes. The wrapping costs a
little CPU; the steps, not the total, are what this is for (``bench_server.py --stream-only`` gives that).

    python bench/stream_timeline.py [--calls 200] [--clients 100] [--issue-rate 20]

This file is also the server's entry point in that run (``python bench/stream_timeline.py --serve ...``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = ("HTTP → job queued", "job waits for the writer", "job + commit", "changed rows read", "hand-off to the loop",
         "publish (100 writes)", "request → publish", "publish → first client", "request → first client",
         "first → last client")


def serve(trace: Path, argv: list[str]) -> int:
    """``qms server`` with the writer's steps timestamped; SIGUSR1 writes them to *trace* as JSON."""
    import server.writer as writer

    groups: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    now = time.perf_counter
    run, note, announce, deliver = (writer.Writer.run, writer.Writer._note, writer.Writer._announce,
                                    writer.Writer._deliver)

    async def timed_run(self: Any, func: Any) -> Any:
        queued = now()

        def job(engine: Any) -> Any:
            current.setdefault("jobs", []).append((queued, now()))
            return func(engine)

        return await run(self, job)

    def timed_note(self: Any, outcomes: Any) -> None:
        current["committed"] = now()
        note(self, outcomes)

    def timed_announce(self: Any) -> Any:
        events, rows = announce(self)
        groups.append({**current, "announced": now(), "seqs": [e.seq for e in events]})
        current.clear()
        return events, rows

    def timed_deliver(self: Any, events: Any, rows: Any, settle: Any) -> None:
        started = now()
        deliver(self, events, rows, settle)
        seqs = [e.seq for e in events]
        for group in reversed(groups):
            if group["seqs"] == seqs and seqs:
                group.update(deliver=started, delivered=now())
                break

    writer.Writer.run, writer.Writer._note = timed_run, timed_note  # type: ignore[method-assign]
    writer.Writer._announce, writer.Writer._deliver = timed_announce, timed_deliver  # type: ignore[method-assign]

    def dump(*_: object) -> None:
        trace.with_suffix(".part").write_text(json.dumps(groups))
        os.replace(trace.with_suffix(".part"), trace)  # whole, or not there yet

    signal.signal(signal.SIGUSR1, dump)
    from qms.cli import main as qms_main

    sys.argv = ["qms", *argv]
    return qms_main()


async def calls(port: int, display: str, token: str, kiosks: list[str], clients: int, count: int,
                rate: float) -> list[dict[str, float]]:
    from bench.bench_server import Calling

    calling = Calling(port, display, token, 10, kiosks, clients, rate, "raw")
    await calling.open()
    out = []
    for _ in range(count):
        started, _, arrivals = await calling.call()
        out.append({"start": started, "first": min(arrivals), "last": max(arrivals)})
    await calling.close()
    return out


def steps(made: list[dict[str, float]], groups: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Each call's steps in ms, from the group whose first job was queued after its request was sent."""
    out: dict[str, list[float]] = {name: [] for name in STEPS}
    timed = [g for g in groups if g.get("jobs") and "deliver" in g]
    for call in made:
        group = min(timed, key=lambda g: min((q - call["start"] for q, _ in g["jobs"] if q >= call["start"]),
                                             default=1e9))
        queued, began = min((j for j in group["jobs"] if j[0] >= call["start"]), key=lambda j: j[0])
        ms = [queued - call["start"], began - queued, group["committed"] - began,
              group["announced"] - group["committed"], group["deliver"] - group["announced"],
              group["delivered"] - group["deliver"], group["deliver"] - call["start"], call["first"] - group["deliver"],
              call["first"] - call["start"], call["last"] - call["first"]]
        for name, value in zip(STEPS, ms, strict=True):
            out[name].append(value * 1000)
    return out


def main() -> int:
    if sys.argv[1:2] == ["--serve"]:
        return serve(Path(sys.argv[2]), sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--issue-rate", type=float, default=20.0)
    args = parser.parse_args()
    import httpx

    from bench.bench_server import pct, prepare
    from bench.serving import start_server, stop_server

    with tempfile.TemporaryDirectory() as tmp:
        data, keys, display = prepare(Path(tmp), 14)
        trace = Path(tmp) / "trace.json"
        server = start_server([sys.executable, __file__, "--serve", str(trace), "server", "--data", str(data.root),
                               "--host", "127.0.0.1", "--port"])
        try:
            login = httpx.post(f"{server.url}/api/v1/auth/login",
                               json={"username": "bench9", "pin": "1234", "counter": 10}).json()
            made = asyncio.run(calls(server.port, display, login["token"], keys[:5], args.clients, args.calls,
                                     args.issue_rate))
            os.kill(server.pid, signal.SIGUSR1)
            deadline = time.monotonic() + 30
            while not trace.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            groups = json.loads(trace.read_text())
        finally:
            stop_server(server.process)
    print(f"{args.calls} calls, {args.clients} clients, kiosks issuing {args.issue_rate:g} tickets/s:")
    for name, ms in steps(made, groups).items():
        print(f"  {name:26s} median {statistics.median(ms):6.2f} ms, p90 {pct(ms, 0.9):6.2f} ms, "
              f"p99 {pct(ms, 0.99):6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
