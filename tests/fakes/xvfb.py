"""A virtual X server for the tests that start a real app process (Qt's xcb platform, as on a kiosk PC).

``Xvfb`` starts Debian's ``Xvfb`` on a display number it picks itself (``-displayfd``), gives the
environment a child process needs (``DISPLAY``, ``QT_QPA_PLATFORM=xcb``), and ``grab()`` saves what the
screen shows to a PNG through Qt's own xcb grab, so a test can check that a window was really drawn.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0).toImage()
image.save(sys.argv[1])
"""


def available() -> bool:
    """True when Debian's Xvfb is installed (``scripts/setup.sh --dev`` installs it)."""
    return shutil.which("Xvfb") is not None


class Xvfb:
    """One virtual screen of *width* × *height*; use as a context manager."""

    def __init__(self, width: int = 1920, height: int = 1080) -> None:
        self.size = (width, height)
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""

    def __enter__(self) -> Xvfb:
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{self.size[0]}x{self.size[1]}x24",
             "-nolisten", "tcp", "-noreset"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:  # Xvfb writes its display number once it accepts clients
            number = pipe.readline().strip()
        if not number:
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        return self

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a process that draws on this screen."""
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        return {**env, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb", **extra}

    def grab(self, path: Path) -> Path:
        """Save the whole screen as *path* (PNG)."""
        subprocess.run([sys.executable, "-c", GRAB, str(path)], env=self.env(), check=True, timeout=30,
                       capture_output=True)
        return path

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
