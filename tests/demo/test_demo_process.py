"""``qms demo`` as a person runs it: the server and the four apps as real processes, tickets issued at the
kiosk and served at the counters through the real API, screenshots of every window, and nothing left
running at the end."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image

from tests.fakes import xvfb
from tests.fakes.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
APPS = {"kiosk", "counter", "display"}


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is *pid*, with their command lines (Linux ``/proc``)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue  # it ended while we looked
    return found


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting for its parent."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def started(seen: dict[int, str]) -> set[str]:
    """Which of the server and the apps are among the processes *seen*."""
    names = {"server" for cmd in seen.values() if " qms server " in cmd}
    return names | {word for cmd in seen.values() if "qms.demo.child" in cmd for word in cmd.split() if word in APPS}


def events(folder: Path) -> dict[str, int]:
    """How many events of each kind the centre's log holds."""
    with closing(sqlite3.connect(f"file:{folder / 'qms.db'}?mode=ro", uri=True, timeout=10)) as db:
        return dict(db.execute("SELECT kind, count(*) FROM events GROUP BY kind").fetchall())


def not_blank(path: Path) -> bool:
    """The image shows something: many colours, not one flat fill."""
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    return colours is not None and len(colours) > 50


def demo(folder: Path, log: Path, *options: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "qms", "demo", "--folder", str(folder), *options], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT, env=env)


def follow(proc: subprocess.Popen[bytes], seen: dict[int, str], until: object, timeout: float, what: str) -> None:
    """Wait for *until* while noting every child of the demo that shows up."""

    def check() -> bool:
        # a zombie's command line is empty, and a child just forked still shows the demo's own
        seen.update({pid: cmd for pid, cmd in children(proc.pid).items() if cmd})
        return bool(until())  # type: ignore[operator]

    wait_until(check, timeout=timeout, what=what)


@pytest.mark.slow
def test_demo_without_a_display_runs_headless_serves_citizens_and_leaves_nothing_running(tmp_path: Path) -> None:
    folder, log = tmp_path / "demo", tmp_path / "demo.log"
    # a machine without a display (CI, SSH): the demo says so and runs headless by itself
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = demo(folder, log, "--minutes", "1", "--speed", "4", env={**env, "QMS_LANG": "en"})
    seen: dict[int, str] = {}
    follow(proc, seen, lambda: proc.poll() is not None, 300, "the demo to end")
    output = log.read_text("utf-8")
    assert proc.returncode == 0, output
    assert output.splitlines()[0] == "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set): running headless."
    assert started(seen) == {"server", "kiosk", "counter", "display"}, seen
    assert sum("qms.demo.child counter" in cmd for cmd in seen.values()) == 2
    assert not [pid for pid in seen if running(pid)]
    kinds = events(folder)
    assert kinds.get("issued", 0) >= 2 and kinds.get("called", 0) >= 1 and kinds.get("finished", 0) >= 1, kinds
    assert kinds.get("login", 0) == 2  # both officers logged in on their counter's own login screen
    shots = sorted(p.name for p in (folder / "screenshots").glob("*.png"))
    assert shots == ["counter-2.png", "counter-5.png", "display.png", "kiosk.png"]
    assert all(not_blank(folder / "screenshots" / name) for name in shots)
    assert list((folder / "tickets").glob("*.png")) and list((folder / "voice").glob("*.wav"))
    report = (folder / "report.txt").read_text("utf-8")
    assert report in output and "DD" in report + "".join(kinds)
    assert str(folder) in output


@pytest.mark.slow
@pytest.mark.skipif(not xvfb.available(), reason="needs Xvfb (scripts/setup.sh --dev)")
def test_windowed_demo_arranges_the_centre_and_stops_everything_when_the_display_ends(tmp_path: Path) -> None:
    folder, log = tmp_path / "demo", tmp_path / "demo.log"
    with xvfb.Xvfb(1920, 1080) as screen:
        proc = demo(folder, log, "--speed", "4", env=screen.env())
        seen: dict[int, str] = {}
        try:
            # the server answers once the database is made: from then on its log can be read
            follow(proc, seen, lambda: "http://127.0.0.1:" in log.read_text("utf-8"), 120, "the server")
            follow(proc, seen, lambda: events(folder).get("finished"), 240, "a citizen served")
            image = screen.grab(tmp_path / "screen.png")
            display = next(pid for pid, cmd in seen.items() if "qms.demo.child display" in cmd)
            os.kill(display, signal.SIGTERM)  # the display's PC switched off: the demo ends with it
            follow(proc, seen, lambda: proc.poll() is not None, 120, "the demo to end")
        finally:
            if proc.poll() is None:
                proc.kill()
    output = log.read_text("utf-8")
    assert proc.returncode == 0, output
    assert started(seen) == {"server", "kiosk", "counter", "display"}
    assert not [pid for pid in seen if running(pid)]
    assert not_blank(image)
    with Image.open(image) as shot:
        rgb = shot.convert("RGB")
        # the wall display's dark blue at the top right, the kiosk's and counters' light screens beside it
        assert sum(rgb.getpixel((1600, 300))) < 200
        assert sum(rgb.getpixel((20, 1060))) > 600 and sum(rgb.getpixel((1000, 1000))) > 600
    assert (folder / "report.txt").read_text("utf-8") in output and str(folder) in output


@pytest.mark.slow
def test_ctrl_c_stops_every_process_and_still_saves_the_screenshots_and_report(tmp_path: Path) -> None:
    folder, log = tmp_path / "demo", tmp_path / "demo.log"
    proc = demo(folder, log, "--headless", "--minutes", "10", "--speed", "4")
    seen: dict[int, str] = {}
    try:
        follow(proc, seen, lambda: "http://127.0.0.1:" in log.read_text("utf-8"), 120, "the server")
        follow(proc, seen, lambda: events(folder).get("called"), 240, "a citizen called")
        proc.send_signal(signal.SIGINT)
        follow(proc, seen, lambda: proc.poll() is not None, 120, "the demo to end")
    finally:
        if proc.poll() is None:
            proc.kill()
    output = log.read_text("utf-8")
    assert proc.returncode == 0, output
    assert started(seen) == {"server", "kiosk", "counter", "display"}
    assert not [pid for pid in seen if running(pid)]
    assert len(list((folder / "screenshots").glob("*.png"))) == 4
    assert (folder / "report.txt").read_text("utf-8") in output


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_demo_killed_outright_leaves_no_server_or_app_behind(tmp_path: Path) -> None:
    folder, log = tmp_path / "demo", tmp_path / "demo.log"
    proc = demo(folder, log, "--headless", "--minutes", "10", "--speed", "4")
    seen: dict[int, str] = {}
    try:
        follow(proc, seen, lambda: started(seen) == {"server", "kiosk", "counter", "display"}
               and len(seen) == 5, 120, "the server and the four apps")
    finally:
        proc.kill()  # SIGKILL: the demo cannot end anything itself
        proc.wait()
    wait_until(lambda: not [pid for pid in seen if running(pid)], timeout=60, what="every child to end")
