"""Request and response bodies of the REST API, as pydantic models: they validate what comes in and
document, in the OpenAPI schema at ``/docs``, exactly what goes out."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from core.tickets import Priority, State


def _no_surrogates(value: str) -> str:
    # JSON may carry lone UTF-16 surrogates ("\ud800"), which no database or printer can store.
    value.encode("utf-8")
    return value


def Text(max_length: int, min_length: int = 0) -> Any:
    """A string of bounded length that is valid Unicode."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_surrogates)]


class Body(BaseModel):
    """Base of request bodies: unknown keys are ignored, so clients may send more than needed."""

    model_config = ConfigDict(extra="ignore")


# ----------------------------------------------------------------- errors and health

class ErrorDetail(BaseModel):
    """What went wrong, in a form a program and a person can both use."""

    code: str = Field(description="Stable machine code, e.g. `field_full`, `unauthorized`, `validation`.")
    message_vi: str = Field(description="Message in Vietnamese, ready to show.")
    message_en: str = Field(description="Message in English.")
    details: dict[str, Any] = Field(description="Parameters of the error (field code, counter, ...).")


class ErrorOut(BaseModel):
    """The body of every 4xx (and 5xx) answer."""

    error: ErrorDetail


class WriterOut(BaseModel):
    """Whether changes are being saved."""

    ok: bool = Field(description="False while the last change could not be written to the database.")
    error: str | None = Field(None, description="The kind of the last write failure (e.g. `OperationalError`).")
    since: str | None = Field(None, description="When writes started failing (UTC).")


class ClockStepOut(BaseModel):
    """The last jump of the system clock the server noticed."""

    seconds: float = Field(description="How far the system clock jumped (negative: set back).")
    system_time: str = Field(description="The system clock's time just after the jump (UTC).")
    kept_time: str = Field(description="The time the server kept (never earlier than what it told before).")


class HealthOut(BaseModel):
    """The server is up and its database readable; whether writes succeed; the last clock step."""

    status: Literal["ok", "degraded"] = Field(description="`degraded` while writes fail.")
    seq: int = Field(description="Sequence number of the newest event.")
    service_day: str = Field(description="Today's local date (YYYY-MM-DD).")
    version: str
    writer: WriterOut
    clock_step: ClockStepOut | None = Field(None, description="Null when the clock never jumped while running.")


# ----------------------------------------------------------------- tickets

class TicketOut(BaseModel):
    """A ticket as staff and kiosks see it (never its secret token)."""

    id: int
    service_day: str
    field: str = Field(description="Field code.")
    seq: int = Field(description="Position of the number in the field's series of the day (1-based).")
    label: str = Field(description="The printed number, e.g. `1005` or `A012`.")
    priority: Priority | None
    priority_note: str | None
    state: State
    issued_at: str
    queue_at: str = Field(description="Place in the queue (the original issue time, kept across transfers).")
    counter: int | None
    target_counter: int | None
    calls: int
    transferred_from: int | None


class TicketResult(BaseModel):
    """The ticket an action produced or changed."""

    ticket: TicketOut | None


class IssueIn(Body):
    """A citizen takes a number."""

    field: Text(8, 1) = Field(description="Field code, e.g. `DD`.")
    priority: Priority | None = Field(None, description="Priority kind, or null for a normal ticket.")
    note: Text(200) | None = Field(None, description="Free note (e.g. appointment code).")


class IssueOut(BaseModel):
    """The new ticket, what to print on it and where the citizen can follow it."""

    ticket: TicketOut
    ahead: int = Field(description="People who will be called before this ticket.")
    estimated_minutes: int | None = Field(description="Estimated wait; null when no counter serves the field, "
                                                      "or when the field is overloaded.")
    overloaded: bool = Field(False, description="The wait would run past the field's ticket hours today: the "
                                                "ticket says so instead of printing a number.")
    status_url: str = Field(description="Public page of this ticket (for the QR code). Contains the secret token.")
    centre: str
    field_name_vi: str
    field_name_en: str


class PrintResultIn(Body):
    """What happened when the kiosk printed the ticket."""

    ok: bool
    status: Text(40, 1) = Field(description="Printer status: online, paper_near_end, paper_out, offline, ...")
    reason: Text(300) | None = None


PrinterStatusText = Literal["ready", "paper_near_end", "paper_out", "cover_open", "error", "offline", "unknown"]


class PrinterStatusIn(Body):
    """The kiosk's printer now (``printers.status.PrinterStatus``)."""

    status: PrinterStatusText
    reason: Text(300) | None = None


class KioskPrinterOut(BaseModel):
    """A kiosk's latest printer report."""

    kiosk: str
    status: str
    reason: str | None
    reported_at: str
    silent: bool = Field(description="No report for three minutes: the kiosk is off or cut from the LAN.")


class OkOut(BaseModel):
    """The action was recorded."""

    ok: Literal[True] = True


# ----------------------------------------------------------------- counters

class CallIn(Body):
    """Call a particular number."""

    label: Text(20, 1) = Field(description="The number as printed, e.g. `1005`.")
    field: Text(8, 1) | None = Field(None, description="The number's field, when fields share numbers "
                                                       "(else 409 `number_ambiguous`).")
    reason: Text(200) | None = Field(None, description="Why it is called out of turn (kept in the event log).")


class PauseIn(Body):
    """Pause the counter (tạm nghỉ)."""

    reason: Text(200) | None = None


class TransferIn(Body):
    """Send the citizen to another field and/or counter."""

    field: Text(8, 1) | None = Field(None, description="Target field code.")
    counter: Annotated[int, Field(ge=1, le=100_000)] | None = Field(None, description="Target counter number.")
    reason: Text(200) | None = Field(None, description="Why, for a transfer to a counter (out of turn).")


# ----------------------------------------------------------------- auth

class LoginIn(Body):
    """An officer (or admin) proves who they are."""

    username: Text(64, 1)
    pin: Text(64, 1) = Field(description="The staff member's PIN. Never logged.")
    counter: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        None, description="Counter number; required for officers, optional for admins.")


class AdminLoginIn(Body):
    """An administrator logs in to the web pages (``POST /admin/login``)."""

    username: Text(64, 1)
    pin: Text(64, 1) = Field(description="The administrator's PIN. Never logged.")


class LoginOut(BaseModel):
    """A bearer token for the following requests."""

    token: str
    username: str
    full_name: str
    role: Literal["officer", "admin"]
    counter: int | None


# ----------------------------------------------------------------- reads

class FieldState(BaseModel):
    """A field, how many wait for it, and whether it issues numbers now."""

    code: str
    name_vi: str
    name_en: str
    waiting: int
    estimated_minutes: int | None
    overloaded: bool = False
    state: Literal["issuing", "closed", "full"] = Field(
        "issuing", description="`closed`: outside its ticket hours; `full`: its daily numbers are used up.")
    opens_at: str | None = Field(None, description="When a closed field opens again (local ISO time), "
                                                   "or null (not within a week).")


class CounterTicket(BaseModel):
    """The ticket a counter is handling."""

    id: int
    label: str
    state: State
    field: str
    priority: str | None = Field(None, description="The ticket's priority kind (elderly, disability, ...).")


class CounterState(BaseModel):
    """A counter, its officer and its current ticket."""

    number: int
    name: str
    location: str
    fields: list[str]
    priority_only: bool
    status: Literal["closed", "open", "paused"]
    officer: str | None
    officer_name: str | None
    pause_reason: str | None = Field(None, description="Why a paused counter is paused, as the officer said.")
    ticket: CounterTicket | None


class RecentCall(BaseModel):
    """A call or recall of today."""

    seq: int
    at: str
    kind: Literal["called", "recalled"]
    label: str
    field: str
    counter: int
    ticket_id: int
    priority: str | None = Field(None, description="The ticket's priority kind, if it has one.")


class SnapshotOut(BaseModel):
    """The whole live queue, consistent with event number `seq`."""

    seq: int
    service_day: str
    fields: list[FieldState]
    counters: list[CounterState]
    recent_calls: list[RecentCall]


class CentreInfo(BaseModel):
    """The centre's name and place, its time zone and when it issues tickets."""

    name: str
    address: str
    timezone: str
    hours: dict[str, list[str]] = Field(
        default_factory=dict,
        description="When the centre issues tickets in any field: every weekday (`mon` … `sun`) with its "
                    "sessions (`\"07:00-11:30\"`, end excluded; an empty list is a closed day). The wall "
                    "display's voice speaks from a day's first session on.")


class FieldInfo(BaseModel):
    """A field as configured."""

    code: str
    name_vi: str
    name_en: str
    numbers: str = Field(description="Number range, e.g. `1001-1999`.")


class CounterInfo(BaseModel):
    """A counter as configured."""

    number: int
    name: str
    location: str
    fields: list[str]
    priority_only: bool


class ConfigOut(BaseModel):
    """What the apps need from the centre configuration."""

    centre: CentreInfo
    fields: list[FieldInfo]
    counters: list[CounterInfo]
    tables: dict[str, dict[str, Any]] = Field(
        description="Raw `ticket`, `voice`, `display` and `kiosk` tables (`kiosk`: docs/kiosk.md).")


class PublicTicketOut(BaseModel):
    """What anyone holding a ticket's link may see: nothing about other citizens."""

    label: str
    field_name_vi: str
    field_name_en: str
    state: State
    ahead: int
    estimated_minutes: int | None
    overloaded: bool = False
    counter: int | None
    service_day: str = Field(description="The local day the ticket was issued for (YYYY-MM-DD).")
    day_closed: bool = Field(description="The day ended before the ticket was served: it will not be called.")


class EventOut(BaseModel):
    """One entry of the event log, as sent on the WebSocket (`{"type": "event", "event": ...}`)."""

    seq: int
    at: str
    kind: str
    service_day: str
    ticket_id: int | None
    field_code: str | None
    label: str | None
    counter: int | None
    username: str | None
    data: dict[str, Any]


class RowsOut(BaseModel):
    """The rows a live event's commit changed (`{"type": "event", "event": ..., "rows": ...}`); each key
    only when it has rows."""

    fields: list[FieldState] = []
    counters: list[CounterState] = []
