"""One way for the benchmarks and the screenshot scripts to run ``qms server`` in its own process: on a
free loopback port, waited for until it answers ``GET /api/v1/health``, and ended (SIGTERM) when done.

    with qms_server(data_root) as server:
        httpx.get(f"{server.url}/api/v1/health")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Return once the server at *url* answers its health check; raise if *process* exits first or the
    check still fails after *timeout* seconds (a ceiling: a cold start on a loaded machine takes long)."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before answering")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


@dataclass
class Running:
    """A started server: its process, port and base URL."""

    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid


def start_server(command: Sequence[str], port: int | None = None, cwd: Path = ROOT, timeout: float = 60,
                 preexec_fn: Callable[[], None] | None = None) -> Running:
    """Start *command* + ``PORT`` (any server that takes its port last) and wait until it is healthy."""
    port = port or free_port()
    process = subprocess.Popen([*command, str(port)], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"}, preexec_fn=preexec_fn)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, timeout)
    except BaseException:
        stop_server(process)
        raise
    return Running(process, port)


def stop_server(process: subprocess.Popen) -> None:
    """End the server as a service manager would (SIGTERM) and wait for it."""
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=20)


def qms_command(data_root: Path) -> list[str]:
    """``qms server`` on the centre in *data_root*, on loopback, its port to follow."""
    return [sys.executable, "-m", "qms", "server", "--data", str(data_root), "--host", "127.0.0.1", "--port"]


@contextmanager
def qms_server(data_root: Path, cwd: Path = ROOT, timeout: float = 60,
               preexec_fn: Callable[[], None] | None = None) -> Iterator[Running]:
    """``qms server`` on the centre in *data_root*, healthy, for the length of the block."""
    server = start_server(qms_command(data_root), cwd=cwd, timeout=timeout, preexec_fn=preexec_fn)
    try:
        yield server
    finally:
        stop_server(server.process)
