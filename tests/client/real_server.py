"""The real QMS server in a subprocess, for the client's end-to-end tests.

``qms init`` makes a sample centre in a temporary data directory (its officers' PINs are read from the
output), ``qms device add`` registers a kiosk and a display, and ``qms server`` runs on a free loopback
port; ``stop()`` and ``start()`` again restart it on the same port and data.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

from .fake_server import free_port


def qms(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "qms", *args], capture_output=True, text=True, timeout=60,
                          check=True)
    return done.stdout


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class RealServer:
    """A data directory, its PINs and device keys, and the server process."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = free_port()
        out = qms("init", "--data", str(data))
        self.pins = dict(re.findall(r"^\s+(\w+)\s+(\d{4,})\s", out, re.MULTILINE))
        self._open_all_day()
        self.kiosk_key = self._device("kiosk", "Ki-ốt sảnh A")
        self.display_key = self._device("display", "Màn hình sảnh A")
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data / "server.log"

    def _open_all_day(self) -> None:
        """Ticket hours around the clock, so the test runs at any hour, and no pause between two tickets
        of one kiosk (the server's guard against a stuck button)."""
        config = self.data / "centre.toml"
        text = re.sub(r"^hours = \{.*\}$", "", config.read_text("utf-8"), flags=re.MULTILINE)
        text = re.sub(r"(\[centre\.hours\]\n)(?:[a-z-]+ = \[.*\]\n)+", r'\1mon-sun = ["00:00-24:00"]\n', text)
        if "[server]" in text:
            text = text.replace("[server]", "[server]\nissue_interval_seconds = 0", 1)
        else:
            text = "[server]\nissue_interval_seconds = 0\n\n" + text
        config.write_text(text, "utf-8")

    def _device(self, kind: str, name: str) -> str:
        return re.findall(r"^(qmsd_\S+)$", qms("device", "add", kind, name, "--data", str(self.data)),
                          re.MULTILINE)[-1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "qms", "server", "--data", str(self.data), "--host", "127.0.0.1",
                 "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)

    def up(self) -> bool:
        """True once the server accepts connections (for ``qtbot.waitUntil``)."""
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the server exited: {self.log.read_text('utf-8', 'replace')[-2000:]}")
        return listening(self.port)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(15)
            self.proc = None
