"""Reference data in the database: fields and counters mirrored from the configuration, and staff.

Fields and counters live in the configuration file; they are copied into the database so that an auditor
reading the file alone can name them. A field or counter removed from the configuration is marked
inactive, never deleted, because history refers to it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from core.clock import Clock, iso
from core.config import Centre
from core.errors import StaffExists, StaffUnknown
from core.security import hash_secret, verify_secret
from core.storage import dict_rows, immediate


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


def add_staff(db: Database, clock: Clock, username: str, full_name: str, role: str, pin: str) -> None:
    """Add a staff member with a hashed PIN; refuse a username that exists."""
    with immediate(db):
        if db.conn.execute("SELECT 1 FROM staff WHERE username = ?", (username,)).fetchone():
            raise StaffExists(username=username)
        db.conn.execute("INSERT INTO staff (username, full_name, role, pin_hash, active, created_at)"
                        " VALUES (?, ?, ?, ?, 1, ?)", (username, full_name, role, hash_secret(pin), iso(clock.now())))


def set_pin(db: Database, username: str, pin: str) -> None:
    """Replace a staff member's PIN."""
    with immediate(db):
        if db.conn.execute("UPDATE staff SET pin_hash = ? WHERE username = ?",
                           (hash_secret(pin), username)).rowcount == 0:
            raise StaffUnknown(username=username)


def check_pin(db: Database, username: str, pin: str) -> dict[str, Any] | None:
    """The staff row if *pin* is right and the account active, else ``None`` (no hint which was wrong)."""
    row = db.conn.execute("SELECT username, full_name, role, pin_hash, active FROM staff WHERE username = ?",
                          (username,)).fetchone()
    # The hash is always computed (a dummy one for an unknown name): every refusal costs the same time.
    right = verify_secret(pin, row[3] if row else None)
    if row is None or not row[4] or not right:
        return None
    return {"username": row[0], "full_name": row[1], "role": row[2]}


def list_staff(db: Database) -> list[dict[str, Any]]:
    """Every staff member, without PIN hashes."""
    cur = db.conn.execute("SELECT username, full_name, role, active, pin_hash IS NOT NULL AS has_pin,"
                          " created_at FROM staff ORDER BY username")
    return dict_rows(cur)
