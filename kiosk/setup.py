"""The kiosk's set-up: the shared settings form with a printer picker and a test print, and the hidden
corner that leads an administrator (never a citizen) to it or to closing the kiosk.

Looking for printers (USB and serial) and the test print run on worker threads; their results come back
by queued signal, so the form never freezes on a printer that does not answer.
"""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assets.texts import tr
from client.ui.admin_corner import HiddenCorner
from client.ui.admin_gate import AdminGate
from client.ui.settings import AppSettings
from client.ui.settings_dialog import SettingsDialog, setting_label


def find_printers() -> list[str]:
    """URIs of the USB printers and serial ports this machine sees (slow: call on a worker)."""
    found: list[str] = []
    try:
        from printers.usb import list_usb_printers

        found += [p.uri for p in list_usb_printers()]
    except Exception:  # no libusb, no permission: the serial ports and typing the URI remain
        pass
    try:
        from serial.tools import list_ports

        found += [f"serial://{p.device}" for p in sorted(list_ports.comports(), key=lambda p: p.device)]
    except Exception:
        pass
    return found


class PrinterPicker(QWidget):
    """An editable list of printer URIs, "Tìm máy in" and "In thử"."""

    _found = Signal(list)
    _printed = Signal(str)

    def __init__(self, uri: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.box = QComboBox(editable=True)
        self.box.addItem(uri)
        self.box.setCurrentText(uri)
        self.search = QPushButton(tr("kiosk.setup.find", lang))
        self.search.setProperty("role", "secondary")
        self.test = QPushButton(tr("kiosk.setup.test_print", lang), objectName="test_print")
        self.test.setProperty("role", "secondary")
        self.result = QLabel(wordWrap=True, objectName="print_test_result")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 1)
        row.addWidget(self.search)
        row.addWidget(self.test)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.search.clicked.connect(self.search_printers)
        self.test.clicked.connect(self.print_test)
        self._found.connect(self._show_found, Qt.ConnectionType.QueuedConnection)
        self._printed.connect(self.result.setText, Qt.ConnectionType.QueuedConnection)

    def uri(self) -> str:
        """The printer URI chosen or typed."""
        return self.box.currentText().strip()

    def search_printers(self) -> None:
        """List the printers this machine sees, on a worker."""
        self.search.setEnabled(False)
        threading.Thread(target=lambda: self._found.emit(find_printers()), daemon=True).start()

    def _show_found(self, uris: list[str]) -> None:
        self.search.setEnabled(True)
        current = self.uri()
        self.box.clear()
        self.box.addItems(list(dict.fromkeys([current, *uris])))
        self.result.setText(tr("kiosk.setup.found", self.lang, count=len(uris)))

    def print_test(self) -> None:
        """Print the sample ticket on the chosen printer (a job on its own thread)."""
        from printers.errors import PrinterError
        from printers.jobs import PrintService
        from printers.ticket import sample_ticket

        try:
            service = PrintService(self.uri())
        except PrinterError as exc:
            self.result.setText(exc.message(self.lang))
            return
        self.result.setText(tr("kiosk.printing", self.lang))
        service.print_ticket(sample_ticket(), on_done=lambda r: self._printed.emit(r.text(self.lang)))


def run_setup(settings: AppSettings, error: str | None = None, lang: str = "vi") -> bool:
    """The set-up form (first run, bad file, or the administrator's choice); True once saved."""
    dialog = SettingsDialog(settings, lang, error or tr("kiosk.setup_needed", lang))
    picker = PrinterPicker(str(settings["printer"]), lang)
    dialog.add_row("printer", setting_label("kiosk", "printer", lang), picker, picker.uri)
    return dialog.exec() == QDialog.DialogCode.Accepted


class AdminCorner(QObject):
    """Five taps on the centre's name → an administrator's PIN → set-up (then a fresh start) or exit."""

    def __init__(self, window: QWidget, settings: AppSettings, server: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.settings, self.server = window, settings, server
        self.corner = HiddenCorner(window.centre_name, parent=self)  # type: ignore[attr-defined]
        self.corner.opened.connect(self.ask)

    def ask(self) -> None:
        """The administrator's gate, then the menu."""
        gate = AdminGate(self.server, purpose="settings", parent=self.window)
        gate.granted.connect(lambda _user: self.menu())
        gate.open()

    def menu(self) -> None:
        """Settings or exit."""
        dialog = QDialog(self.window)
        settings = QPushButton(tr("kiosk.setup.open_settings", "vi"))
        leave = QPushButton(tr("kiosk.setup.exit", "vi"))
        leave.setProperty("role", "danger")
        cancel = QPushButton(tr("ui.cancel", "vi"))
        cancel.setProperty("role", "secondary")
        layout = QVBoxLayout(dialog)
        for button in (settings, leave, cancel):
            layout.addWidget(button)
        settings.clicked.connect(dialog.accept)
        settings.clicked.connect(self.settings_then_restart)
        leave.clicked.connect(dialog.accept)
        leave.clicked.connect(QApplication.quit)
        cancel.clicked.connect(dialog.reject)
        dialog.open()

    def settings_then_restart(self) -> None:
        """Edit the settings; once saved, start the kiosk again with them."""
        if run_setup(self.settings):
            os.execv(sys.executable, [sys.executable, "-m", "qms", "kiosk"])
