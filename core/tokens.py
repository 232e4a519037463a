"""Staff tokens in the database: a restarted server still knows who is logged in where.

Seventy officers typing their PIN again after every server restart is the cost of tokens kept in memory
only. Here each token is a row (its SHA-256, never the token) bound to the officer, the counter and the
service day it was given on. A token is good while its row is open, its account active, its day today,
and — for a counter token — while its officer's session at that counter is open. Rows are closed, with
the reason, at logout, when someone takes the counter over or the officer moves, when the account is
disabled, and when a session of an earlier day is closed; tokens of an earlier day are refused anyway.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from core.event_log import EventLog


def live_token(conn: sqlite3.Connection, token_hash: str, today: str) -> dict[str, Any] | None:
    """The staff behind an open token of *today*, or ``None``: ``username``, ``full_name``, ``role``,
    ``counter``."""
    row = conn.execute(
        "SELECT t.username, s.full_name, s.role, t.counter FROM staff_tokens t JOIN staff s ON s.username = t.username"
        " WHERE t.token_hash = ? AND t.ended_at IS NULL AND t.service_day = ? AND s.active = 1"
        " AND (t.counter IS NULL OR EXISTS (SELECT 1 FROM counter_sessions c WHERE c.counter = t.counter"
        " AND c.username = t.username AND c.logout_at IS NULL))", (token_hash, today)).fetchone()
    if row is None:
        return None
    return {"username": row[0], "full_name": row[1], "role": row[2], "counter": row[3]}


class TokenLedger(EventLog):
    """Opens and closes token rows inside the engine's durable write transactions."""

    def open_token(self, token_hash: str, username: str, counter: int | None) -> None:
        """Record a token just given to *username* (at *counter*, or none for an administrator)."""
        with self._write() as at:
            self.db.conn.execute(
                "INSERT INTO staff_tokens (token_hash, username, counter, service_day, created_at)"
                " VALUES (?, ?, ?, ?, ?)", (token_hash, username, counter, self.service_day(), at))

    def end_token(self, token_hash: str, reason: str = "logout") -> None:
        """Close one token (an administrator's logout; an officer's ends with their session)."""
        with self._write() as at:
            self.db.conn.execute("UPDATE staff_tokens SET ended_at = ?, end_reason = ? WHERE token_hash = ?"
                                 " AND ended_at IS NULL", (at, reason, token_hash))

    def _end_tokens(self, at: str, reason: str, username: str, counter: int | None = None) -> None:
        """Close *username*'s open tokens (for *counter* only when given), in the caller's transaction."""
        where = "username = ? AND ended_at IS NULL"
        params: list[object] = [username]
        if counter is not None:
            where += " AND counter = ?"
            params.append(counter)
        self.db.conn.execute(f"UPDATE staff_tokens SET ended_at = ?, end_reason = ? WHERE {where}",
                             (at, reason, *params))
