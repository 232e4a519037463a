"""A code scanner at the counter: a citizen's ticket held under it calls that number to this counter.

The officer asks the citizen at the desk for the ticket and scans its QR code instead of typing the number
(docs/counter.md, "A scanner at the counter"). The code's token is looked up through the public status
endpoint its QR points to (``GET /api/v1/public/tickets/{token}``: the number, nothing about others), and
the number is then called like "Gọi số" does, so the server's rules and refusals (a number of a field this
counter does not serve, one already served) come back in the window's message line as for a typed number.

``scanner_port`` in the counter's settings picks the scanner: empty for none, ``keyboard`` for a scanner
that types like a keyboard (fed through ``client.ui.wedge``; it needs the counter's window focused), any
other value a serial port (pyserial URL) read on its own thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError
from client.ui.wedge import ScanReader
from counter.desk import CounterDesk
from devices.scanners import Scan, Scanner, SerialScanner, WedgeScanner

KEYBOARD = "keyboard"  # ``scanner_port`` of a keyboard-wedge scanner


def make_scanner(port: str, baudrate: int = 9600) -> Scanner | None:
    """The scanner ``scanner_port`` names, or ``None`` when it is empty."""
    if not port:
        return None
    return WedgeScanner() if port == KEYBOARD else SerialScanner(port, baudrate)


class CounterScanner(ScanReader):
    """Reads codes from *scanner*; a ticket's code calls its number at the desk's counter.

    ``scanned(Scan)`` for every code read (from a serial scanner's thread too: Qt queues it to the GUI
    thread, where the desk alone changes the counter's state)."""

    def __init__(self, api: ApiClient, desk: CounterDesk, window: QWidget, scanner: Scanner,
                 lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(scanner, window, isinstance(scanner, WedgeScanner), parent)
        self.api, self.desk, self.lang = api, desk, lang
        self._lookups = 0  # the latest scan wins: an older lookup answering late calls nothing
        self.scanned.connect(self._on_scan)

    def _on_scan(self, scan: Scan) -> None:
        self._lookups += 1
        if scan.kind != "ticket":
            self.desk.message.emit("error", tr("counter.scan.not_a_ticket", self.lang, code=scan.value))
            return
        lookup = self._lookups
        self.api.request("GET", f"/public/tickets/{scan.value}", auth=False).then(
            lambda status: self._on_status(lookup, status), lambda error: self._on_failure(lookup, error))

    def _on_status(self, lookup: int, status: dict[str, Any]) -> None:
        if lookup != self._lookups:
            return
        if status.get("day_closed"):
            self.desk.message.emit("error", tr("counter.scan.day_closed", self.lang, label=status["label"]))
            return
        self.desk.call_number(str(status["label"]), tr("counter.scan.reason", self.lang))

    def _on_failure(self, lookup: int, error: ApiError) -> None:
        if lookup != self._lookups:
            return
        if error.http_status in (404, 422):
            self.desk.message.emit("error", tr("counter.scan.not_found", self.lang))
        else:
            self.desk.message.emit("error", error.message(self.lang))
