"""The citizen's phone ticket, live: ``GET /api/v1/public/tickets/{token}/live`` (Server-Sent Events).

The page behind a ticket's QR code (``/t/{token}``, :mod:`server.pages`) follows this channel instead of
reloading. Its only credential is the ticket's secret token, and it carries that ticket's public status
alone (the same fields as ``GET /api/v1/public/tickets/{token}``, rendered for the page): which other
tickets were called or issued never leaves the server, only the people-ahead count they change.

Server-Sent Events rather than the WebSocket event stream: the stream carries every citizen's numbers and
needs a device key; a one-way text stream over plain HTTP is all a phone needs, and the browser's
``EventSource`` reconnects by itself. The server re-reads the ticket's status only after an event that can
change it (the ticket itself, its field, the counters' sessions), coalesces a burst into one read, and
sends only when the status changed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from core.actions import Kind
from core.board import QueueBoard
from server.deps import Services, ServicesDep, errors
from server.pages import live_message
from server.routes_read import TokenPath, public_status

router = APIRouter(prefix="/api/v1", tags=["public"])

# Events that change how long every waiting citizen of a field waits, whatever field they name.
_EVERY_FIELD = frozenset({Kind.LOGIN, Kind.LOGOUT, Kind.PAUSED, Kind.UNPAUSED, Kind.FIELD_STATE, Kind.CLOCK_STEP,
                          Kind.EXPIRED})
# A transfer moves a citizen between fields: both sides of it.
_TRANSFERS = frozenset({Kind.TRANSFERRED, Kind.TRANSFERRED_IN})


class _Watched:
    """The ticket a channel follows: its status and what an event must name to concern it."""

    def __init__(self, qms: Services, token: str) -> None:
        self.qms, self.token = qms, token
        self.ticket_id: int | None = None
        self.field_code: str | None = None

    def read(self, board: QueueBoard) -> dict[str, Any]:
        status = public_status(self.qms, board, self.token)  # raises ticket_unknown
        ticket = board.ticket_by_token(self.token)
        if ticket is not None:  # after a transfer, the newest row of the chain
            self.ticket_id, self.field_code = ticket.id, ticket.field_code
        return status

    def concerns(self, message: str) -> bool:
        event = json.loads(message)["event"]
        return (event["kind"] in _EVERY_FIELD or event["ticket_id"] == self.ticket_id
                or event["field_code"] == self.field_code or event["kind"] in _TRANSFERS)


def _frame(status: dict[str, Any]) -> str:
    return f"data: {json.dumps(live_message(status), ensure_ascii=False)}\n\n"


@router.get("/public/tickets/{token}/live", summary="A ticket's status, live (Server-Sent Events)",
            response_class=StreamingResponse,
            description="No authentication: the token is the proof. A `text/event-stream` whose first "
                        "message is the ticket's current status and each next one its status after a "
                        "change: `{state, counter, label, vi, en}` (`vi`/`en`: the status as the ticket "
                        "page shows it, HTML). A comment line keeps the connection open when nothing "
                        "changes. Nothing about other tickets is sent.",
            responses={**errors(404, 422), 200: {"content": {"text/event-stream": {}}}})
async def ticket_live(request: Request, qms: ServicesDep, token: str = TokenPath) -> StreamingResponse:
    watched = _Watched(qms, token)
    sub = qms.hub.subscribe()  # before the first read: no change can fall between the two
    try:
        first = await qms.readers.run(watched.read)
    except BaseException:
        qms.hub.unsubscribe(sub)
        raise

    async def stream() -> AsyncIterator[str]:
        nonlocal sub
        sent = first
        try:
            yield "retry: 3000\n\n" + _frame(first)
            while True:
                try:
                    _seq, message = await asyncio.wait_for(sub.queue.get(), timeout=qms.settings.ping_seconds)
                except TimeoutError:
                    if sub.overflowed.is_set():  # dropped by the hub: subscribe again and re-read
                        sub = qms.hub.subscribe()
                    else:
                        yield ": ping\n\n"
                        continue
                else:
                    relevant = watched.concerns(message)
                    while not sub.queue.empty():  # a burst of events: one read for all of them
                        relevant = watched.concerns(sub.queue.get_nowait()[1]) or relevant
                    if not relevant:
                        continue
                status = await qms.readers.run(watched.read)
                if status != sent:
                    sent = status
                    yield _frame(status)
        finally:
            qms.hub.unsubscribe(sub)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
