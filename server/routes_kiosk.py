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

def own_address(request: Request) -> str:
    """This server's address as the kiosk reached it: the socket's local address, never the request's
    ``Host`` header, which any client can set (a printed QR code must not point elsewhere)."""
    server = request.scope.get("server")
    if not server:
        return str(request.base_url).rstrip("/")
    host, port = server[0], server[1]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}" + (f":{port}" if port and port != 80 else "")


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
                                                 who.kiosk_name, who.device_id)
    except QmsError:
        qms.auth.release_issue(who, previous)  # a refused citizen may try another field at once
        raise
    base = qms.settings.public_url or own_address(request)
    return {"ticket": ticket.to_dict(), **placement.to_dict(),
            "status_url": f"{base}/t/{ticket.token}", "centre": qms.centre.name,
            "field_name_vi": field.name_vi, "field_name_en": field.name_en}


@router.post("/{ticket_id}/print-result", status_code=204, response_class=Response,
             summary="Report a print result",
             description="Kiosk key only, for a ticket this kiosk issued. Recorded as a `print_result` "
                         "event, so displays and the manager see printers that need paper. At most "
                         "`print_results_per_minute` per kiosk (429).",
             responses=errors(401, 403, 404, 413, 422, 429))
async def print_result(body: PrintResultIn, qms: ServicesDep, who: CallerDep,
                       ticket_id: int = TicketId) -> Response:
    require(who, "kiosk")
    qms.auth.check_print_result_allowed(who)
    ticket, issuer = await qms.readers.run(lambda b: (b.ticket(ticket_id), b.issued_by(ticket_id)))
    if ticket is None:
        raise TicketUnknown(ticket=str(ticket_id))
    # By device id: two kiosks may share a name. (Tickets issued before ids were recorded: by name.)
    mine = issuer == who.device_id if issuer is not None else ticket.kiosk == who.kiosk_name
    if not mine:
        raise Forbidden(role=who.role)
    data = {"ok": body.ok, "status": body.status, "reason": body.reason, "kiosk": who.kiosk_name}
    await qms.writer.run(qms.engine.record, "print_result", data, ticket_id)
    return Response(status_code=204)
