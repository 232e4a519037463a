"""Pytest fixtures built on the fakes, shared by every test folder (loaded by ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .centre import Centre, make_centre
from .server import FakeServer
from .server_process import ServerProcess


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    """The fake server, started on a free loopback port."""
    server = FakeServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., tuple[ServerProcess, Centre]]]:
    """Start a real ``qms server`` on the sample centre: ``server_factory(server="...", kiosks=0)`` gives
    the running process and the centre's credentials; every server started is killed at the end."""
    started: list[ServerProcess] = []

    def start(server: str = "issue_interval_seconds = 0\n", kiosks: int = 0) -> tuple[ServerProcess, Centre]:
        centre = make_centre(tmp_path / f"data{len(started)}", server, kiosks)
        proc = ServerProcess(centre.data, tmp_path / f"server{len(started)}.log")
        started.append(proc)
        proc.start()
        return proc, centre

    yield start
    for proc in started:
        proc.kill()
