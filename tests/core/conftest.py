"""Fixtures for the core: a small centre, a real database file in a temp dir, a clock the test moves."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.board import QueueBoard
from core.clock import ManualClock
from core.config import Centre, parse_centre
from core.directory import install_centre
from core.engine import QueueEngine
from core.storage import connect

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_8AM = datetime(2026, 11, 23, 8, 0, tzinfo=VN)

SMALL_CENTRE = {
    "centre": {"name": "UBND xã Thử Nghiệm", "hours": {"mon-fri": ["07:00-11:30", "13:00-17:00"]}},
    "fields": [
        {"code": "DD", "name_vi": "Đất đai", "name_en": "Land", "numbers": "1001-1999"},
        {"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status", "numbers": "A001-A999",
         "daily_cap": 3},
        {"code": "CT", "name_vi": "Chứng thực", "name_en": "Certification", "numbers": "3001-3999",
         "priority_rule": "none"},
    ],
    "counters": [
        {"number": 1, "fields": ["DD", "HT"]},
        {"number": 2, "fields": ["HT", "DD"]},
        {"number": 3, "fields": ["CT"]},
        {"number": 9, "fields": ["DD", "HT", "CT"], "priority_only": True},
    ],
    "staff": [{"username": u, "full_name": u.upper()} for u in ("an", "binh", "cuong", "dung")],
}


def make_centre(**centre_overrides: object) -> Centre:
    """The small centre, with keys of its [centre] table replaced."""
    data = {**SMALL_CENTRE, "centre": {**SMALL_CENTRE["centre"], **centre_overrides}}
    return parse_centre(data, "test.toml")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_8AM)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "qms.db"


@pytest.fixture
def centre() -> Centre:
    return make_centre()


@pytest.fixture
def engine(db_path: Path, centre: Centre, clock: ManualClock) -> QueueEngine:
    db = connect(db_path)
    install_centre(db, centre, clock)
    return QueueEngine(db, centre, clock)


@pytest.fixture
def board(engine: QueueEngine) -> QueueBoard:
    return QueueBoard(engine.db, engine.centre, engine.clock)


def dump(engine: QueueEngine) -> list[tuple]:
    """Every row of every table that changes, to show that a refused action changed nothing."""
    conn = engine.db.conn
    return [
        tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
        for table in ("tickets", "events", "series", "counter_sessions")
    ]
