"""One app of the demo in its own process: ``python -m qms.demo.child APP [options] -- APP'S ARGS``.

It runs the real app (``kiosk.app.main``, ``counter.app.main``, ``display.app.main``) with its own
command line, and beside it, in the same process: the window placed where the demo's arrangement puts it
(``--rect``, in the screen's pixels; ``--scale`` draws a window laid out for a whole screen smaller),
the autopilot of that app
(``qms.demo.pilots``), and a control channel on standard input read by a thread — ``shot PATH`` saves the
app's window as a PNG, ``quit`` (or the end of input: the demo that started us is gone) ends the app.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtWidgets import QApplication, QWidget

from client.ui.screenshot import grab_window, main_window
from qms.demo.pilots import CounterPilot, HumanWatch, KioskPilot, named_timer

APPS = ("kiosk", "counter", "display")


class Control(QObject):
    """Lines from standard input, delivered on the GUI thread (``line``); ``""`` at the end of input."""

    line = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._read, name="demo-control", daemon=True).start()

    def _read(self) -> None:
        for text in sys.stdin:
            self.line.emit(text.strip())
        self.line.emit("")


class Driver(QObject):
    """Places the app's window, answers the control channel, and owns the autopilot."""

    def __init__(self, app: QApplication, name: str, place: QRect, options: argparse.Namespace) -> None:
        super().__init__(app)
        self.app, self.name, self.place, self.options = app, name, place, options
        self.placed: dict[int, int] = {}  # window → placing steps done
        self.pilot: KioskPilot | CounterPilot | None = None
        self.watch = HumanWatch(app)
        self.place_timer = named_timer(self, "place_timer", 300)
        self.place_timer.timeout.connect(self.arrange)
        self.place_timer.start()
        self.control = Control(self)
        self.control.line.connect(self.command)
        self.control.start()

    def arrange(self) -> None:
        """Put each new main window of the app in its place once (a person may move it after); on the
        next tick, make room for the window manager's frame, so that frames do not overlap."""
        window = main_window(self.app)
        if window is None:
            return
        step = self.placed.get(id(window), 0)
        login = self.name == "counter" and window.width() < self.place.width() // 2
        if step == 0:
            if window.isFullScreen():
                window.showNormal()
            if login:
                # the login screen: in the middle of the counter's place, at its own size
                window.move(self.place.center() - window.rect().center())
            else:
                window.setGeometry(self.place)
        elif step == 1 and not login:
            frame, inner = window.frameGeometry(), window.geometry()
            if frame != inner:
                window.setGeometry(self.place.adjusted(inner.left() - frame.left(), inner.top() - frame.top(),
                                                       inner.right() - frame.right(), inner.bottom() - frame.bottom()))
        self.placed[id(window)] = step + 1
        if self.name == "kiosk" and self.pilot is None:
            self._start_kiosk_pilot(window)

    def _start_kiosk_pilot(self, window: QWidget) -> None:
        if not hasattr(window, "field_chosen"):
            return
        pilot = KioskPilot(window, self.options.fields, self.options.interval_ms, random.Random(self.options.seed),
                           self.watch, rush=4, parent=self)
        pilot.start()
        self.pilot = pilot

    def start_counter_pilot(self, counter_app: Any) -> None:
        pilot = CounterPilot(counter_app, self.options.user, os.environ.get("QMS_DEMO_PIN", ""),
                             self.options.counter, self.options.fields, self.options.interval_ms,
                             random.Random(self.options.seed), self.watch, parent=self)
        pilot.left_alone.connect(lambda n: print(f"counter {n}: left to the person at it", flush=True))
        pilot.start()
        self.pilot = pilot

    def command(self, text: str) -> None:
        """``shot PATH``, ``quit``, or the end of input."""
        verb, _, rest = text.partition(" ")
        if verb == "shot" and rest:
            window = main_window(self.app)
            ok = window is not None and grab_window(window, Path(rest))
            print(f"shot {'saved' if ok else 'failed'} {rest}", flush=True)
        elif verb in ("quit", ""):
            self.place_timer.stop()
            if self.pilot is not None:
                self.pilot.timer.stop()
            self.app.exit(0)


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """This driver's options, and the app's own arguments after ``--``."""
    split = argv.index("--") if "--" in argv else len(argv)
    own, rest = argv[:split], argv[split + 1:]
    p = argparse.ArgumentParser(prog="python -m qms.demo.child")
    p.add_argument("app", choices=APPS)
    p.add_argument("--rect", type=lambda s: [int(v) for v in s.split(",")], default=[0, 0, 960, 540])
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--interval-ms", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--fields", type=lambda s: [v for v in s.split(",") if v], default=[])
    p.add_argument("--user", default="")
    p.add_argument("--counter", type=int, default=0)
    return p.parse_args(own), rest


def main(argv: list[str] | None = None) -> int:
    options, app_args = parse(list(sys.argv[1:] if argv is None else argv))
    if options.scale != 1.0:
        # A counter's window is laid out for a PC's whole screen: here Qt draws all of it smaller, and
        # the millimetres of every app's Metrics stay those of a 96-dpi monitor so they shrink with it.
        os.environ["QT_SCALE_FACTOR"] = f"{options.scale:.3f}"
        os.environ["QMS_DPI"] = "96"
    app = QApplication(sys.argv[:1])
    x, y, w, h = (round(v / options.scale) for v in options.rect)
    place = QRect(x, y, w, h)
    driver = Driver(app, options.app, place, options)
    from qms.cli import build_parser

    if options.app == "kiosk":
        # The kiosk is laid out in millimetres of a 1080-pixel-wide portrait panel: scale it to its place.
        app_args += ["--dpi", f"{96 * place.width() / 1080:.1f}"]
    elif options.app == "display":
        app_args += ["--size", f"{place.width()}x{place.height()}"]
    args = build_parser().parse_args([options.app, *app_args])
    if options.app == "counter":
        from counter.app import main as counter_main

        return counter_main(args.server, args.counter, args.lang, ready=driver.start_counter_pilot)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
