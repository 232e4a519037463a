"""Kiosks report their printer's state; staff read every kiosk's latest report."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from core.actions import Kind
from server.auth import require
from server.deps import CallerDep, ServicesDep, errors
from server.models import KioskPrinterOut, PrinterStatusIn

router = APIRouter(prefix="/api/v1/kiosk", tags=["kiosk"])


@router.post("/printer", status_code=204, response_class=Response, summary="Report the kiosk's printer",
             description="Kiosk key only; sent every minute and whenever the status changes. A change of "
                         "status (paper near its end, paper out, offline, back to ready) is recorded as a "
                         "`printer_status` event, so counters and displays see a kiosk in trouble.",
             responses=errors(401, 403, 413, 422))
async def report_printer(body: PrinterStatusIn, qms: ServicesDep, who: CallerDep) -> Response:
    require(who, "kiosk")
    kiosk = who.kiosk_name
    if qms.printers.report(kiosk, body.status, body.reason, qms.clock.now()):
        data = {"kiosk": kiosk, "status": body.status, "reason": body.reason}
        await qms.writer.run(lambda e: e.record(Kind.PRINTER_STATUS, data))
    return Response(status_code=204)


@router.get("/printers", response_model=list[KioskPrinterOut], tags=["read"],
            summary="Every kiosk's printer",
            description="Staff (officer or admin) and displays. The latest report of each kiosk since the server "
                        "started; `silent` is true when a kiosk has not reported for three minutes.",
            responses=errors(401, 403))
async def printers(qms: ServicesDep, who: CallerDep) -> list[dict[str, Any]]:
    require(who, "officer", "admin", "display")
    return qms.printers.listing(qms.clock.now())
