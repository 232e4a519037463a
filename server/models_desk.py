"""Response bodies of the counter app's own reads: the counters its login screen lists
(``GET /api/v1/counters``) and the desk's view of one counter (``GET /api/v1/counters/{n}/queue``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.tickets import Priority, State


class PublicCounter(BaseModel):
    """A counter as the login screen lists it."""

    number: int
    name: str
    location: str
    fields: list[str]


class PublicField(BaseModel):
    """A field's code and names."""

    code: str
    name_vi: str
    name_en: str


class PublicCountersOut(BaseModel):
    """What a counter PC's login screen needs before anyone has logged in: no secrets."""

    centre: str
    counters: list[PublicCounter]
    fields: list[PublicField]


class DeskTicket(BaseModel):
    """A ticket at or for the counter, with the times the officer sees."""

    id: int
    label: str
    field: str
    priority: Priority | None
    priority_note: str | None
    state: State
    issued_at: str
    queue_at: str
    calls: int
    counter: int | None
    target_counter: int | None
    transferred_from: int | None
    first_called_at: str | None = Field(None, description="First call (waiting time = this − issued_at).")
    called_at: str | None = Field(None, description="Latest call or recall.")
    started_at: str | None = Field(None, description="Latest start or resume: the serving timer runs from here.")


class DeskField(BaseModel):
    """Who waits for one of the counter's fields."""

    field: str
    waiting: int
    priority: int = Field(description="Priority citizens among them.")
    oldest_queue_at: str | None


class DeskCounter(BaseModel):
    """The counter's own state."""

    number: int
    name: str
    fields: list[str]
    status: Literal["closed", "open", "paused"]
    officer: str | None
    paused_since: str | None
    pause_reason: str | None


class DeskToday(BaseModel):
    """The officer's own figures for today."""

    served: int
    serve_avg_seconds: float | None


class DeskOut(BaseModel):
    """Everything the counter app shows, read at one moment (`now`, the server's clock)."""

    now: str
    counter: DeskCounter
    current: DeskTicket | None
    held: list[DeskTicket]
    waiting: list[DeskTicket] = Field(description="Waiting tickets this counter may call, about in call order "
                                                  "(at most 500; `fields` has the full counts).")
    fields: list[DeskField]
    today: DeskToday
