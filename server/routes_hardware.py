"""Counter hardware health: ``qms bridge`` reports a dead or revived keypad, sign, board or port; staff
read the list. The state lives in :class:`server.device_health.DeviceHealth`; changes become
``device_health`` events on the stream."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from core.actions import Kind
from server.auth import require
from server.deps import CallerDep, ServicesDep, errors
from server.device_health import DeviceHealth
from server.models import Body, Text

router = APIRouter(prefix="/api/v1/hardware", tags=["hardware"])

if TYPE_CHECKING:
    PortText = str
else:  # bounded, valid Unicode (``Text`` builds an annotation type checkers cannot follow)
    PortText = Text(200, min_length=1)


class DeviceHealthIn(Body):
    """One device's state, as the bridge sees it now."""

    port: PortText = Field(description="The serial port (pyserial URL) the device hangs on.")
    address: Annotated[int, Field(ge=0, le=255)] = Field(description="Its bus address; 0 for the port itself.")
    kind: Literal["keypad", "sign", "board", "port"]
    counter: Annotated[int, Field(ge=1, le=100_000)] | None = Field(None, description="The counter it serves.")
    alive: bool


class DeviceHealthOut(BaseModel):
    """A device's latest reported state."""

    reporter: str
    port: str
    address: int
    kind: str
    counter: int | None
    alive: bool
    since: str


def device_health(request: Request) -> DeviceHealth:
    """The server's :class:`DeviceHealth` (made on first use: nothing to load at start-up)."""
    state = request.app.state
    if not hasattr(state, "device_health"):
        state.device_health = DeviceHealth()
    return state.device_health


@router.post("/health", status_code=204, response_class=Response, summary="Report a device's health",
             description="Display key (the one `qms bridge` runs with). Sent when a keypad, counter sign, hall "
                         "board or serial port stops answering and when it answers again. A change is "
                         "recorded as a `device_health` event (`data` = the body and `reporter`), so the "
                         "counter concerned and the administrators see it.",
             responses=errors(401, 403, 413, 422))
async def report(body: DeviceHealthIn, request: Request, qms: ServicesDep, who: CallerDep) -> Response:
    require(who, "display")
    if device_health(request).report(who.name, body.port, body.address, body.kind, body.counter, body.alive,
                                     qms.clock.now()):
        data = {"reporter": who.name, "port": body.port, "address": body.address, "kind": body.kind,
                "counter": body.counter, "alive": body.alive}
        await qms.writer.run(lambda e: e.record(Kind.DEVICE_HEALTH, data))
    return Response(status_code=204)


@router.get("/health", response_model=list[DeviceHealthOut], tags=["read"], summary="Counter hardware health",
            description="Staff (officer or admin) and displays. Every device reported since the server started, "
                        "dead ones first.", responses=errors(401, 403))
async def listing(request: Request, who: CallerDep) -> list[dict[str, Any]]:
    require(who, "officer", "admin", "display")
    return device_health(request).listing()
