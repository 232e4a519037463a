"""Counter endpoints. The caller's token is bound to one counter at login; the counter in the path must
be that one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path

from core.actions import ACTION_OF, TicketSlug
from server.auth import require_counter
from server.deps import CallerDep, ServicesDep, errors
from server.models import CallIn, OkOut, PauseIn, TicketResult, TransferIn

router = APIRouter(prefix="/api/v1/counters/{number}", tags=["counter"])

CounterPath = Path(ge=1, le=100_000, description="Counter number; must be the counter of the caller's token.")
TicketId = Path(ge=1, le=2**62, description="Ticket id.")
ERRORS = errors(401, 403, 404, 409, 413, 422)


@router.post("/call-next", response_model=TicketResult, summary="Call the next number",
             description="Picks the next ticket among the counter's fields (priority first by the field's "
                         "rule), atomically. `ticket` is null when nobody waits.", responses=ERRORS)
async def call_next(qms: ServicesDep, who: CallerDep, number: int = CounterPath) -> dict[str, Any]:
    require_counter(who, number)
    ticket = await qms.writer.run(lambda e: e.call_next(number))
    return {"ticket": ticket.to_dict() if ticket else None}


@router.post("/call", response_model=TicketResult, summary="Call a particular number",
             description="Calls a ticket of today by its printed number, if this counter serves its field: "
                         "a waiting one, or one marked absent who came back when the centre's `no_show` "
                         "policy is `recall` (else 409 `no_show_final`). A waiting ticket that is not the one "
                         "call-next would take is called out of turn: the `called` event is marked "
                         "`out_of_turn` with the optional `reason`.", responses=ERRORS)
async def call_number(body: CallIn, qms: ServicesDep, who: CallerDep,
                      number: int = CounterPath) -> dict[str, Any]:
    require_counter(who, number)
    ticket = await qms.writer.run(lambda e: e.call_number(number, body.label, body.field, body.reason))
    return {"ticket": ticket.to_dict()}


@router.post("/requeue", response_model=TicketResult, summary="Put an absent citizen back in the queue",
             description="A citizen marked absent today came back: their ticket waits again at its original "
                         "place, when the centre's `no_show` policy is `requeue` (else 409 `no_show_final`).",
             responses=ERRORS)
async def requeue(body: CallIn, qms: ServicesDep, who: CallerDep, number: int = CounterPath) -> dict[str, Any]:
    require_counter(who, number)
    ticket = await qms.writer.run(lambda e: e.requeue(number, body.label, body.field))
    return {"ticket": ticket.to_dict()}


@router.post("/pause", response_model=OkOut, summary="Pause the counter (tạm nghỉ)",
             description="The counter calls nobody until unpaused. Pausing a paused counter changes nothing.",
             responses=ERRORS)
async def pause(qms: ServicesDep, who: CallerDep, body: PauseIn | None = None,
                number: int = CounterPath) -> dict[str, Any]:
    require_counter(who, number)
    await qms.writer.run(lambda e: e.pause(number, body.reason if body else None))
    return {"ok": True}


@router.post("/unpause", response_model=OkOut, summary="End the counter's pause",
             description="The counter may call again. Unpausing a counter that is not paused changes nothing.",
             responses=ERRORS)
async def unpause(qms: ServicesDep, who: CallerDep, number: int = CounterPath) -> dict[str, Any]:
    require_counter(who, number)
    await qms.writer.run(lambda e: e.unpause(number))
    return {"ok": True}


@router.post("/tickets/{ticket_id}/transfer", response_model=TicketResult, summary="Transfer a ticket",
             description="Sends the citizen to another field and/or counter, keeping their place by the "
                         "original issue time. Answers with the NEW waiting ticket; the old one ends "
                         "`transferred`. A transfer to a counter goes ahead of its queue: the `transferred` "
                         "event is marked `out_of_turn` with the optional `reason`.", responses=ERRORS)
async def transfer(body: TransferIn, qms: ServicesDep, who: CallerDep, number: int = CounterPath,
                   ticket_id: int = TicketId) -> dict[str, Any]:
    require_counter(who, number)
    ticket = await qms.writer.run(
        lambda e: e.transfer(number, ticket_id, body.field, body.counter, body.reason))
    return {"ticket": ticket.to_dict()}


@router.post("/tickets/{ticket_id}/{action}", response_model=TicketResult, summary="Act on a ticket",
             description="`recall` (call again), `start` (citizen arrived), `finish`, `no-show` (vắng mặt), "
                         "`return` (back to the queue, same place), `hold` (park), `resume` (take a held "
                         "ticket back), `cancel`. A ticket handled at another counter answers 409 "
                         "`ticket_other_counter`; a wrong state 409 with the state named.", responses=ERRORS)
async def act(action: TicketSlug, qms: ServicesDep, who: CallerDep, number: int = CounterPath,
              ticket_id: int = TicketId) -> dict[str, Any]:
    require_counter(who, number)
    ticket = await qms.writer.run(lambda e: e.act(ACTION_OF[action], number, ticket_id))
    return {"ticket": ticket.to_dict()}
