"""``qms demo``: the whole centre alive on one screen.

A sample centre in a new folder, its server on a free loopback port, and the kiosk, two counters and the
wall display as processes of their own, arranged on the screen, with an autopilot playing citizens and
officers (``qms.demo.pilots``). Closing the display or Ctrl+C ends everything; the folder keeps the
printed tickets, the announcements, the logs and the day's report. ``--headless`` (or a machine without a
display) runs the same offscreen for ``--minutes`` and writes each window's screenshot too.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from assets.texts import cli_language
from core.commands import t

HEADLESS_MINUTES = 2.0
STOP_RESERVE_S = 20.0  # of --minutes, kept for the screenshots and for ending every process


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``qms demo``."""
    p = sub.add_parser("demo", help=t("help_demo"), description=t("help_demo"))
    p.add_argument("--folder", type=Path, default=None, metavar="DIR", help=t("help_demo_folder"))
    p.add_argument("--speed", type=float, default=1.0, metavar="X", help=t("help_demo_speed"))
    p.add_argument("--headless", action="store_true", help=t("help_demo_headless"))
    p.add_argument("--minutes", type=float, default=None, metavar="N", help=t("help_demo_minutes"))
    p.set_defaults(handler=cmd_demo)


def has_display() -> bool:
    """Whether windows can be shown here (on Linux: an X11 or Wayland session)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the demo until the display closes, Ctrl+C, or ``--minutes`` pass."""
    from qms.demo.centre import make_demo_centre
    from qms.demo.run import Demo, report

    if args.speed <= 0 or (args.minutes is not None and args.minutes <= 0):
        print(t("demo_bad_number"), file=sys.stderr)
        return 2
    headless = args.headless
    if not headless and not has_display():
        print(t("demo_no_display"))
        headless = True
    minutes = args.minutes if args.minutes is not None else (HEADLESS_MINUTES if headless else None)
    root = (args.folder or Path(tempfile.mkdtemp(prefix="qms-demo-"))).resolve()
    try:
        centre = make_demo_centre(root)
    except FileExistsError:
        print(t("demo_folder_used", path=root), file=sys.stderr)
        return 1
    print(t("demo_dir", path=root))
    for desk in centre.desks:
        print(t("demo_officer", counter=desk.counter, username=desk.username, pin=desk.pin))
    print(t("demo_admin", pin=centre.admin_pin))
    # --minutes is the whole run, start and end included, so `timeout` around the command is not hit.
    started = time.monotonic()
    demo = Demo(centre, args.speed, headless, lang=cli_language())
    previous = signal.signal(signal.SIGTERM, _interrupt) if hasattr(signal, "SIGTERM") else None
    code, shots = 0, []
    try:
        try:
            demo.start_server()
            print(t("demo_server", url=demo.url))
            demo.start_apps()
            print(t("demo_headless", minutes=f"{minutes:g}") if headless else t("demo_windows"), flush=True)
            left = None if minutes is None else max(0.0, minutes * 60 - STOP_RESERVE_S - (time.monotonic() - started))
            if demo.wait(None if left is None else left / 60) == "server":
                print(t("demo_server_died", path=demo.logs / "server.log"), file=sys.stderr)
                code = 1
        except KeyboardInterrupt:
            pass
        except RuntimeError as exc:
            print(f"{t('error')}: {exc}", file=sys.stderr)
            code = 1
        if headless and demo.apps:
            try:
                shots = demo.screenshots(timeout=STOP_RESERVE_S / 2)
            except KeyboardInterrupt:
                pass
    finally:
        # Nothing may interrupt the ending: a second Ctrl+C (or `timeout`) would leave processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if previous is not None:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        demo.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    summary = report(root)
    (root / "report.txt").write_text(summary, "utf-8")
    print(summary, end="")
    tickets = len(list((root / "tickets").glob("*.png")))
    voice = len(list((root / "voice").glob("*.wav")))
    print(t("demo_done", path=root, tickets=tickets, voice=voice, shots=len(shots)))
    return code


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
