"""The kiosk's code scanner: a ticket's QR code shows that ticket's status; a booking or dossier code is
recognised and the citizen told what to do with it (docs/kiosk.md, "Scanning a code").

One small interface (``devices.scanners.Scanner``) for both kinds of scanner: a serial one reads on its own
thread and its scans are re-emitted here as a signal (Qt queues them onto the GUI thread); a
keyboard-wedge one is fed every key typed in the kiosk's window by ``client.ui.wedge.WedgeFilter``,
which swallows the keys of a scan. The ticket's status comes from the public endpoint its QR code points to
(``GET /api/v1/public/tickets/{token}``), through the kiosk's asynchronous client.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from client.api import ApiClient
from client.errors import ApiError
from client.ui.wedge import ScanReader
from devices.scanners import Scan, Scanner, SerialScanner, WedgeScanner


class KioskScanner(ScanReader):
    """Reads codes from *scanner* and shows what they are on *window* (a ``KioskWindow``).

    ``scanned(Scan)`` for every code read (also from a serial scanner's thread, queued)."""

    def __init__(self, api: ApiClient, window: Any, scanner: Scanner, parent: QObject | None = None) -> None:
        super().__init__(scanner, window, isinstance(scanner, WedgeScanner), parent)
        self.api, self.window = api, window
        self._lookups = 0  # the latest lookup wins: an older answer arriving late is not shown
        self.scanned.connect(self._on_scan)

    def _on_scan(self, scan: Scan) -> None:
        self._lookups += 1
        if scan.kind != "ticket":
            self.window.show_scan_code(scan.kind, scan.value)
            return
        self.window.show_scan_checking()
        lookup = self._lookups
        self.api.request("GET", f"/public/tickets/{scan.value}", auth=False).then(
            lambda status: self._on_status(lookup, status), lambda error: self._on_failure(lookup, error))

    def _on_status(self, lookup: int, status: dict[str, Any]) -> None:
        if lookup == self._lookups:
            self.window.show_scan_ticket(status)

    def _on_failure(self, lookup: int, error: ApiError) -> None:
        if lookup != self._lookups:
            return
        key = "kiosk.scan.not_found" if error.http_status in (404, 422) else "kiosk.scan.unreachable"
        self.window.show_scan_failure(key)


def make_scanner(port: str, baudrate: int = 9600) -> Scanner:
    """A serial scanner on *port*, or a keyboard-wedge scanner when *port* is empty."""
    return SerialScanner(port, baudrate) if port else WedgeScanner()

