"""The event loop's CPU per issued ticket, in-process: the real application (``server.app.create_app`` on a
sample centre, its writer thread committing every ticket to a real SQLite file) called as an ASGI app at 1,
4 and 16 concurrent requests, without a network or an HTTP parser. Only the loop thread's CPU time is
counted (``time.thread_time``), so the writer's work, which this measure leaves alone, does not blur it.

Each round measures the issue route two ways on the same server, interleaved: through the framework
(FastAPI's routing, dependencies and middlewares) and by the server's direct path for this one route
(``server/direct.py``); ``--before CHECKOUT`` adds the application of another checkout as a third.

    python bench/bench_issue_loop.py [--requests 2000] [--rounds 3] [--before /tmp/route-base]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = (1, 4, 16)
FIELDS = ("DD", "HT", "CT", "KD", "XD", "NV", "TP", "YT", "NN", "TH", "BH", "CU")

Message = dict[str, Any]


async def issue(app: Callable[..., Awaitable[None]], key: str, field: str) -> int:
    """One ``POST /api/v1/tickets`` through *app*; the status it answered."""
    body = json.dumps({"field": field}).encode()
    headers = [(b"host", b"127.0.0.1:8080"), (b"authorization", f"Bearer {key}".encode()),
               (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/v1/tickets", "raw_path": b"/api/v1/tickets",
             "query_string": b"", "root_path": "", "headers": headers, "server": ("127.0.0.1", 8080),
             "client": ("127.0.0.1", 50000), "state": {}}
    sent = False
    status = 0

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # a client that stays: never disconnects
        raise AssertionError

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def loop_cpu(app: Any, keys: list[str], connections: int, total: int) -> float:
    """µs of this thread's CPU per ticket for *total* tickets over *connections* concurrent callers."""
    left = [total]

    async def caller(key: str, n: int) -> None:
        while left[0] > 0:
            left[0] -= 1
            status = await issue(app, key, FIELDS[n % len(FIELDS)])
            assert status == 201, status
            n += 1

    started = time.thread_time()
    await asyncio.gather(*(caller(keys[i % len(keys)], i) for i in range(connections)))
    return (time.thread_time() - started) / total * 1e6


async def lifespan(app: Any) -> tuple[asyncio.Queue[Message], asyncio.Task[None]]:
    """Start *app*'s lifespan; the queue to stop it with and the task running it."""
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    started = asyncio.Event()

    async def send(message: Message) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    inbox.put_nowait({"type": "lifespan.startup"})
    task = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, inbox.get, send))
    await started.wait()
    return inbox, task


async def run_one(data: Path, keys: list[str], direct: bool, requests: int) -> dict[int, float]:
    import uvloop  # noqa: F401  (the server's loop; imported here so --before checkouts use their own path)

    from core.datadir import DataDir
    from server.app import create_app
    from server.settings import Settings

    app = create_app(Settings(issue_interval_seconds=0), DataDir(data))
    if not direct:
        getattr(app.state, "direct_routes", {}).clear()
    inbox, task = await lifespan(app)
    try:
        await loop_cpu(app, keys, 4, 200)  # warm: first statements prepared, lazy imports done
        return {c: await loop_cpu(app, keys, c, requests) for c in CONCURRENCY}
    finally:
        inbox.put_nowait({"type": "lifespan.shutdown"})
        await task


def child(args: argparse.Namespace) -> int:
    """Measure one application (the ``--child`` process: each in its own interpreter, so a checkout's
    modules never mix with another's)."""
    import uvloop

    logging.basicConfig(level=logging.WARNING)
    sys.path.insert(0, str(args.code))
    keys = args.keys.split(",")
    print(json.dumps(uvloop.run(run_one(args.data, keys, args.direct, args.requests))))
    return 0


def centre(root: Path) -> tuple[Path, list[str]]:
    sys.path.insert(0, str(ROOT))
    from bench.bench_cost import qms_centre

    return qms_centre(root, False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="tickets per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, default=None, metavar="CHECKOUT",
                        help="also the application of another checkout, as 'before'")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keys", default="", help=argparse.SUPPRESS)
    parser.add_argument("--direct", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    variants: list[tuple[str, Path, bool]] = [("framework", ROOT, False), ("direct", ROOT, True)]
    if args.before:
        variants.insert(0, ("before", args.before.resolve(), False))
    results: dict[str, list[dict[int, float]]] = {name: [] for name, _, _ in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, code, direct in variants[r % len(variants):] + variants[:r % len(variants)]:
                data, keys = centre(Path(tmp) / f"{name}-{r}")
                out = subprocess.run([sys.executable, __file__, "--child", "--code", str(code), "--data", str(data),
                                      "--keys", ",".join(keys), "--requests", str(args.requests)]
                                     + (["--direct"] if direct else []),
                                     check=True, capture_output=True, text=True, cwd=code).stdout
                results[name].append({int(c): v for c, v in json.loads(out.splitlines()[-1]).items()})
            print(f"round {r + 1} done, load average {os.getloadavg()}", flush=True)
    print()
    print("| concurrent requests | " + " | ".join(name for name, _, _ in variants) + " |")
    print("|---|" + "---|" * len(variants))
    for c in CONCURRENCY:
        cells = []
        for name, _, _ in variants:
            runs = [x[c] for x in results[name]]
            cells.append(f"{statistics.median(runs):.0f} ({min(runs):.0f}–{max(runs):.0f}) µs")
        print(f"| {c} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
