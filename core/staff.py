"""Staff accounts in the database: adding them, their PINs (hashed with scrypt) and the list without them.

Who the staff are comes from the configuration too (``core.reference_data.install_centre`` mirrors it);
PINs are set only here, from the command line or the administrator's page.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from core.clock import Clock, iso
from core.errors import StaffExists, StaffUnknown
from core.security import hash_secret, verify_secret
from core.storage import dict_rows, immediate


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
