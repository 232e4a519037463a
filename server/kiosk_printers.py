"""Each kiosk's printer as the kiosk last reported it, so staff see a kiosk in trouble before a citizen.

Kiosks report their printer's status every minute (``POST /api/v1/kiosk/printer``) whether or not they
print. The server keeps the latest report per kiosk in memory and writes a ``printer_status`` event to
the log only when a kiosk's status changes — paper near its end, paper out, offline, back to ready — so
displays and counters hear it on the live stream without the log growing by a row a minute per kiosk.
A kiosk whose reports stop (switched off, cable pulled) shows as ``silent`` in ``GET /api/v1/kiosk/printers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.clock import iso

SILENT_AFTER_SECONDS = 180.0  # three missed reports


@dataclass
class PrinterReport:
    """One kiosk's latest report."""

    kiosk: str
    status: str
    reason: str | None
    reported_at: datetime


class KioskPrinters:
    """Latest printer report per kiosk (in memory; the changes are in the event log)."""

    def __init__(self, silent_after: float = SILENT_AFTER_SECONDS) -> None:
        self.silent_after = silent_after
        self.reports: dict[str, PrinterReport] = {}

    def report(self, kiosk: str, status: str, reason: str | None, at: datetime) -> bool:
        """Keep *kiosk*'s report; True when its status differs from the previous one (or it is the
        first report since the server started and the printer is not ready): worth an event."""
        previous = self.reports.get(kiosk)
        self.reports[kiosk] = PrinterReport(kiosk, status, reason, at)
        if previous is None:
            return status != "ready"
        return previous.status != status

    def listing(self, now: datetime) -> list[dict[str, Any]]:
        """Every kiosk that reported since the server started, with whether it has gone silent."""
        return [{"kiosk": r.kiosk, "status": r.status, "reason": r.reason, "reported_at": iso(r.reported_at),
                 "silent": (now - r.reported_at).total_seconds() > self.silent_after}
                for r in sorted(self.reports.values(), key=lambda r: r.kiosk)]
