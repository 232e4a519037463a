"""The README's picture of ``qms demo``: the whole centre on one 1920 × 1080 screen.

    python scripts/screenshots_demo.py            # writes docs/screenshots/demo.png

Runs the real ``qms demo`` (windowed, at the visitor's pace) on a virtual X screen (Debian's
``Xvfb``, installed by ``scripts/setup.sh --dev``) and grabs the screen at a busy moment: both counters
with a citizen in hand, people waiting, a few citizens already served. Then ends the demo as Ctrl+C would.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.xvfb import Xvfb  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "demo.png"


def busy(folder: Path) -> bool:
    """Both counters serve someone, someone waits, and a few have been served already."""
    try:
        with closing(sqlite3.connect(f"file:{folder / 'qms.db'}?mode=ro", uri=True, timeout=5)) as db:
            in_hand = {c for (c,) in db.execute("SELECT counter FROM tickets WHERE state IN ('called', 'serving')")}
            waiting = db.execute("SELECT count(*) FROM tickets WHERE state = 'waiting'").fetchone()[0]
            done = db.execute("SELECT count(*) FROM tickets WHERE state = 'done'").fetchone()[0]
    except sqlite3.Error:
        return False
    return len(in_hand) == 2 and waiting >= 2 and done >= 3


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="qms-demo-shot-") as tmp, Xvfb(1920, 1080) as screen:
        folder = Path(tmp) / "demo"
        demo = subprocess.Popen([sys.executable, "-m", "qms", "demo", "--folder", str(folder), "--speed", "1"],
                                cwd=ROOT, env=screen.env(), stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 600
            while not busy(folder):
                if demo.poll() is not None or time.monotonic() > deadline:
                    print("the demo ended or never got busy", file=sys.stderr)
                    return 1
                time.sleep(0.5)
            time.sleep(0.5)  # the display and the counters follow the database within a moment
            screen.grab(OUT)
        finally:
            demo.send_signal(signal.SIGINT)
            demo.wait(120)
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
