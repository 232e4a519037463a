"""Request and response bodies of the administrators' device and staff routes (``/api/v1/admin/...``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from server.models import Body, Text


class DeviceIn(Body):
    """Register a kiosk, display or rating tablet (which names the counter it stands at)."""

    kind: Literal["kiosk", "display", "rating"]
    name: Text(80, 1)
    counter: int | None = Field(default=None, ge=1, le=100_000,
                                description="The counter of a `rating` tablet; required for it, refused otherwise.")

    @model_validator(mode="after")
    def _counter_for_rating_only(self) -> DeviceIn:
        if (self.kind == "rating") != (self.counter is not None):
            raise ValueError("counter is required for a rating device and refused for others")
        return self


class DeviceOut(BaseModel):
    """A registered device (never its key)."""

    id: int
    kind: Literal["kiosk", "display", "rating"]
    name: str
    created_at: str
    revoked_at: str | None
    active: bool
    counter: int | None = Field(description="The counter a rating tablet stands at; null for other kinds.")


class DeviceCreated(BaseModel):
    """The new device and its key — shown this once only."""

    device: DeviceOut
    key: str


class StaffIn(Body):
    """Add a staff member."""

    username: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9._-]+$")]
    full_name: Text(120, 1)
    role: Literal["officer", "admin"] = "officer"
    pin: Annotated[str, Field(pattern=r"^[0-9]{4,12}$", description="4 to 12 digits. Never logged.")]


class StaffOut(BaseModel):
    """A staff member (never the PIN or its hash)."""

    username: str
    full_name: str
    role: Literal["officer", "admin"]
    active: bool
    has_pin: bool
    created_at: str
