"""Kiosk endpoints: issue a ticket, report how printing it went."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request, Response

from core.errors import FieldUnknown, QmsError, TicketUnknown
from server.auth import require
from server.deps import CallerDep, ServicesDep, errors
from server.errors import Forbidden
from server.models import IssueIn, IssueOut, PrintResultIn

router = APIRouter(prefix="/api/v1/tickets", tags=["kiosk"])

TicketId = Path(ge=1, le=2**62, description="Ticket id.")


@router.post("", status_code=201, response_model=IssueOut, summary="Issue a ticket",
             description="Kiosk key only. Takes the next number of the field for today, durably: the answer "
                         "comes after the commit, so a printed number is never issued again. Limited to one "
                         "ticket per `issue_interval_seconds` per kiosk (a refused issue does not count); a field "
                         "past its daily cap or outside its ticket hours answers 409 `field_full` / "
                         "`field_closed`, and the refusal is logged as a `refused` event.",
             responses=errors(401, 403, 404, 409, 413, 422, 429))
async def issue(body: IssueIn, request: Request, qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    require(who, "kiosk")
    field = qms.centre.field(body.field.upper())
    if field is None:
        raise FieldUnknown(field=body.field)
    previous = qms.auth.check_issue_allowed(who)
    try:
        ticket, placement = await qms.writer.run(qms.engine.issue_placed, field.code, body.priority, body.note,
                                                 who.kiosk_name)
    except QmsError:
        qms.auth.release_issue(who, previous)  # a refused citizen may try another field at once
        raise
    base = qms.settings.public_url or str(request.base_url).rstrip("/")
    return {"ticket": ticket.to_dict(), **placement.to_dict(),
            "status_url": f"{base}/t/{ticket.token}", "centre": qms.centre.name,
            "field_name_vi": field.name_vi, "field_name_en": field.name_en}


@router.post("/{ticket_id}/print-result", status_code=204, response_class=Response,
             summary="Report a print result",
             description="Kiosk key only, for a ticket this kiosk issued. Recorded as a `print_result` "
                         "event, so displays and the manager see printers that need paper.",
             responses=errors(401, 403, 404, 413, 422))
async def print_result(body: PrintResultIn, qms: ServicesDep, who: CallerDep,
                       ticket_id: int = TicketId) -> Response:
    require(who, "kiosk")
    ticket = await qms.readers.run(lambda b: b.ticket(ticket_id))
    if ticket is None:
        raise TicketUnknown(ticket=str(ticket_id))
    if ticket.kiosk != who.kiosk_name:
        raise Forbidden(role=who.role)
    data = {"ok": body.ok, "status": body.status, "reason": body.reason, "kiosk": who.kiosk_name}
    await qms.writer.run(qms.engine.record, "print_result", data, ticket_id)
    return Response(status_code=204)
