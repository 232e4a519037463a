"""``qms kiosk``: read this machine's settings, pick the printer, wire the kiosk up and run it.

Settings live in ``<config>/qms/kiosk.toml`` (``client.ui.settings``); options on the command line win
for this run. Without a server address and key the set-up screen opens first. The printer is any
``printers`` URI (``virtual://DIR`` for a demonstration: each ticket saved as PNG and bytes); none at all
means tickets are shown on screen only, and the screen says so.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assets.settings import ConfigError
from client.api import ApiClient
from client.session import ServerSession
from client.ui.application import make_application
from client.ui.settings import AppSettings, Setting
from kiosk.controller import KioskController
from kiosk.look import Look
from kiosk.printing import KioskPrinter
from kiosk.window import KioskWindow
from printers.errors import PrinterError
from printers.jobs import PrintService
from printers.template import PAPER_WIDTHS

SCHEMA = (
    Setting("server", str, ""),
    Setting("key", str, ""),
    Setting("printer", str, ""),
    Setting("paper", str, "centre", choices=("centre", "58mm", "80mm")),
    Setting("lang", str, "vi", choices=("vi", "en")),
    Setting("screen", int, 0, minimum=0, maximum=8),
    Setting("fullscreen", bool, True),
    Setting("scanner_port", str, ""),  # a serial code scanner; empty: a keyboard-wedge scanner, if any
    Setting("guidance", bool, False),  # spoken guidance: this kiosk has speakers and stands where it is wanted
)


def kiosk_settings() -> AppSettings:
    """This machine's kiosk settings (defaults when there is no file yet)."""
    return AppSettings("kiosk", SCHEMA)


def apply_options(settings: AppSettings, args: argparse.Namespace) -> dict[str, object]:
    """The settings for this run: the file's, overridden by the command line's."""
    values: dict[str, object] = dict(settings.values)
    for key in ("server", "key", "printer", "lang", "screen", "fullscreen"):
        value = getattr(args, key, None)
        if value is not None:
            values[key] = value
    return values


def build(values: dict[str, object], app: QApplication, look: Look) -> tuple[KioskWindow, KioskController]:
    """The window and its controller for *values* (also used by the screenshot script and tests)."""
    window = KioskWindow(look, lang=str(values["lang"]), now=datetime.now)
    # Everything hangs from the window: deleted with it, on the GUI thread, never by a collector elsewhere.
    api = ApiClient(str(values["server"]), token=str(values["key"]) or None, parent=window)
    session = ServerSession(api, parent=window)
    paper = str(values.get("paper", "centre"))
    width = PAPER_WIDTHS[paper] if paper in PAPER_WIDTHS else None
    printer = None
    if values.get("printer"):
        printer = KioskPrinter(PrintService(str(values["printer"])), api, parent=window)
    from kiosk.guide import make_guide

    guidance = bool(values.get("guidance", False))
    controller = KioskController(api, session, window, printer, paper_width=width,
                                 guide_factory=lambda voice: make_guide(guidance, voice, parent=window), parent=window)
    from kiosk.scanning import KioskScanner, make_scanner

    controller.scanner = KioskScanner(api, window, make_scanner(str(values.get("scanner_port", ""))), parent=window)
    return window, controller


def main(args: argparse.Namespace) -> int:
    """Run the kiosk until an administrator closes it."""
    from kiosk.setup import run_setup

    settings = kiosk_settings()
    error = None
    try:
        settings.load()
    except ConfigError as exc:
        error = exc.message("vi")
    values = apply_options(settings, args)
    app, metrics = make_application("kiosk", screen=int(values["screen"]), dpi=args.dpi)
    if error or args.setup or not values["server"] or not values["key"]:
        if not run_setup(settings, error):
            return 1
        values = apply_options(settings, args)
    try:
        window, controller = build(values, app, Look(metrics))
    except PrinterError as exc:
        print(tr_bad_printer(exc), file=sys.stderr)
        return 2
    screens = app.screens()
    screen = screens[int(values["screen"])] if int(values["screen"]) < len(screens) else app.primaryScreen()
    window.setWindowTitle("QMS")
    if values["fullscreen"]:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a touch screen needs no pointer
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        # A panel turned on its stand: the window follows, and lays itself out for the new shape.
        screen.geometryChanged.connect(window.setGeometry)
    else:
        geometry = screen.availableGeometry()
        window.resize(min(1080, geometry.width()), min(1920, geometry.height()) * 9 // 10)
        window.show()
    from kiosk.setup import AdminCorner

    AdminCorner(window, settings, str(values["server"]), parent=window)
    controller.start()
    return app.exec()


def tr_bad_printer(exc: PrinterError) -> str:
    """The bad-printer message in both languages."""
    from assets.texts import tr

    return "\n".join(tr("kiosk.cli.bad_printer", lang, detail=exc.message(lang)) for lang in ("vi", "en"))
