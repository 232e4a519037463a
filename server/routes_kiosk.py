"""Kiosk endpoints: issue a ticket, report how printing it went."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Header, Path, Request, Response

from core import idempotency
from core.actions import Kind
from core.clock import iso
from core.config import Field
from core.engine import QueueEngine
from core.errors import FieldUnknown, QmsError, TicketUnknown
from core.estimate import Placement
from core.tickets import Ticket
from server.auth import require
from server.deps import BEARER, BearerCallerDep, CallerDep, Services, ServicesDep, errors, json_answer, services_of
from server.errors import Forbidden, IdempotencyKeyReused, ValidationFailed
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


KeyHeader = Header(None, alias="Idempotency-Key", max_length=idempotency.MAX_KEY_LENGTH,
                   description="A new random key per tap (a UUID); the same key when the request is retried. "
                               "A key already used by this kiosk returns the ticket it issued, not a new one.")


@router.post("", status_code=201, response_model=IssueOut, summary="Issue a ticket",
             description="A kiosk, or an officer at a guidance desk issuing for a citizen (recorded as "
                         "such: the `issued` event names the officer and counter, `data.issued_by` = "
                         "`officer`). Takes the next number of the field for today, durably: the answer "
                         "comes after the commit, so a printed number is never issued again. Limited to one "
                         "ticket per `issue_interval_seconds` per kiosk (a refused issue does not count); a field "
                         "past its daily cap or outside its ticket hours answers 409 `field_full` / "
                         "`field_closed`, and the refusal is logged as a `refused` event. With an "
                         "`Idempotency-Key` header, a retried request (its answer was lost on the network) "
                         "gets the same ticket again; the same key with another field answers 422 "
                         "`idempotency_key_reused`.",
             responses=errors(401, 403, 404, 409, 413, 422, 429), openapi_extra=BEARER)
async def issue(body: IssueIn, request: Request, who: BearerCallerDep, key: str | None = KeyHeader) -> Response:
    qms = services_of(request)
    require(who, "kiosk", "officer")
    if who.role == "officer" and who.counter is None:
        raise Forbidden(role=who.role)
    field = qms.centre.field(body.field.upper())
    if field is None:
        raise FieldUnknown(field=body.field)
    if key is not None and not idempotency.valid_key(key):
        raise ValidationFailed(location="header.Idempotency-Key", reason="1-128 printable ASCII characters",
                               count=1)
    kiosk = who.kiosk_name
    if key is not None:
        # A retry skips the per-kiosk rate limit: it asks for nothing new.
        earlier = await qms.readers.run(lambda b: idempotency.issued_for(b.db, kiosk, key))
        if earlier is not None:
            return json_answer(await qms.writer.run(lambda _: _replay(qms, request, field, key, earlier)), 201)
    previous = qms.auth.check_issue_allowed(who)

    def issue_and_place(engine: QueueEngine) -> dict[str, Any]:
        if key is not None:
            again = idempotency.issued_for(engine.db, kiosk, key)  # raced with its own retry
            if again is not None:
                return _replay(qms, request, field, key, again)
        if who.role == "officer":  # a guidance desk issuing for a citizen, recorded as such
            assert who.username is not None and who.counter is not None
            ticket, placement = engine.issue_for(who.username, who.counter, field.code, body.priority, body.note)
        else:
            ticket, placement = engine.issue_placed(field.code, body.priority, body.note, kiosk, who.device_id)
        if key is not None:
            idempotency.remember(engine.db, kiosk, key, ticket.id, field.code, iso(ticket.issued_at))
        qms.field_states.issued(engine, field, ticket.seq)  # the last number of the day makes the field full
        return _answer(qms, request, field, ticket, placement)

    try:
        return json_answer(await qms.writer.run(issue_and_place), 201)
    except QmsError:
        qms.auth.release_issue(who, previous)  # a refused citizen may try another field at once
        raise


def _replay(qms: Services, request: Request, field: Field, key: str, earlier: tuple[int, str]) -> dict[str, Any]:
    """The answer to a retried request: the ticket it issued, where it stands now (on the writer thread)."""
    ticket_id, field_code = earlier
    if field_code != field.code:
        raise IdempotencyKeyReused(key=key[:40], field=field_code)
    ticket = qms.writer.board.ticket(ticket_id)
    if ticket is None:  # only if the database was edited by hand
        raise TicketUnknown(ticket=str(ticket_id))
    return _answer(qms, request, field, ticket, qms.writer.board.position(ticket))


def _answer(qms: Services, request: Request, field: Field, ticket: Ticket, placement: Placement) -> dict[str, Any]:
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
    await qms.writer.run(lambda e: e.record(Kind.PRINT_RESULT, data, ticket_id))
    return Response(status_code=204)
