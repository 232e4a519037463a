"""The kiosk's printer, driven beside the GUI thread.

``printers.jobs.PrintService`` already runs each job (status, ticket, status) on a worker thread with a
watchdog; ``KioskPrinter`` carries its results back into the Qt event loop as a queued signal, keeps the
printer's last known status, tells the server how each ticket went (``print-result``) and reports the
printer's status every ``printer_report_seconds`` (``status_timer``), so staff see paper running low
before a citizen meets an empty printer. A printer unplugged and plugged back in needs nothing: each job
and each check opens the printer afresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from client.api import ApiClient
from printers.jobs import PrintResult, PrintService
from printers.status import PrinterStatus
from printers.ticket import TicketPrint


class KioskPrinter(QObject):
    """``print_ticket(ticket_id, ticket)`` → ``printed(ticket_id, PrintResult)``; ``status_changed(str)``."""

    printed = Signal(int, object)
    status_changed = Signal(str)
    _finished = Signal(int, object)  # from the worker thread: ticket id (0 for a status check), result

    def __init__(self, service: PrintService, api: ApiClient | None = None, report_seconds: int = 60,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.api = api
        self.status: PrinterStatus | None = None  # not asked yet
        self.last_result: PrintResult | None = None
        self.jobs = 0  # jobs sent to the worker and not finished yet
        self._checking = False
        self.status_timer = QTimer(self, objectName="status_timer")
        self.status_timer.setInterval(report_seconds * 1000)
        self.status_timer.timeout.connect(self.check)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Ask the status now and then every report interval."""
        self.check()
        self.status_timer.start()

    def stop(self) -> None:
        """Stop the regular checks."""
        self.status_timer.stop()

    @property
    def in_trouble(self) -> bool:
        """The last word from the printer says a ticket cannot be printed now."""
        return self.status is not None and not self.status.can_print

    def check(self) -> None:
        """Ask the printer's status on the worker (one check at a time; skipped while a ticket prints)."""
        if self._checking or self.jobs:
            return
        self._checking = True
        self.service.check_status(on_done=self._relay(0))

    def print_ticket(self, ticket_id: int, ticket: TicketPrint) -> None:
        """Print *ticket* on the worker; ``printed`` follows, in the GUI thread."""
        self.jobs += 1
        self.service.print_ticket(ticket, on_done=self._relay(ticket_id))

    def _relay(self, ticket_id: int) -> Callable[[PrintResult], None]:
        def done(result: PrintResult) -> None:  # runs on the worker (or watchdog) thread
            try:
                self._finished.emit(ticket_id, result)
            except RuntimeError:
                pass  # the kiosk closed while the printer worked: nobody is left to tell
        return done

    def _on_finished(self, ticket_id: int, result: PrintResult) -> None:
        changed = result.status != self.status
        self.status = result.status
        reason = None if result.ok else result.text("en")
        if ticket_id:
            self.jobs = max(0, self.jobs - 1)
            self.last_result = result
            if self.api is not None:
                self.api.print_result(ticket_id, result.ok, result.status.value, reason)
        else:
            self._checking = False
        if self.api is not None and (changed or not ticket_id):
            self.api.report_printer(result.status.value, None if result.status.can_print else reason)
        if changed:
            self.status_changed.emit(result.status.value)
        if ticket_id:
            self.printed.emit(ticket_id, result)
