"""The real server in a subprocess with real WebSocket clients: restarts, SIGKILL during a burst of
issues from four processes, and a stalled client that must not hold back the others."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from core.storage import connect as db_connect
from tests.fakes.http import bearer
from tests.fakes.server_process import ROOT
from tests.fakes.waiting import wait_until

pytestmark = pytest.mark.slow


class Listener:
    """A display-like client on its own thread: follows the stream, reconnects with ``since`` = the last
    sequence it saw, and records every event it receives."""

    def __init__(self, url: str, key: str, since: int = 0) -> None:
        self.url = url.replace("http://", "ws://") + "/api/v1/events"
        self.key = key
        self.seqs: list[int] = []
        self.last = since
        self.connections = 0
        self.close_codes: list[int | None] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                async with connect(f"{self.url}?since={self.last}&token={self.key}", open_timeout=2) as ws:
                    self.connections += 1
                    await self._follow(ws)
            except (OSError, ConnectionClosed, TimeoutError) as error:
                if isinstance(error, ConnectionClosed):
                    self.close_codes.append(error.rcvd.code if error.rcvd else None)
            # Back off a little so the test can change the world while this client is away.
            await asyncio.sleep(0.5)

    async def _follow(self, ws: ClientConnection) -> None:
        import json

        while not self._stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=0.2))
            except TimeoutError:
                continue
            if message["type"] == "event":
                seq = message["event"]["seq"]
                assert seq == self.last + 1, (seq, self.last)
                self.seqs.append(seq)
                self.last = seq
            elif message["type"] == "reload":
                self.last = message["snapshot"]["seq"]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


ALL_FIELDS = ("DD", "HT", "CT", "KD", "XD", "NV", "TP", "YT", "NN", "TH", "BH", "CU")


def issue(url: str, key: str, n: int, field: str | tuple[str, ...] = "DD") -> list[dict]:
    fields = (field,) if isinstance(field, str) else field
    with httpx.Client(base_url=url, headers=bearer(key), timeout=10) as c:
        out = []
        for i in range(n):
            r = c.post("/api/v1/tickets", json={"field": fields[i % len(fields)]})
            assert r.status_code == 201, r.text
            out.append(r.json()["ticket"])
        return out


def test_clients_reconnect_after_restart_and_miss_nothing(server_factory) -> None:
    server, centre = server_factory()
    listeners = [Listener(server.url, centre.display) for _ in range(3)]
    try:
        issue(server.url, centre.kiosk, 5)
        wait_until(lambda: all(lst.last == 5 for lst in listeners), what="first events")
        server.restart()
        # These happen while the clients are still away: they must come from the replay.
        issue(server.url, centre.kiosk, 5, "HT")
        wait_until(lambda: all(lst.connections >= 2 for lst in listeners), what="reconnects")
        issue(server.url, centre.kiosk, 3, "CT")
        wait_until(lambda: all(lst.last == 13 for lst in listeners), what="all events")
    finally:
        for lst in listeners:
            lst.stop()
    for lst in listeners:
        assert lst.seqs == list(range(1, 14))


def test_sigkill_during_a_burst_loses_no_answered_ticket(server_factory, tmp_path: Path) -> None:
    server, centre = server_factory(kiosks=2)
    keys = [centre.kiosk, centre.kiosk2, *centre.extra_kiosks]
    outs = [tmp_path / f"kiosk{i}.txt" for i in range(4)]
    procs = [subprocess.Popen([sys.executable, str(ROOT / "tests/server/burst_client.py"), server.url, key,
                               str(out)], cwd=ROOT) for key, out in zip(keys, outs, strict=True)]
    try:
        def answered() -> int:
            return sum(len(o.read_text().splitlines()) for o in outs if o.exists())
        wait_until(lambda: answered() >= 400, timeout=60, what="burst")
        server.kill()
        for p in procs:
            assert p.wait(timeout=30) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    server.start()
    received = [line.split() for o in outs for line in o.read_text().splitlines()]
    db = db_connect(centre.data.database, migrate=False)
    rows = {r[0]: (r[1], r[2]) for r in db.conn.execute("SELECT id, field_code, label FROM tickets")}
    for tid, field, label in received:
        assert rows[int(tid)] == (field, label)
    numbers = db.conn.execute("SELECT service_day, field_code, seq FROM tickets").fetchall()
    assert len(numbers) == len(set(numbers))
    assert len({(f, lab) for _, f, lab in received}) == len(received)
    after = issue(server.url, centre.kiosk, 1)[0]
    top = db.conn.execute("SELECT MAX(seq) FROM tickets WHERE field_code = 'DD'").fetchone()[0]
    assert after["seq"] == top
    seqs = [r[0] for r in db.conn.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_stalled_client_does_not_hold_back_the_others(server_factory) -> None:
    server, centre = server_factory(
        "issue_interval_seconds = 0\nclient_queue = 20\nsocket_send_buffer = 4096\n", kiosks=2)
    # A client that never reads (not even the handshake's answer), with the smallest receive buffer the
    # kernel allows. (A websockets client with max_queue=1 still reads ahead in its own buffers.)
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    raw.connect(("127.0.0.1", server.port))
    raw.sendall(b"GET /api/v1/events?since=0&token=" + centre.display.encode() + b" HTTP/1.1\r\nHost: qms\r\n"
                b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                b"Sec-WebSocket-Version: 13\r\n\r\n")
    listeners = [Listener(server.url, centre.display) for _ in range(3)]
    try:
        # The kernel buffers megabytes for a socket that does not read; keep events coming (a ticket and a
        # long print result each) until the server gives up on the stalled client.
        keys = [centre.kiosk, centre.kiosk2, *centre.extra_kiosks]
        done = threading.Event()
        threads = [threading.Thread(target=noisy_kiosk, args=(server.url, key, i, done)) for i, key in enumerate(keys)]
        for t in threads:
            t.start()
        try:
            wait_until(lambda: log_has_drop(server.log), timeout=90, what="the stalled client to be dropped")
        finally:
            done.set()
            for t in threads:
                t.join()
        total = httpx.get(f"{server.url}/api/v1/health").json()["seq"]
        wait_until(lambda: all(lst.last == total for lst in listeners), what="healthy clients")
        assert all(lst.connections == 1 and lst.seqs == list(range(1, total + 1)) for lst in listeners)
    finally:
        for lst in listeners:
            lst.stop()
        raw.close()


def noisy_kiosk(url: str, key: str, index: int, done: threading.Event) -> None:
    with httpx.Client(base_url=url, headers=bearer(key), timeout=10) as c:
        n = index
        while not done.is_set():
            r = c.post("/api/v1/tickets", json={"field": ALL_FIELDS[n % len(ALL_FIELDS)]})
            assert r.status_code == 201, r.text
            tid = r.json()["ticket"]["id"]
            c.post(f"/api/v1/tickets/{tid}/print-result", json={"ok": True, "status": "online", "reason": "x" * 300})
            n += 4


def log_has_drop(log: Path) -> bool:
    return "event client dropped" in log.read_text("utf-8", "replace")


def test_the_stream_is_sent_uncompressed_even_to_a_client_that_offers_deflate(server_factory) -> None:
    # Compression would be done once per client for every message; a browser and this client offer it.
    server, centre = server_factory()

    async def extensions() -> str | None:
        url = server.url.replace("http://", "ws://") + f"/api/v1/events?token={centre.display}"
        async with connect(url, open_timeout=10, compression="deflate") as ws:
            assert "permessage-deflate" in ws.request.headers["Sec-WebSocket-Extensions"]
            return ws.response.headers.get("Sec-WebSocket-Extensions")

    assert asyncio.run(extensions()) is None
