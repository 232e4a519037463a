"""What the officers' counter app needs beyond the calling endpoints: the counters to choose from at the
login screen (no credential yet), and the counter's own view — the ticket in hand with its times, held
and waiting tickets of its fields, the officer's figures for today."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path

from core.desk import counter_desk
from core.errors import CounterUnknown
from server.auth import require_counter
from server.deps import CallerDep, ServicesDep, errors
from server.models_desk import DeskOut, PublicCountersOut

router = APIRouter(prefix="/api/v1")

CounterPath = Path(ge=1, le=100_000, description="Counter number; must be the counter of the caller's token.")


@router.get("/public/counters", response_model=PublicCountersOut, tags=["public"],
            summary="The centre's counters, for the login screen",
            description="No authentication: a counter PC shows these before an officer has logged in. "
                        "Names, places and fields only — nothing about tickets or people.")
async def public_counters(qms: ServicesDep) -> dict[str, Any]:
    c = qms.centre
    return {"centre": c.name,
            "counters": [{"number": k.number, "name": k.name, "location": k.location, "fields": list(k.fields)}
                         for k in c.counters],
            "fields": [{"code": f.code, "name_vi": f.name_vi, "name_en": f.name_en} for f in c.fields]}


@router.get("/counters/{number}/queue", response_model=DeskOut, tags=["counter"],
            summary="The counter's own view",
            description="Officer logged in at this counter only: its ticket in hand with waiting and serving "
                        "times and call count, its held tickets, the waiting tickets of its fields (those "
                        "sent to another counter left out), counts per field with the oldest wait and "
                        "priority citizens, and the officer's served count and average serving time today.",
            responses=errors(401, 403, 404))
async def counter_queue(qms: ServicesDep, who: CallerDep, number: int = CounterPath) -> dict[str, Any]:
    require_counter(who, number)
    spec = qms.centre.counter(number)
    if spec is None:
        raise CounterUnknown(counter=number)
    return await qms.readers.run(lambda b: counter_desk(b, spec, who.username))
