"""The FastAPI application: :func:`create_app` builds every part from the settings and the data
directory (nothing lives at module level), wires the engine's events to the WebSocket hub, and turns
every error into the one JSON error body."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.actions import Kind
from core.clock import Clock, ClockStep, SteadyClock, SystemClock, iso, parse_iso
from core.datadir import DataDir
from core.day_close import next_midnight
from core.engine import QueueEngine
from core.errors import QmsError
from core.event import Event
from core.messages import latest as latest_message
from server import (
    events,
    routes_admin,
    routes_auth,
    routes_counter,
    routes_desk,
    routes_display,
    routes_docs,
    routes_hardware,
    routes_kiosk,
    routes_printers,
    routes_public,
    routes_rating,
    routes_read,
    routes_reports,
    routes_slides,
    routes_wall,
    routes_web_admin,
)
from server.auth import Authenticator
from server.deps import Services
from server.direct import DirectIssue, DirectRead, find_route
from server.errors import (
    BadRequest,
    Internal,
    MalformedRequest,
    MethodNotAllowed,
    RouteNotFound,
    ServerError,
    ValidationFailed,
)
from server.events import Hub
from server.field_states import FieldStates, watch
from server.guard import AccessLog, Direct, Guard, error_response, route_of
from server.kiosk_printers import KioskPrinters
from server.settings import Settings
from server.writer import Readers, Writer

log = logging.getLogger("qms.server")

DESCRIPTION = """
REST and WebSocket API of a QMS centre server. All bodies are JSON.

**Authentication**: `Authorization: Bearer <credential>`. Kiosks, displays and rating tablets use a
device key (`qms device add kiosk|display NAME`, `qms device add rating NAME --counter N`); officers and
admins a token from `POST /api/v1/auth/login`. The administrators' web pages (`/admin`) log in with
`POST /admin/login`, which keeps the token in an HttpOnly, SameSite=Strict cookie (`qms_staff`) that every
route accepts in place of the header.
A kiosk may only issue tickets and report print results; a display only reads; an officer acts only at
the counter of their token; an admin manages devices, staff and reports.

**Errors**: every 4xx has the body `{"error": {"code", "message_vi", "message_en", "details"}}`; `code`
is stable and meant for programs, the messages for people.

**Live events**: WebSocket `GET /api/v1/events?since=N&token=<credential>` (or the header). The server
sends `{"type": "event", "event": {seq, at, kind, service_day, ticket_id, field_code, label, counter,
username, data}}` for every event after `N`, in order, without gaps or repeats — first those missed (from
the log), then live ones. Without `since`, when `since` is more than `replay_limit` events behind, or
ahead of the server (database replaced), the first message is `{"type": "reload", "snapshot": {...}}` and
events continue after `snapshot.seq`. `{"type": "ping"}` arrives when nothing happened for a while. A
client that cannot keep up is closed with code 4008, a bad credential with 4001: reconnect with `since` =
the last `seq` received. Event kinds: issued, called, recalled, started, finished, no_show, returned,
transferred, transferred_in, held, resumed, cancelled, expired (left unserved when its day closed), login, logout,
paused, unpaused, print_result, clock_step (the system clock jumped; `data.seconds`), rated (a
citizen's rating of a finished ticket), message, message_cleared (the administrator's message on the
displays), field_state (a field began or stopped issuing: `data` = `{state, opens_at}`), printer_status (a
kiosk's printer changed: `data` = `{kiosk, status, reason}`), device_health (a keypad, sign, board or serial
port of `qms bridge` stopped or resumed answering: `data` = `{reporter, port, address, kind, counter, alive}`).
Every event of a priority ticket carries
`data.priority`.
"""

# The server exports no OpenTelemetry data: FastAPI's own telemetry (on by default) is off, so that no
# request looks up the global providers and an OpenTelemetry SDK installed beside QMS traces nothing by
# surprise. (Its cost unconfigured is a few µs a request, within bench/bench_layers.py's noise.)
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}

TAGS = [
    {"name": "health", "description": "Liveness, no authentication."},
    {"name": "auth", "description": "Staff login and logout."},
    {"name": "kiosk", "description": "Kiosk device key only."},
    {"name": "counter", "description": "Officer token bound to the counter in the path."},
    {"name": "rating", "description": "Citizens' ratings: the counter's officer token or its rating tablet."},
    {"name": "read", "description": "Any authorised caller."},
    {"name": "public", "description": "Anyone with a ticket's secret token (its QR code)."},
    {"name": "admin", "description": "Admin token only."},
    {"name": "display", "description": "The administrator's message on the wall displays."},
    {"name": "hardware", "description": "Keypads, LED signs and boards reported dead or alive by `qms bridge`."},
]


def _version() -> str:
    try:
        return version("qms")
    except PackageNotFoundError:
        return "0"


def create_app(settings: Settings, data: DataDir, clock: Clock | None = None) -> FastAPI:
    """Open the centre in *data* and build the application serving it."""
    clock = clock or SteadyClock(SystemClock())
    centre, db = data.open(clock)
    engine = QueueEngine(db, centre, clock)
    loop_holder: dict[str, asyncio.AbstractEventLoop] = {}
    access_log = AccessLog()
    notices = routes_display.Notices()

    hub = Hub(settings.client_queue, settings.ping_seconds)

    def dispatch(committed: list[Event], rows: dict[str, list[dict[str, Any]]]) -> None:
        # On the loop (the writer hands each committed group over there), before the callers are answered.
        for event in committed:
            qms.auth.on_event(event)
            notices.on_event(event)
        hub.publish(committed, rows)

    writer = Writer(engine, dispatch, listened=lambda: bool(hub.subscribers))
    qms = Services(settings=settings, centre=centre, clock=clock, engine=engine, writer=writer,
                   readers=Readers(data.database, centre, clock), hub=hub,
                   auth=Authenticator(settings, data.database, engine.service_day), version=_version(),
                   field_states=FieldStates(), printers=KioskPrinters())
    if isinstance(clock, SteadyClock):
        _watch_clock(clock, qms, loop_holder)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loop_holder["loop"] = asyncio.get_running_loop()
        # Tickets and counter sessions left over from earlier days (a PC switched off, a power cut) end
        # now, and again at every local midnight (core/day_close.py).
        await qms.writer.run(lambda e: e.close_earlier_days())
        await qms.writer.run(qms.field_states.check)  # the states as they are now; changes become events
        midnight = asyncio.create_task(_close_each_day(qms), name="qms-midnight")
        notices.current = await qms.readers.run(lambda b: latest_message(b.db.conn))
        watcher = asyncio.create_task(watch(qms.writer.run, qms.field_states, clock.now), name="qms-field-states")
        summaries = asyncio.create_task(access_log.run(), name="qms-access-log")
        try:
            yield
        finally:
            midnight.cancel()
            watcher.cancel()
            summaries.cancel()
            access_log.flush()
            loop_holder.pop("loop", None)
            qms.hub.close()
            qms.writer.close()
            qms.readers.close()
            qms.auth.close()

    app = FastAPI(title="QMS centre server", version=qms.version, description=DESCRIPTION,
                  openapi_tags=TAGS, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # served from local files: server/routes_docs.py
                  telemetry=NO_TELEMETRY)
    app.state.qms = qms
    app.state.notices = notices
    app.state.slides_dir = data.root / "slides"
    # The rating route comes before the counter's generic ``tickets/{id}/{action}``, which would take it.
    for module in (routes_read, routes_auth, routes_kiosk, routes_printers, routes_rating, routes_counter,
                   routes_desk, routes_admin, routes_display, routes_hardware, routes_slides, routes_public,
                   routes_reports):
        app.include_router(module.router)
    app.include_router(routes_read.pages)
    app.include_router(routes_rating.pages)
    app.include_router(routes_wall.pages)
    app.include_router(routes_web_admin.pages)
    app.include_router(routes_docs.pages)
    app.include_router(routes_reports.pages)
    app.include_router(events.router)
    _install_error_handlers(app)
    app.state.access_log = access_log
    # The busiest requests skip the framework's layers when they can (server/direct.py); emptying this
    # mapping sends them through the framework again (tests/server/test_direct.py compares the two).
    issue, health = ("POST", "/api/v1/tickets"), ("GET", "/api/v1/health")
    direct: dict[tuple[str, str], Direct] = {issue: DirectIssue(find_route(routes_kiosk.router.routes, *issue)),
                                             health: DirectRead(find_route(routes_read.router.routes, *health))}
    app.state.direct_routes = direct
    app.add_middleware(Guard, max_bytes=settings.max_body_bytes, log=access_log, direct=direct)
    return app


def _watch_clock(clock: SteadyClock, qms: Services, loop_holder: dict[str, asyncio.AbstractEventLoop]) -> None:
    """Never tell a time before the newest event; log each step of the system clock and record it as a
    ``clock_step`` event, which every app receives (core/clock.py, SteadyClock)."""
    newest = qms.engine.db.conn.execute("SELECT MAX(at) FROM events").fetchone()[0]
    clock.not_before(parse_iso(newest) if newest else None)

    def on_step(step: ClockStep) -> None:
        log.warning("the system clock jumped by %+.1f s (now %s); the server keeps time from %s",
                     step.seconds, iso(step.wall), iso(step.kept))
        data = {"seconds": step.seconds, "system_time": iso(step.wall), "kept_time": iso(step.kept)}
        loop = loop_holder.get("loop")
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(lambda: loop.create_task(qms.writer.run(
                lambda e: e.record(Kind.CLOCK_STEP, data))))

    clock.on_step = on_step


async def _close_each_day(qms: Services) -> None:
    """At every local midnight, close the day that ended (the sleep is re-measured each time, so a
    clock step only moves it)."""
    while True:
        now = qms.clock.now()
        await asyncio.sleep(min(3600.0, (next_midnight(now, qms.engine) - now).total_seconds() + 1))
        try:
            await qms.writer.run(lambda e: e.close_earlier_days())
        except Exception:  # the next write of the day closes it anyway
            log.exception("closing the day failed")


def _install_error_handlers(app: FastAPI) -> None:
    async def qms_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, QmsError)
        return error_response(exc)

    async def validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = exc.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return error_response(BadRequest())
        first = problems[0] if problems else {}
        where = ".".join(str(part) for part in first.get("loc", ())) or "?"
        return error_response(ValidationFailed(location=where, reason=str(first.get("msg", "?"))[:200],
                                               count=len(problems)))

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        error: ServerError
        if exc.status_code == 404:
            error = RouteNotFound()
        elif exc.status_code == 405:
            error = MethodNotAllowed(method=request.method)
        else:
            error = MalformedRequest(status=exc.status_code)
        response = error_response(error)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s: %s", request.method, route_of(request.scope), type(exc).__name__,
                  exc_info=exc)
        return error_response(Internal())

    app.add_exception_handler(QmsError, qms_error)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal)
