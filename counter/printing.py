"""The guidance desk's own ticket printer, driven off the GUI thread.

``printers.jobs.PrintService`` already prints on a worker thread with a watchdog; this adapter turns its
result (delivered on that thread) into a Qt signal queued to the GUI thread, and builds the ticket from
the server's answer to the issue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from printers.jobs import PrintResult, PrintService
from printers.ticket import TicketPrint


def ticket_print(issued: dict[str, Any], lang: str = "vi") -> TicketPrint:
    """What to print for a ticket the server just issued (``POST /tickets`` answer)."""
    ticket = issued["ticket"]
    from assets.texts import tr

    return TicketPrint(
        centre_name=issued.get("centre", ""), field_name=issued.get(f"field_name_{lang}", ticket["field"]),
        number_label=ticket["label"], issued_at=datetime.fromisoformat(ticket["issued_at"]).astimezone(),
        people_ahead=int(issued.get("ahead") or 0), estimated_wait_minutes=issued.get("estimated_minutes"),
        priority=tr(f"priority.{ticket['priority']}", lang) if ticket.get("priority") else None,
        qr_url=issued.get("status_url", ""))


class DeskPrinter(QObject):
    """``printed(ok, text)`` once each job has ended (printed, failed or timed out)."""

    printed = Signal(bool, str)

    def __init__(self, service: PrintService, lang: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service, self.lang = service, lang

    def print_issued(self, issued: dict[str, Any]) -> None:
        """Start printing; returns at once."""
        self.service.print_ticket(ticket_print(issued, self.lang), self._done)

    def _done(self, result: PrintResult) -> None:
        # On the printer's worker thread: the signal is queued to the GUI thread (AutoConnection).
        self.printed.emit(result.ok, result.text(self.lang))
