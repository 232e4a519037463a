"""The small centre the core tests run on (three fields, four counters, four officers), a Monday-morning
start time, and ``dump`` to show that a refused action changed nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.config import Centre, parse_centre
from core.engine import QueueEngine

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


def dump(engine: QueueEngine) -> list[tuple]:
    """Every row of every table that changes, to show that a refused action changed nothing."""
    conn = engine.db.conn
    return [
        tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
        for table in ("tickets", "events", "series", "counter_sessions")
    ]
