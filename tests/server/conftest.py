"""Fixtures of the server tests: a centre open all day, staff with known PINs, registered devices, the app
in-process (TestClient) and a real ``qms server`` in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import pytest

from core.clock import SystemClock
from core.commands import write_sample
from core.datadir import DataDir
from core.directory import set_pin
from server.app import create_app
from server.devices import add_device
from server.settings import Settings

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
PINS = {"admin": "418263", "nguyenvanan": "592731", "tranthibinh": "863154", "lehoangcuong": "274986"}
T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float = 10.0, what: str = "condition") -> T:
    """Poll *predicate* until it returns something truthy; fail after *timeout* seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        # A poll, not a sleep that stands for a guess: the predicate decides.
        socket.socket().close()


@dataclass
class Centre:
    """A data directory ready for the server, and the credentials in it."""

    data: DataDir
    kiosk: str
    kiosk2: str
    display: str
    extra_kiosks: list[str] = field(default_factory=list)


def make_centre(root: Path, server: str = "", kiosks: int = 0) -> Centre:
    """The sample centre with ticket hours all day every day, PINs from ``PINS`` and three devices."""
    data = DataDir(root)
    write_sample(data)
    text = data.config.read_text("utf-8")
    text = text.replace('mon-fri = ["07:00-11:30", "13:00-17:00"]\n', 'mon-sun = ["00:00-23:59"]\n', 1)
    text = text.replace('hours = { mon-fri = ["07:00-11:30", "13:00-17:00"], sat = ["07:30-11:30"] }',
                        'hours = { mon-sun = ["00:00-23:59"] }')
    data.config.write_text(text + "\n[server]\n" + server + "\n", "utf-8")
    clock = SystemClock()
    _, db = data.open(clock, create=True)
    for username, pin in PINS.items():
        set_pin(db, username, pin)
    keys = [add_device(db, clock, "kiosk", f"Ki-ốt {i}")[1] for i in range(2 + kiosks)]
    display = add_device(db, clock, "display", "Màn hình sảnh")[1]
    db.conn.close()
    return Centre(data=data, kiosk=keys[0], kiosk2=keys[1], display=display, extra_kiosks=keys[2:])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def centre(tmp_path: Path) -> Centre:
    return make_centre(tmp_path, "issue_interval_seconds = 0\n")


@pytest.fixture
def client(centre: Centre) -> Iterator[TestClient]:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as c:
        yield c


def in_process(app: Any) -> TestClient:
    """A TestClient for *app*. Starlette warns that its TestClient still uses httpx; that is its own
    business, so only that warning is silenced, only while importing it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    return TestClient(app)


def login(client: TestClient | httpx.Client, username: str, counter: int | None) -> str:
    r = client.post("/api/v1/auth/login", json={"username": username, "pin": PINS[username], "counter": counter})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``python -m qms server`` in a subprocess; start, stop, kill and start again on the same port."""

    def __init__(self, data: DataDir, log: Path) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "qms", "server", "--data", str(self.data.root), "--host", "127.0.0.1",
                 "--port", str(self.port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        wait_until(self._healthy, timeout=20, what="server health")

    def _healthy(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"server exited: {self.log.read_text('utf-8', 'replace')[-3000:]}")
        try:
            return httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., tuple[ServerProcess, Centre]]]:
    started: list[ServerProcess] = []

    def start(server: str = "issue_interval_seconds = 0\n", kiosks: int = 0) -> tuple[ServerProcess, Centre]:
        c = make_centre(tmp_path / "data", server, kiosks)
        proc = ServerProcess(c.data, tmp_path / "server.log")
        started.append(proc)
        proc.start()
        return proc, c

    yield start
    for proc in started:
        proc.kill()


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None
