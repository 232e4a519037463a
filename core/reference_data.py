"""Reference data in the database: fields, counters and staff mirrored from the configuration.

Fields and counters live in the configuration file; they are copied into the database so that an auditor
reading the file alone can name them. A field or counter removed from the configuration is marked
inactive, never deleted, because history refers to it.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from core.clock import Clock, iso
from core.config import Centre
from core.storage import immediate


def install_centre(db: Database, centre: Centre, clock: Clock) -> None:
    """Mirror the configuration's fields, counters and staff into the database."""
    with immediate(db):
        db.conn.execute("UPDATE fields SET active = 0")
        for f in centre.fields:
            db.conn.execute(
                "INSERT INTO fields (code, name_vi, name_en, numbers, daily_cap, priority_rule, position, active)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi,"
                " name_en = excluded.name_en, numbers = excluded.numbers, daily_cap = excluded.daily_cap,"
                " priority_rule = excluded.priority_rule, position = excluded.position, active = 1",
                (f.code, f.name_vi, f.name_en, str(f.numbers), f.daily_cap, f.priority_rule, f.position))
        db.conn.execute("UPDATE counters SET active = 0")
        for c in centre.counters:
            db.conn.execute(
                "INSERT INTO counters (number, name, location, fields, priority_only, active)"
                " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (number) DO UPDATE SET name = excluded.name,"
                " location = excluded.location, fields = excluded.fields,"
                " priority_only = excluded.priority_only, active = 1",
                (c.number, c.name, c.location, json.dumps(list(c.fields)), int(c.priority_only)))
        for s in centre.staff:
            db.conn.execute(
                "INSERT INTO staff (username, full_name, role, active, created_at) VALUES (?, ?, ?, 1, ?)"
                " ON CONFLICT (username) DO UPDATE SET full_name = excluded.full_name, role = excluded.role",
                (s.username, s.full_name, s.role, iso(clock.now())))
