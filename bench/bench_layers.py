"""What each layer of the HTTP stack costs per request: CPU time of one thread for in-process ASGI calls
(no network, no database) to a small POST route, built up a layer at a time: FastAPI alone, the
server's middleware (``server.guard.Guard``) without and with its access log, a dependency, a dependency
with FastAPI's ``HTTPBearer`` under it, an answer checked and encoded through a ``response_model``; and
FastAPI's own OpenTelemetry (on unless turned off; the server turns it off).

    python bench/bench_layers.py [--requests 4000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.app import NO_TELEMETRY
from server.guard import AccessLog, Guard

ANSWER = {"ticket": {"id": 1, "label": "1001", "field": "DD"}, "ahead": 3}


class Out(BaseModel):
    ticket: dict[str, object]
    ahead: int


async def dependency(request: Request) -> object:
    return request.app.state


_bearer = HTTPBearer(auto_error=False)


async def bearer_dependency(request: Request,
                            credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> object:
    return credentials


def build(layers: str) -> FastAPI:
    app = FastAPI(telemetry=None if "telemetry" in layers else NO_TELEMETRY)
    if "bearer" in layers:
        @app.post("/x")
        async def with_bearer(request: Request, state: Annotated[object, Depends(bearer_dependency)]) -> Response:
            await request.body()
            return Response(json.dumps(ANSWER).encode(), 201, media_type="application/json")
    elif "dependency" in layers:
        @app.post("/x")
        async def with_dependency(request: Request, state: Annotated[object, Depends(dependency)]) -> Response:
            await request.body()
            return Response(json.dumps(ANSWER).encode(), 201, media_type="application/json")
    elif "model" in layers:
        @app.post("/x", status_code=201, response_model=Out)
        async def with_model(request: Request) -> dict[str, object]:
            await request.body()
            return ANSWER
    else:
        @app.post("/x")
        async def bare(request: Request) -> Response:
            await request.body()
            return Response(json.dumps(ANSWER).encode(), 201, media_type="application/json")
    if "guard" in layers:
        # Every request a line at once (as before), or counted for the minute's summary (as now).
        app.add_middleware(Guard, max_bytes=65536, log=AccessLog(slow_ms=0.0 if "log" in layers else math.inf))
    return app


async def cost(app: FastAPI, requests: int, runs: int) -> list[float]:
    body = b'{"field":"DD"}'

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, object]) -> None:
        pass

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/x", "raw_path": b"/x", "query_string": b"", "root_path": "", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 5000), "headers": [(b"host", b"qms"), (b"content-type", b"application/json"),
                                                        (b"content-length", str(len(body)).encode()),
                                                        (b"authorization", b"Bearer qmsd_x")]}
    for _ in range(500):
        await app(dict(scope), receive, send)
    results = []
    for _ in range(runs):
        started = time.thread_time()
        for _ in range(requests):
            await app(dict(scope), receive, send)
        results.append((time.thread_time() - started) / requests * 1e6)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=open(os.devnull, "w"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    variants = ["FastAPI alone", "+ its telemetry", "+ guard", "+ guard + log line", "+ dependency",
                "+ HTTPBearer under it", "+ model"]
    layers = {"FastAPI alone": "", "+ its telemetry": "telemetry", "+ guard": "guard",
              "+ guard + log line": "guard log", "+ dependency": "dependency", "+ HTTPBearer under it": "bearer",
              "+ model": "model"}
    times: dict[str, list[float]] = {v: [] for v in variants}
    for _ in range(2):  # interleaved, so a change in the machine's load falls on all alike
        for v in variants:
            times[v] += asyncio.run(cost(build(layers[v]), args.requests, args.runs))
    base = statistics.median(times["FastAPI alone"])
    print(f"load average {os.getloadavg()}")
    for v in variants:
        m = statistics.median(times[v])
        print(f"{v:22} {m:6.0f} µs per request ({m - base:+.0f} µs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
