"""A field's state now: full wins over closed, and a closed field says when it opens."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from core.availability import Availability, availability
from core.config import load_centre

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def land():
    sample = resources.files("assets").joinpath("config", "centre.sample.toml")
    with resources.as_file(sample) as path:
        return load_centre(path).field("DD")  # 400 a day, Saturday mornings too


@pytest.mark.parametrize(("local", "issued", "expected"), [
    (datetime(2026, 11, 30, 9, 0), 10, Availability("issuing")),
    (datetime(2026, 11, 30, 6, 59), 0, Availability("closed", datetime(2026, 11, 30, 7, 0, tzinfo=HCM))),
    (datetime(2026, 11, 30, 11, 30), 10, Availability("closed", datetime(2026, 11, 30, 13, 0, tzinfo=HCM))),
    (datetime(2026, 12, 4, 17, 0), 10, Availability("closed", datetime(2026, 12, 5, 7, 30, tzinfo=HCM))),
    (datetime(2026, 12, 5, 12, 0), 10, Availability("closed", datetime(2026, 12, 7, 7, 0, tzinfo=HCM))),
    (datetime(2026, 11, 30, 9, 0), 400, Availability("full")),
    (datetime(2026, 11, 30, 12, 0), 400, Availability("full")),  # full for the rest of the day
])
def test_state_of_the_land_field(land, local: datetime, issued: int, expected: Availability) -> None:
    assert availability(land, local.replace(tzinfo=HCM), issued) == expected


def test_a_field_never_open_has_no_opening_time(land) -> None:
    never = replace(land, hours=replace(land.hours, days=((),) * 7))
    assert availability(never, datetime(2026, 11, 30, 9, 0, tzinfo=HCM), 0) == Availability("closed", None)


def test_json_form_has_local_minutes() -> None:
    moment = datetime(2026, 11, 30, 13, 0, tzinfo=HCM)
    assert Availability("closed", moment).to_dict() == {"state": "closed", "opens_at": "2026-11-30T13:00+07:00"}
