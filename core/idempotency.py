"""Ticket requests retried by a kiosk: each carries an ``Idempotency-Key`` (the IETF draft's header), and
the first answer is the answer to every retry of it.

A kiosk's request can reach the server, issue a number and lose its answer on the way back (a Wi-Fi
hiccup, a switch rebooting). The kiosk then asks again with the same key; without this table the
citizen would get a second number and the queue a ghost ticket.
"""

from __future__ import annotations

from sqlite_utils import Database

MAX_KEY_LENGTH = 128


def valid_key(key: str) -> bool:
    """1 to 128 printable ASCII characters (a UUID, a ULID, any random token)."""
    return 0 < len(key) <= MAX_KEY_LENGTH and all(33 <= ord(ch) <= 126 for ch in key)


def issued_for(db: Database, kiosk: str, key: str) -> tuple[int, str] | None:
    """``(ticket_id, field_code)`` of the ticket *kiosk*'s request *key* issued, or ``None``."""
    row = db.conn.execute("SELECT ticket_id, field_code FROM issue_requests WHERE kiosk = ? AND key = ?",
                          (kiosk, key)).fetchone()
    return (row[0], row[1]) if row else None


def remember(db: Database, kiosk: str, key: str, ticket_id: int, field_code: str, at: str) -> None:
    """Record that request *key* of *kiosk* issued *ticket_id* (inside the issuing transaction)."""
    db.conn.execute("INSERT INTO issue_requests (kiosk, key, ticket_id, field_code, created_at)"
                    " VALUES (?, ?, ?, ?, ?)", (kiosk, key, ticket_id, field_code, at))
