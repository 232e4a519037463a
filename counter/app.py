"""``qms counter``: the officers' calling app, wired together.

``main()`` reads this machine's settings (the set-up form on the first run or when the file is bad),
opens the login screen, and after each login the counter's window on a live session with the server. A
token the server no longer accepts (logged in elsewhere, the counter taken over, the account disabled, a
new day) brings the login screen back with a word on why; a server restart does not — the officer's
token outlives it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError
from client.ui.metrics import Metrics
from client.ui.settings import AppSettings
from counter.login import LoginDialog

if TYPE_CHECKING:
    # Loaded when first needed: the login screen comes up sooner without the window, the event stream
    # and the printer stack (escpos, Pillow; only when a desk printer is set).
    from client.session import ServerSession
    from counter.desk import CounterDesk
    from counter.hardware import CounterHardware
    from counter.printing import DeskPrinter
    from counter.rating_window import RatingWindow
    from counter.scanning import CounterScanner
    from counter.window import CounterWindow


class CounterApp(QObject):
    """The login screen and, once logged in, the counter window with its desk and session."""

    def __init__(self, settings: AppSettings, metrics: Metrics, lang: str = "vi",
                 printer: DeskPrinter | None = None, api: ApiClient | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings, self.metrics, self.lang, self.printer = settings, metrics, lang, printer
        self.api = api or ApiClient(str(settings["server"]), parent=self)
        self._session: ServerSession | None = None
        self.login: LoginDialog | None = None
        self.window: CounterWindow | None = None
        self.desk: CounterDesk | None = None
        self.rating: RatingWindow | None = None
        self.hardware: CounterHardware | None = None
        self.scanner: CounterScanner | None = None
        if printer is not None:
            printer.printed.connect(self._on_printed)

    @property
    def session(self) -> ServerSession:
        """The live connection to the server (opened at the first login)."""
        if self._session is None:
            from client.session import ServerSession

            self._session = ServerSession(self.api, parent=self)
            self._session.unauthorized.connect(self._on_unauthorized)
        return self._session

    def start(self, message: str | None = None) -> LoginDialog:
        """Show the login screen (again)."""
        if self.login is not None and self.login.isVisible():
            if message:
                self.login.message.setText(message)
            return self.login
        self.login = LoginDialog(self.api, self.settings, self.metrics, self.lang, message)
        self.login.logged_in.connect(self._on_logged_in)
        self.login.rejected.connect(self._on_login_closed)
        self.login.show()
        return self.login

    def _on_logged_in(self, login: dict[str, Any], centre: dict[str, Any]) -> None:
        if self.window is not None and self.desk is not None and self.desk.counter == login["counter"] \
                and self.window.officer.get("username") == login["username"]:
            self.window.show()
        else:
            from counter.desk import CounterDesk
            from counter.window import CounterWindow

            self._close_window()
            self.desk = CounterDesk(self.api, self.session, login["counter"], self.lang, parent=self)
            self.desk.issued.connect(self._on_issued)
            self.window = CounterWindow(self.desk, self.session, self.settings, self.metrics, centre, login,
                                        self.lang)
            self.window.logout_requested.connect(self.logout)
            self.window.show()
            self.rating = self._rating_window(login)
            self.hardware = self._hardware(login["counter"])
            self.scanner = self._scanner()
        self.session.start()
        self.desk.refresh()

    def _rating_window(self, login: dict[str, Any]) -> RatingWindow | None:
        """The citizen's rating on the screen chosen in the settings (``rating_screen``; -1: none), asked
        after each "Hoàn thành"."""
        number = int(self.settings["rating_screen"])
        if number < 0 or self.desk is None or self.window is None:
            return None
        screens = QGuiApplication.screens()
        if number >= len(screens):
            self.window.show_message("error", tr("counter.rating_screen_missing", self.lang, screen=number,
                                                 count=len(screens)))
            return None
        from counter.rating_window import RatingWindow

        rating = RatingWindow(self.api, login["counter"], self.lang, Metrics.for_screen(screens[number]))
        rating.place_on(screens[number])
        officer = str(login.get("full_name") or login.get("username", ""))
        self.desk.finished_ticket.connect(lambda ticket: rating.ask(ticket, officer))
        return rating

    def _hardware(self, counter: int) -> CounterHardware | None:
        """This PC's own keypad and LED sign, when its settings name a serial port (``device_port``)."""
        if not self.settings["device_port"] or self.window is None:
            return None
        from counter.hardware import CounterHardware

        hardware = CounterHardware(self.api, self.session, counter, self.settings, self.lang, parent=self)
        hardware.message.connect(self.window.show_message)
        hardware.logout_requested.connect(self.logout)
        hardware.start()
        return hardware

    def _scanner(self) -> CounterScanner | None:
        """This PC's code scanner (``scanner_port``): a ticket's QR code scanned calls that number here."""
        if not self.settings["scanner_port"] or self.desk is None or self.window is None:
            return None
        from counter.scanning import CounterScanner, make_scanner

        device = make_scanner(str(self.settings["scanner_port"]))
        if device is None:
            return None
        scanner = CounterScanner(self.api, self.desk, self.window, device, self.lang, parent=self)
        scanner.start()
        return scanner

    def _close_window(self) -> None:
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner.deleteLater()
            self.scanner = None
        if self.hardware is not None:
            self.hardware.stop()
            self.hardware.deleteLater()
            self.hardware = None
        if self.rating is not None:
            self.rating.finish()
            self.rating.deleteLater()
            self.rating = None
        if self.window is not None:
            self.window.remember()
            self.window.hide()
            self.window.deleteLater()
        if self.desk is not None:
            self.desk.deleteLater()
        self.window = self.desk = None

    def _on_unauthorized(self, _error: ApiError) -> None:
        self.session.stop()
        self.start(tr("counter.session_ended", self.lang))

    def _on_login_closed(self) -> None:
        if self.window is None or not self.window.isVisible():
            QApplication.quit()

    def logout(self) -> None:
        """Log out (refused by the server while a ticket is in hand: the window says why)."""
        self.api.logout().then(self._on_logged_out, self._on_logout_failed)

    def _on_logged_out(self, _result: object) -> None:
        self.session.stop()
        self._close_window()
        self.start()

    def _on_logout_failed(self, error: ApiError) -> None:
        if self.window is not None:
            self.window.show_message("error", error.message(self.lang))

    def _on_issued(self, result: dict[str, Any]) -> None:
        if self.printer is not None and result.get("ticket"):
            self.printer.print_issued(result)

    def _on_printed(self, ok: bool, text: str) -> None:
        if self.window is not None:
            key = "counter.printed" if ok else "counter.print_failed"
            self.window.show_message("info" if ok else "error", tr(key, self.lang, detail=text))


def main(server: str | None = None, counter: int | None = None, lang: str | None = None,
         ready: Callable[[CounterApp], None] | None = None) -> int:
    """Run the counter app until its last window closes. *server*, *counter* and *lang* (the command
    line) are kept in this machine's settings; *ready* is called once the login screen is up."""
    from client.ui.application import make_application
    from counter.settings import counter_settings

    settings = counter_settings()
    qt, metrics = make_application("counter")
    qt.setQuitOnLastWindowClosed(True)
    launch(settings, metrics, {"server": server, "counter": counter, "lang": lang}, ready)
    return qt.exec()


def launch(settings: AppSettings, metrics: Metrics, given: dict[str, Any],
           ready: Callable[[CounterApp], None] | None = None) -> QObject:
    """The set-up form (first run, or a bad settings file, with the problem named) or, when the settings
    are good, the counter app at its login screen. Values in *given* that are not ``None`` are kept."""
    from assets.settings import ConfigError
    from client.ui.settings_dialog import SettingsDialog
    from counter.settings import SETUP_KEYS

    error = None
    lang = given.get("lang") or "vi"
    try:
        settings.load()
        chosen = {k: v for k, v in given.items() if v is not None}
        if chosen:
            settings.update(chosen)
            settings.save()
    except ConfigError as exc:
        error = exc.message(lang)
    except OSError as exc:
        error = tr("ui.setup.cannot_save", lang, path=str(settings.path), detail=str(exc))
    holder: list[CounterApp] = []

    def begin() -> CounterApp:
        language = str(settings["lang"])
        app = CounterApp(settings, metrics, language, _desk_printer(str(settings["printer"]), language),
                         parent=QApplication.instance())
        holder.append(app)
        app.start()
        if ready is not None:
            ready(app)
        return app

    if error is None and settings["server"] and settings.exists:
        return begin()
    dialog = SettingsDialog(settings, str(settings["lang"]), error)
    for key in [k for k in dialog.editors if k not in SETUP_KEYS]:
        dialog.form.removeRow(dialog.editors.pop(key))
        dialog.getters.pop(key)
    dialog.saved.connect(begin)
    dialog.rejected.connect(QApplication.quit)
    dialog.show()
    return dialog


def _desk_printer(uri: str, lang: str) -> DeskPrinter | None:
    """The guidance desk's printer, or ``None`` (the number is shown to be read out)."""
    if not uri:
        return None
    from counter.printing import DeskPrinter
    from printers.errors import PrinterError
    from printers.jobs import PrintService

    try:
        return DeskPrinter(PrintService(uri), lang)
    except PrinterError as exc:
        print(exc.message(lang), file=sys.stderr)
        return None
