"""Reads: health, configuration, the live snapshot, and a citizen's own ticket by its secret token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from core.board import QueueBoard
from core.clock import iso
from core.errors import TicketUnknown
from server.deps import CallerDep, Services, ServicesDep, errors, json_answer, services_of
from server.models import ConfigOut, HealthOut, PublicTicketOut, SnapshotOut
from server.pages import ticket_page

router = APIRouter(prefix="/api/v1")
pages = APIRouter()

TokenPath = Path(min_length=16, max_length=64, description="The ticket's secret token (from its QR code).")


@router.get("/health", response_model=HealthOut, tags=["health"], summary="Is the server up?",
            description="No authentication. The newest event's sequence number tells a client whether it "
                        "missed anything; `status` is `degraded` while changes cannot be written (`writer` "
                        "says since when and why); `clock_step` is the last jump of the system clock.")
async def health(request: Request) -> Response:
    qms = services_of(request)
    seq = await qms.readers.run(lambda b: b.last_seq())
    writer = qms.writer.health()
    step = getattr(qms.clock, "last_step", None)
    return json_answer({
        "status": "ok" if writer["ok"] else "degraded", "seq": seq, "service_day": qms.engine.service_day(),
        "version": qms.version, "writer": writer,
        "clock_step": {"seconds": step.seconds, "system_time": iso(step.wall), "kept_time": iso(step.kept)}
        if step else None})


@router.get("/config", response_model=ConfigOut, tags=["read"], summary="Centre configuration for the apps",
            description="Any authorised caller. Fields, counters, the centre's name and the raw `ticket`, "
                        "`voice`, `display` and `kiosk` tables; apps need nothing but this and their key.",
            responses=errors(401))
async def config(qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    c = qms.centre
    return {
        "centre": {"name": c.name, "address": c.address, "timezone": c.timezone.key, "hours": c.hours.to_table()},
        "fields": [{"code": f.code, "name_vi": f.name_vi, "name_en": f.name_en, "numbers": str(f.numbers)}
                   for f in c.fields],
        "counters": [{"number": k.number, "name": k.name, "location": k.location, "fields": list(k.fields),
                      "priority_only": k.priority_only} for k in c.counters],
        "tables": {name: c.table(name) for name in ("ticket", "voice", "display", "kiosk")},
    }


@router.get("/snapshot", response_model=SnapshotOut, tags=["read"], summary="The live queue",
            description="Any authorised caller. Waiting counts, estimated waits and whether each field issues "
                        "numbers now (`state`: issuing, closed until `opens_at`, full), every counter with its "
                        "officer and ticket, today's recent calls, and `seq`: connect to "
                        "`/api/v1/events?since=<seq>` to follow changes from exactly this state "
                        "(`field_state` events carry a field's new state).",
            responses=errors(401))
async def snapshot(qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    return await qms.readers.run(lambda b: b.snapshot())


def public_status(qms: Services, board: QueueBoard, token: str) -> dict[str, Any]:
    """A ticket's public status, or raise ``ticket_unknown``."""
    ticket = board.ticket_by_token(token)
    if ticket is None:
        raise TicketUnknown(ticket="?")
    field = qms.centre.field(ticket.field_code)
    position = board.position(ticket)
    return {"label": ticket.label, "field_name_vi": field.name_vi if field else ticket.field_code,
            "field_name_en": field.name_en if field else ticket.field_code, "state": ticket.state.value,
            **position.to_dict(),
            "counter": ticket.counter or ticket.target_counter, "service_day": ticket.service_day,
            "day_closed": board.day_closed(ticket)}


@router.get("/public/tickets/{token}", response_model=PublicTicketOut, tags=["public"],
            summary="A ticket's status by its secret token",
            description="No authentication: the token (in the ticket's QR code) is the proof. Shows that "
                        "ticket only — its number, field, state, people ahead and estimated wait.",
            responses=errors(404, 422))
async def public_ticket(qms: ServicesDep, token: str = TokenPath) -> dict[str, Any]:
    return await qms.readers.run(lambda b: public_status(qms, b, token))


@pages.get("/t/{token}", response_class=HTMLResponse, tags=["public"], summary="A ticket's status page",
           description="The page the ticket's QR code opens: Vietnamese first with an English toggle, fits a "
                       "phone, live (it follows `/api/v1/public/tickets/{token}/live`).",
           responses={404: {"description": "Unknown token (an HTML page saying so)."}})
async def ticket_html(qms: ServicesDep, token: str = Path(max_length=64)) -> HTMLResponse:
    try:
        status = await qms.readers.run(lambda b: public_status(qms, b, token))
    except TicketUnknown:
        return HTMLResponse(ticket_page(qms.centre.name, None), status_code=404)
    return HTMLResponse(ticket_page(qms.centre.name, status, token))
