"""Admin endpoints: devices and staff (reports: server/routes_reports.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Path

from core.device_keys import add_device, list_devices, revoke_device
from core.errors import CounterUnknown
from core.staff import add_staff, list_staff
from server.auth import require
from server.deps import CallerDep, ServicesDep, errors
from server.errors import ValidationFailed
from server.models import OkOut
from server.models_admin import DeviceCreated, DeviceIn, DeviceOut, StaffIn, StaffOut

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])
# A calendar day written out: pydantic's own date type would read "0" as 1970-01-01.
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _day(name: str, value: str | None) -> str | None:
    """*value* checked to be a real day (2026-02-30 is not)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationFailed(location=f"query.{name}", reason="not a day (YYYY-MM-DD)", count=1) from None
ERRORS = errors(401, 403, 413, 422)


@router.get("/devices", response_model=list[DeviceOut], summary="List kiosks and displays",
            description="Every registered device, revoked ones included; keys are never shown again.",
            responses=ERRORS)
async def devices(qms: ServicesDep, who: CallerDep) -> list[dict[str, Any]]:
    require(who, "admin")
    return [d.to_dict() for d in await qms.readers.run(lambda b: list_devices(b.db))]


@router.post("/devices", status_code=201, response_model=DeviceCreated, summary="Register a device",
             description="Answers with the device's key: shown this once, stored only as a hash. Put it in "
                         "the kiosk's or display's settings, or open `/rating#key=<key>` on a rating tablet "
                         "(which names its `counter`).", responses=ERRORS)
async def new_device(body: DeviceIn, qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    require(who, "admin")
    if body.counter is not None and qms.centre.counter(body.counter) is None:
        raise CounterUnknown(counter=body.counter)
    device, key = await qms.writer.run(
        lambda e: add_device(e.db, qms.clock, body.kind, body.name, body.counter))
    return {"device": device.to_dict(), "key": key}


@router.delete("/devices/{device_id}", response_model=DeviceOut, summary="Revoke a device",
               description="The key stops working at once; the device stays listed for history.",
               responses=errors(401, 403, 404, 422))
async def revoke(qms: ServicesDep, who: CallerDep, device_id: int = Path(ge=1, le=2**62)) -> dict[str, Any]:
    require(who, "admin")
    device = await qms.writer.run(lambda e: revoke_device(e.db, qms.clock, device_id))
    qms.auth.forget_device(device.id)
    return device.to_dict()


@router.get("/staff", response_model=list[StaffOut], summary="List staff",
            description="Officers and admins with their role and whether they are active; never PINs.",
            responses=ERRORS)
async def staff(qms: ServicesDep, who: CallerDep) -> list[dict[str, Any]]:
    require(who, "admin")
    rows = await qms.readers.run(lambda b: list_staff(b.db))
    return [{**r, "active": bool(r["active"]), "has_pin": bool(r["has_pin"])} for r in rows]


@router.post("/staff", status_code=201, response_model=StaffOut, summary="Add a staff member",
             description="The PIN is hashed (scrypt) and never logged or returned.",
             responses=errors(401, 403, 409, 413, 422))
async def new_staff(body: StaffIn, qms: ServicesDep, who: CallerDep) -> dict[str, Any]:
    require(who, "admin")
    await qms.writer.run(
        lambda e: add_staff(e.db, qms.clock, body.username, body.full_name, body.role, body.pin))
    rows = await qms.readers.run(lambda b: list_staff(b.db))
    row = next(r for r in rows if r["username"] == body.username)
    return {**row, "active": bool(row["active"]), "has_pin": bool(row["has_pin"])}


@router.post("/staff/{username}/disable", response_model=OkOut, summary="Disable a staff account",
             description="The account can no longer log in; its tokens and open counter sessions end now "
                         "(a `logout` event with reason `disabled`); history stays.",
             responses=errors(401, 403, 404, 422))
async def disable_staff(qms: ServicesDep, who: CallerDep,
                        username: str = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$"),
                        ) -> dict[str, Any]:
    require(who, "admin")
    await qms.writer.run(lambda e: e.disable_staff(username))
    qms.auth.revoke_where(lambda p: p.username == username)
    return {"ok": True}
