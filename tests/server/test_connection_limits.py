"""The real server against clients that hold connections: too many idle ones, headers that never end or
never stop growing, malformed request lines, a WebSocket client that stops reading, odd WebSocket frames,
and a low open-file limit. Raw sockets on loopback; limits set small in ``[server]`` so the test is quick."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.fakes.centre import PINS, make_centre
from tests.fakes.http import bearer
from tests.fakes.server_process import ROOT, ServerProcess
from tests.fakes.waiting import wait_until

pytestmark = pytest.mark.slow

LIMITS = "issue_interval_seconds = 0\nmax_connections = 40\nheader_seconds = 1.5\nmax_header_bytes = 4096\n"


class Sockets:
    """Raw client sockets, all closed when the test ends."""

    def __init__(self) -> None:
        self.open: list[socket.socket] = []

    def adopt(self, s: socket.socket) -> socket.socket:
        self.open.append(s)
        return s

    def __call__(self, port: int) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(15)
        self.open.append(s)
        return s


@pytest.fixture
def raw() -> Iterator[Sockets]:
    sockets = Sockets()
    yield sockets
    for s in sockets.open:
        s.close()


def read_response(s: socket.socket) -> tuple[int, dict]:
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    return int(head.split()[1]), json.loads(body)


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def closed_by_server(s: socket.socket) -> bool:
    """Whether the server ended the connection (EOF or reset), reading whatever came first."""
    try:
        while chunk := s.recv(65536):
            del chunk
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def test_connections_beyond_the_limit_get_busy_and_idle_ones_are_cut(server_factory, raw: Sockets) -> None:
    server, centre = server_factory(LIMITS)
    idle = [raw(server.port) for _ in range(40)]
    extra = raw(server.port)
    status, body = read_response(extra)
    assert status == 503 and body["error"]["code"] == "busy" and body["error"]["message_vi"]
    # An idle connection that never sends its headers is cut after header_seconds, so the server never
    # runs out of files: health and issue answer again.
    assert all(closed_by_server(s) for s in idle)
    with httpx.Client(base_url=server.url, timeout=10) as c:
        assert c.get("/api/v1/health").status_code == 200
        assert c.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).status_code == 201


def test_headers_sent_too_slowly_are_cut(server_factory, raw: Sockets) -> None:
    server, _ = server_factory(LIMITS)
    s = raw(server.port)
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: qms\r\nX-Slow: ")
    assert closed_by_server(s)


def test_oversized_headers_are_refused_with_the_error_body(server_factory, raw: Sockets) -> None:
    server, _ = server_factory(LIMITS)
    s = raw(server.port)
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: qms\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
    status, body = read_response(s)
    assert status == 431 and body["error"]["code"] == "headers_too_large"
    assert body["error"]["details"]["limit"] == 4096


def test_a_malformed_request_line_gets_the_error_body_not_plain_text(server_factory, raw: Sockets) -> None:
    server, _ = server_factory(LIMITS)
    s = raw(server.port)
    s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
    status, body = read_response(s)
    assert status == 400 and body["error"]["code"] == "bad_request" and body["error"]["message_en"]


def test_binary_and_invalid_utf8_frames_close_quietly(server_factory, raw: Sockets) -> None:
    server, centre = server_factory(LIMITS)

    async def send(frame: bytes | str) -> int | None:
        url = f"ws://127.0.0.1:{server.port}/api/v1/events?token={centre.display}"
        async with connect(url) as ws:
            await ws.recv()  # the snapshot
            await ws.send(frame)
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), timeout=0.5)
            except TimeoutError:
                return None  # still open: the frame was ignored
            except ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd else None

    assert asyncio.run(send(b"\x00\xff binary")) is None
    # websockets refuses to send invalid UTF-8 as text, so this frame is hand-made: FIN, text, masked
    assert asyncio.run(send_raw_text(server.port, centre.display, b"\xc3\x28")) == 1007
    log = server.log.read_text("utf-8", "replace")
    assert "Traceback" not in log and "Exception" not in log


async def send_raw_text(port: int, key: str, payload: bytes) -> int | None:
    async with connect(f"ws://127.0.0.1:{port}/api/v1/events?token={key}") as ws:
        await ws.recv()
        mask = b"\x01\x02\x03\x04"
        frame = bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        ws.transport.write(frame)
        try:
            while True:
                await asyncio.wait_for(ws.recv(), timeout=5)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


def test_the_server_raises_a_low_open_file_limit(tmp_path: Path) -> None:
    centre = make_centre(tmp_path / "data", "issue_interval_seconds = 0\n")
    server = ServerProcess(centre.data, tmp_path / "server.log")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard <= 256:
        pytest.fail(f"this machine's hard file limit ({hard}) leaves nothing to raise")
    with server.log.open("ab") as out:
        server.proc = subprocess.Popen(
            [sys.executable, "-m", "qms", "server", "--data", str(centre.data.root), "--host", "127.0.0.1",
             "--port", str(server.port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard)))
    try:
        wait_until(server.healthy, timeout=20, what="server health")
        limits = Path(f"/proc/{server.proc.pid}/limits").read_text()
        line = next(row for row in limits.splitlines() if row.startswith("Max open files"))
        assert int(line.split()[3]) == hard
    finally:
        server.kill()


def test_a_client_that_stops_reading_is_cut_once_dropped(server_factory, raw: Sockets) -> None:
    server, centre = server_factory("issue_interval_seconds = 0\nclient_queue = 20\nsocket_send_buffer = 4096\n",
                                    kiosks=2)
    stalled = raw.adopt(socket.socket())
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    stalled.connect(("127.0.0.1", server.port))
    port = stalled.getsockname()[1]
    stalled.sendall(b"GET /api/v1/events?since=0&token=" + centre.display.encode() + b" HTTP/1.1\r\n"
                    b"Host: qms\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    wait_until(lambda: server_side_open(server.proc.pid, server.port, port), what="the probe to see the socket")
    done = threading.Event()
    keys = [centre.kiosk, centre.kiosk2, *centre.extra_kiosks]
    threads = [threading.Thread(target=noisy_kiosk, args=(server.url, key, done)) for key in keys]
    for t in threads:
        t.start()
    try:
        wait_until(lambda: "event client dropped" in server.log.read_text("utf-8", "replace"), timeout=90,
                   what="the stalled client to be dropped")
    finally:
        done.set()
        for t in threads:
            t.join()
    # The client still reads nothing; the server's end of its connection must go all the same.
    wait_until(lambda: not server_side_open(server.proc.pid, server.port, port), timeout=20,
               what="the connection to be cut")


def server_side_open(pid: int, server_port: int, client_port: int) -> bool:
    """Whether the server process still holds the socket of the connection from *client_port*."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            inodes.add(os.readlink(fd))
        except OSError:
            continue
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        local, remote, inode = parts[1], parts[2], parts[9]
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
            return f"socket:[{inode}]" in inodes
    return False


def noisy_kiosk(url: str, key: str, done: threading.Event) -> None:
    with httpx.Client(base_url=url, headers=bearer(key), timeout=10) as c:
        while not done.is_set():
            r = c.post("/api/v1/tickets", json={"field": "HT"})
            assert r.status_code == 201, r.text
            c.post(f"/api/v1/tickets/{r.json()['ticket']['id']}/print-result",
                   json={"ok": True, "status": "online", "reason": "x" * 300})



def test_a_forwarded_for_header_cannot_hide_a_guessing_address(server_factory) -> None:
    server, _ = server_factory("issue_interval_seconds = 0\nlogin_address_attempts = 3\n")
    login = f"{server.url}/api/v1/auth/login"
    codes = [httpx.post(login, json={"username": f"a{n}", "pin": "0000", "counter": 1},
                        headers={"X-Forwarded-For": f"10.0.0.{n}"}, timeout=30).status_code for n in range(4)]
    right = httpx.post(login, json={"username": "nguyenvanan", "pin": PINS["nguyenvanan"], "counter": 1},
                       headers={"X-Forwarded-For": "10.0.0.99"}, timeout=30)
    assert codes == [401, 401, 401, 429]
    assert right.status_code == 429  # still the loopback address that was guessing
