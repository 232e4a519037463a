"""The real ``qms server`` in a subprocess on a free loopback port: start, stop, kill and start again on
the same port and data, like a server PC restarted under its clients."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from core.datadir import DataDir

from .waiting import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    """``python -m qms server --data DIR`` in a subprocess; its output goes to *log*."""

    def __init__(self, data: DataDir, log: Path) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        """Start the server and return once it answers ``/api/v1/health`` (a ceiling, not a wait: on a machine
        loaded by parallel test runs a cold start of Python, FastAPI and the database took over 20 s)."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "qms", "server", "--data", str(self.data.root), "--host", "127.0.0.1",
                 "--port", str(self.port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        wait_until(self.healthy, timeout=timeout, what="server health")

    def healthy(self) -> bool:
        """True once the server answers its health check; raises if the process has exited."""
        if self.proc is None:
            return False
        if self.proc.poll() is not None:
            raise AssertionError(f"server exited: {self.log.read_text('utf-8', 'replace')[-3000:]}")
        try:
            return httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        """End the server as a service manager would (SIGTERM) and wait for it."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        self.proc = None

    def kill(self) -> None:
        """End the server as a power cut would (SIGKILL)."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()
