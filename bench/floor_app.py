"""The floor under the server's event loop: uvicorn with the server's own protocol classes
(``server.limits``) and uvloop, and an ASGI app that does nothing but answer 201 with a ticket-sized body
(200 for a GET). ``bench/bench_cost.py --floor`` runs it beside the servers it measures, twice:

- ``floor``: answers at once — what uvicorn and the event loop cost per request with no app at all;
- ``floor-wait``: first hands each request to a thread that waits *seconds* (an fsync's time) and answers
  everything that arrived meanwhile in one call back to the loop, as the server's group-committing writer
  does — the same, plus what the loop pays to go idle and be woken for every answer.

    python bench/floor_app.py now|wait SECONDS PORT
"""

from __future__ import annotations

import asyncio
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import uvicorn

from server.limits import uvicorn_options
from server.settings import Settings

BODY = (b'{"ticket":{"id":1,"service_day":"2026-11-30","field":"DD","seq":1,"label":"1001","priority":null,'
        b'"state":"waiting","issued_at":"2026-11-30T20:00:00+00:00"},"ahead":0,"estimated_minutes":0,'
        b'"status_url":"http://127.0.0.1:8080/t/QJpO63U8yiWNH354ElrZ1NxR","centre":"QMS"}')


class GroupWaiter:
    """A thread that takes every waiting request, sleeps *seconds* once for all of them and answers them in
    one callback on the loop."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.jobs: queue.SimpleQueue[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = queue.SimpleQueue()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            group = [self.jobs.get()]
            while True:
                try:
                    group.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            time.sleep(self.seconds)
            group[0][0].call_soon_threadsafe(self._answer, [future for _, future in group])

    @staticmethod
    def _answer(futures: list[asyncio.Future[None]]) -> None:
        for future in futures:
            future.set_result(None)

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self.jobs.put((loop, future))
        await future


def make_app(waiter: GroupWaiter | None) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        while (await receive()).get("more_body"):
            pass
        if waiter is not None and scope["method"] == "POST":
            await waiter.wait()
        await send({"type": "http.response.start", "status": 201 if scope["method"] == "POST" else 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))]})
        await send({"type": "http.response.body", "body": BODY})

    return app


def main() -> None:
    mode, seconds, port = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    app = make_app(GroupWaiter(seconds) if mode == "wait" else None)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning",
                            proxy_headers=False, **uvicorn_options(Settings(), 4096))
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
