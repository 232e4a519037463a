"""The administrator's message on every wall display: post it, clear it, read the current one.

Posting and clearing are events (``message``, ``message_cleared``), so the displays get them on their
stream as they happen, and after a reconnect from the replay. ``GET`` answers the message in force for a
display that starts (or reloads) mid-day; the server keeps it in memory, loaded from the log at start-up
and followed from the events it commits, so the answer costs no database read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from core import messages
from core.event import Event
from core.messages import Message
from server.auth import require
from server.deps import CallerDep, ServicesDep, errors
from server.errors import ValidationFailed
from server.models import Body, OkOut, Text

router = APIRouter(prefix="/api/v1/display", tags=["display"])


if TYPE_CHECKING:
    MessageText = str
else:  # bounded, valid Unicode (``Text`` builds an annotation type checkers cannot follow)
    MessageText = Text(messages.MAX_TEXT, min_length=1)


class MessageIn(Body):
    """A message for every display."""

    text: MessageText = Field(description="What the displays show, e.g. "
                                                                    "\"Hệ thống tạm dừng 10 phút\".")
    minutes: Annotated[int, Field(ge=1, le=messages.MAX_MINUTES)] | None = Field(
        None, description="Shown for this many minutes; without it, until cleared or the end of the day.")


class MessageOut(BaseModel):
    """A message in force."""

    seq: int
    text: str
    at: str
    until: str | None
    service_day: str
    by: str | None


class CurrentMessageOut(BaseModel):
    """The message the displays show now, if any."""

    message: MessageOut | None


class Notices:
    """The message in force, kept in memory and fed every committed event."""

    def __init__(self) -> None:
        self.current: Message | None = None

    def on_event(self, event: Event) -> None:
        if event.kind == messages.POSTED:
            self.current = messages.from_event(event)
        elif event.kind == messages.CLEARED:
            self.current = None


def notices(request: Request) -> Notices:
    """The server's :class:`Notices`."""
    return request.app.state.notices


@router.get("/message", response_model=CurrentMessageOut, summary="The message on the displays",
            description="Any authorised caller. `message` is null when none is in force (cleared, expired "
                        "or posted on an earlier day).", responses=errors(401))
async def current(request: Request, qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    message = notices(request).current
    if message is None or not message.active(qms.clock.now(), qms.engine.service_day()):
        return {"message": None}
    return {"message": message.to_dict()}


@router.put("/message", response_model=MessageOut, summary="Put a message on every display",
            description="Admin only. Replaces the message in force; every display shows it at once until "
                        "it is cleared, its `minutes` run out, or the service day ends.",
            responses=errors(401, 403, 413, 422))
async def post(body: MessageIn, request: Request, qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    require(who, "admin")
    data = messages.message_data(body.text, qms.clock.now(), body.minutes)
    if not data["text"]:
        raise ValidationFailed(location="body.text", reason="only spaces", count=1)
    await qms.writer.run(lambda e: e.record(messages.POSTED, data, None, who.username))
    message = notices(request).current
    assert message is not None  # the commit hook ran before the writer answered
    return message.to_dict()


@router.delete("/message", response_model=OkOut, summary="Take the message off every display",
               description="Admin only. Clearing when no message is shown changes nothing.",
               responses=errors(401, 403))
async def clear(request: Request, qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    require(who, "admin")
    if notices(request).current is not None:
        await qms.writer.run(lambda e: e.record(messages.CLEARED, {}, None, who.username))
    return {"ok": True}
