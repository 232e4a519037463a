"""Citizens' ratings of the service at a counter: the endpoint that records one, what a rating tablet
needs to know about its counter, and the tablet's page.

A rating comes from the counter PC's second monitor (the officer's token of that counter) or from a
tablet (a device key of the kind ``rating``, bound to one counter); the rules are in :mod:`core.ratings`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from core.ratings import Answer, Reason
from server.auth import Principal, require
from server.deps import CallerDep, ServicesDep, errors
from server.errors import Forbidden
from server.models import Body
from server.rating_page import rating_page

router = APIRouter(prefix="/api/v1", tags=["rating"])
pages = APIRouter()

CounterPath = Path(ge=1, le=100_000, description="Counter number: the counter of the caller's token or tablet.")
TicketId = Path(ge=1, le=2**62, description="Ticket id.")


class RatingIn(Body):
    """The citizen's answer."""

    answer: Answer = Field(description="`very_satisfied` (Rất hài lòng), `satisfied` (Hài lòng), `neutral` "
                                       "(Bình thường) or `dissatisfied` (Không hài lòng).")
    reasons: list[Reason] = Field(default_factory=list, max_length=len(Reason),
                                  description="With `dissatisfied` only: `long_wait`, `attitude`, "
                                              "`unclear_guidance`, `extra_papers`, `other`.")


class RatingOut(BaseModel):
    """The rating as recorded in the ticket's `rated` event."""

    ticket_id: int
    counter: int
    answer: Answer
    reasons: list[Reason]
    via: str = Field(description="`counter_screen` (the counter PC's second monitor) or `tablet`.")


class RatingCounterOut(BaseModel):
    """The counter a rating tablet stands at, and who works there now."""

    counter: int
    name: str
    status: str = Field(description="`open`, `paused` or `closed`.")
    officer: str | None
    officer_name: str | None
    window_seconds: float = Field(description="How long after a finish a rating is accepted.")


def rating_caller(who: Principal, counter: int) -> str:
    """How the rating arrives (``tablet`` or ``counter_screen``) if *who* may rate at *counter*; 403
    otherwise. An officer rates only at the counter of their token, a tablet only at its own counter."""
    if who.role == "rating" and who.counter == counter:
        return "tablet"
    if who.role in ("officer", "admin") and who.counter == counter:
        return "counter_screen"
    raise Forbidden(role=who.role)


@router.post("/counters/{number}/tickets/{ticket_id}/rating", response_model=RatingOut, status_code=201,
             summary="Record the citizen's rating of a served ticket",
             description="The officer's token of the counter (its second monitor) or a `rating` tablet bound "
                         "to the counter. One rating per ticket, only for a ticket finished at this counter, "
                         "within `rating_window_seconds` of the finish: otherwise 409 `rating_not_served`, "
                         "`rating_other_counter`, `rating_already_given` or `rating_too_late`. Recorded as a "
                         "`rated` event carrying the officer who finished the ticket. Reasons with an answer other "
                         "than `dissatisfied`: 400 `rating_invalid`.",
             responses=errors(400, 401, 403, 404, 409, 413, 422))
async def rate(body: RatingIn, qms: ServicesDep, who: CallerDep, number: int = CounterPath,
               ticket_id: int = TicketId) -> dict[str, Any]:
    via = rating_caller(who, number)
    window = timedelta(seconds=qms.settings.rating_window_seconds)
    data = await qms.writer.run(
        lambda e: e.rate(number, ticket_id, body.answer.value, [r.value for r in body.reasons], window, via))
    return {"ticket_id": ticket_id, "counter": number, **data}


@router.get("/rating/counter", response_model=RatingCounterOut, summary="The rating tablet's counter",
            description="A `rating` device key only: the counter it is bound to, its name and the officer "
                        "logged in there now.", responses=errors(401, 403))
async def rating_counter(qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    require(who, "rating")
    counters = await qms.readers.run(lambda b: b.counters())
    row = next((c for c in counters if c["number"] == who.counter), None)
    if row is None:  # the counter was removed from the configuration after the tablet was added
        raise Forbidden(role=who.role)
    return {"counter": row["number"], "name": row["name"], "status": row["status"], "officer": row["officer"],
            "officer_name": row["officer_name"], "window_seconds": qms.settings.rating_window_seconds}


@pages.get("/rating", response_class=HTMLResponse, tags=["rating"], summary="The rating tablet's page",
           description="Open `/rating#key=<rating device key>` once on the tablet: the key is kept in the "
                       "browser, never sent in the address. The page waits showing the counter and officer, "
                       "asks the citizen after each finished ticket, and records the answer.")
async def rating_html(qms: ServicesDep) -> HTMLResponse:
    return HTMLResponse(rating_page(qms.centre.name))
