"""Kiosks, displays and rating tablets: each has a random 256-bit key, shown once when the device is added and stored
only as its SHA-256 (a key that long needs no slow hash; PINs, which are short, use scrypt)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from core.clock import Clock, iso
from core.errors import DeviceUnknown
from core.storage import immediate

DEVICE_KINDS = ("kiosk", "display", "rating")
KEY_PREFIX = "qmsd_"


def key_hash(key: str) -> str:
    """The stored form of a device key (also used for officer tokens)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Device:
    """A registered kiosk, display or rating tablet (which stands at one *counter*)."""

    id: int
    kind: str
    name: str
    created_at: str
    revoked_at: str | None
    counter: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (never the key)."""
        return {"id": self.id, "kind": self.kind, "name": self.name, "created_at": self.created_at,
                "revoked_at": self.revoked_at, "active": self.revoked_at is None, "counter": self.counter}


def _device(row: tuple[Any, ...]) -> Device:
    return Device(id=row[0], kind=row[1], name=row[2], created_at=row[3], revoked_at=row[4], counter=row[5])


_COLUMNS = "id, kind, name, created_at, revoked_at, counter"


def add_device(db: Database, clock: Clock, kind: str, name: str,
               counter: int | None = None) -> tuple[Device, str]:
    """Register a device; return it and its key (the only time the key exists in clear). A rating
    tablet names its *counter*; other kinds have none."""
    if kind not in DEVICE_KINDS or (kind == "rating") != (counter is not None):
        raise ValueError(kind)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with immediate(db):
        cur = db.conn.execute("INSERT INTO devices (kind, name, key_hash, created_at, counter) VALUES (?, ?, ?, ?, ?)",
                              (kind, name, key_hash(key), iso(clock.now()), counter))
        row = db.conn.execute(f"SELECT {_COLUMNS} FROM devices WHERE id = ?", (cur.lastrowid,)).fetchone()
    return _device(row), key


def list_devices(db: Database) -> list[Device]:
    """Every device ever registered, revoked ones included (history refers to them)."""
    return [_device(r) for r in db.conn.execute(f"SELECT {_COLUMNS} FROM devices ORDER BY id")]


def revoke_device(db: Database, clock: Clock, device_id: int) -> Device:
    """Revoke a device's key; it stays listed. Revoking twice keeps the first time."""
    with immediate(db):
        db.conn.execute("UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                        (iso(clock.now()), device_id))
        row = db.conn.execute(f"SELECT {_COLUMNS} FROM devices WHERE id = ?", (device_id,)).fetchone()
    if row is None:
        raise DeviceUnknown(device=device_id)
    return _device(row)


def device_by_key(db: Database, key: str) -> Device | None:
    """The active device holding *key*, or ``None``."""
    row = db.conn.execute(f"SELECT {_COLUMNS} FROM devices WHERE key_hash = ? AND revoked_at IS NULL",
                          (key_hash(key),)).fetchone()
    return _device(row) if row else None
