"""``qms display``: read this PC's settings, open the window on the chosen screen, start the live wiring.

The first run (no settings file), a bad settings file, or ``--setup`` opens the set-up form; the
command-line options override the file for one run without changing it. Set-up and exit sit behind the
administrator's gate (Esc or Ctrl+Q to exit, F2 or Ctrl+S for the set-up): a citizen with a keyboard
cannot close the hall's screen.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from typing import Any

from assets.settings import ConfigError
from assets.texts import tr
from client.ui.settings import AppSettings

log = logging.getLogger("qms.display")

RESTART = 75  # the set-up was saved: build everything again from the new settings


def players(sound: bool, voice_out: str | None = None) -> Any:
    """The factory of the real player: QtMultimedia (or system speech), or silence without speakers;
    with *voice_out*, a recorder writing each announcement to that folder as a WAV file."""

    def make(voice: Any) -> tuple[Any, bool]:
        from client.voice.player import make_player, no_audio_output

        if voice_out:
            from pathlib import Path

            from client.voice.recorder import WavRecorder

            return WavRecorder(Path(voice_out)), True
        if not sound:
            log.info("%s", tr("display.voice_off"))
            return None, False
        if no_audio_output():
            log.warning("%s", tr("display.no_audio"))
            return None, False
        log.info("%s", tr("display.voice_on"))
        return make_player(voice.engine, voice.volume), True

    return make


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the command line states for this run."""
    out = {k: getattr(args, k) for k in ("server", "key", "screen", "layout") if getattr(args, k, None) is not None}
    if getattr(args, "windowed", False):
        out["fullscreen"] = False
    if getattr(args, "silent", False):
        out["sound"] = False
    return out


def main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    code = RESTART
    while code == RESTART:
        code = run(args)
        args.setup = False
    return code


def run(args: argparse.Namespace) -> int:
    """One life of the display, from its settings to the window closing."""
    started = time.perf_counter()
    from display.settings import display_settings

    settings = display_settings()
    error: ConfigError | None = None
    try:
        settings.load()
    except ConfigError as exc:
        error = exc
    try:
        settings.update(overrides(args))
    except ConfigError as exc:
        print(exc.message(str(settings["lang"])), file=sys.stderr)
        return 2
    lang = str(settings["lang"])

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from client.api import ApiClient
    from client.ui.application import make_application
    from client.ui.clock import system_now
    from client.ui.metrics import SANE_DPI, Metrics
    from client.ui.settings_dialog import SettingsDialog
    from display.layout import panel_dpi
    from display.runtime import DisplayRuntime

    app, metrics = make_application("display", screen=int(settings["screen"]))
    if args.setup or error is not None or not (settings.exists or args.server):
        dialog = SettingsDialog(settings, lang, error=error.message(lang) if error else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 1
    screens = app.screens()
    screen = screens[min(int(settings["screen"]), len(screens) - 1)]
    diagonal = float(settings["diagonal"])
    if diagonal > 0:
        size = screen.size() * screen.devicePixelRatio()
        dpi = panel_dpi(size.width(), size.height(), diagonal)
        metrics = Metrics(min(max(dpi, SANE_DPI[0]), SANE_DPI[1]))
    layout = str(settings["layout"])
    api = ApiClient(str(settings["server"]), token=str(settings["key"]) or None)
    make_player = players(bool(settings["sound"]), getattr(args, "voice_out", None))
    runtime = DisplayRuntime(api, metrics, make_player, now=system_now, monotonic=time.monotonic, lang=lang,
                             portrait=None if layout == "auto" else layout == "portrait")
    window = runtime.window
    window.admin_requested.connect(lambda purpose: open_gate(app, runtime, settings, purpose, lang))

    if bool(settings["fullscreen"]):
        window.setGeometry(screen.geometry())
        window.setCursor(Qt.CursorShape.BlankCursor)  # a TV has no pointer to show
        window.showFullScreen()
    else:
        window.resize(*window_size(getattr(args, "size", None)))
        window.show()
    runtime.session.snapshot_loaded.connect(lambda: announce_ready(runtime, started))
    runtime.start()
    code = app.exec()
    runtime.stop()
    window.close()
    window.deleteLater()
    runtime.deleteLater()
    return code


def open_message_form(settings: AppSettings, token: str, lang: str, parent: Any) -> Any:
    """The administrator's message form, acting with the token the gate obtained (logged out on close)."""
    from client.ui.message_form import MessageForm

    form = MessageForm(str(settings["server"]), token, lang, parent=parent)
    form.finished.connect(form.deleteLater)
    form.open()
    return form


def window_size(text: str | None) -> tuple[int, int]:
    """``--size 1280x720`` for a windowed display (default 1280 × 720)."""
    match = re.fullmatch(r"\s*(\d{3,5})\s*[x×]\s*(\d{3,5})\s*", text or "")
    return (int(match[1]), int(match[2])) if match else (1280, 720)


def announce_ready(runtime: Any, started: float) -> None:
    """Say once, on standard output, that the first state is on screen (scripts and tests wait for it)."""
    if getattr(runtime, "_ready_said", False):
        return
    runtime._ready_said = True
    print(tr("display.cli.ready", seconds=f"{time.perf_counter() - started:.2f}"), flush=True)


def open_gate(app: Any, runtime: Any, settings: AppSettings, purpose: str, lang: str) -> None:
    """Ask for an administrator; then quit, open the message form (``message``: the message on every
    display), or open the set-up and start again with what was saved."""
    from client.ui.admin_gate import AdminGate
    from client.ui.settings_dialog import SettingsDialog

    gate = AdminGate(str(settings["server"]), lang, purpose, parent=runtime.window,
                     keep_token=purpose == "message")
    if purpose == "message":
        gate.granted_token.connect(lambda _user, token: open_message_form(settings, token, lang, runtime.window))
        gate.open()
        return

    def granted(_username: str) -> None:
        if purpose == "exit":
            app.exit(0)
            return
        dialog = SettingsDialog(settings, lang, parent=runtime.window)
        dialog.saved.connect(lambda: app.exit(RESTART))
        dialog.open()

    gate.granted.connect(granted)
    gate.open()
