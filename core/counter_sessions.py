"""Counter sessions: an officer logs in at a counter, pauses, resumes and logs out; sessions left open end
when someone else takes the counter, when the officer moves, when the account is disabled, and at midnight.

Part of the queue engine (:class:`core.engine.QueueEngine` inherits it); every change is one durable
transaction with its event, like the engine's own.
"""

from __future__ import annotations

from typing import Any

from core.actions import Kind
from core.clock import midnight_before, parse_iso
from core.config import Counter
from core.errors import CounterBusy, CounterClosed, StaffDisabled, StaffUnknown
from core.tickets import Ticket
from core.tokens import TokenLedger


class CounterSessions(TokenLedger):
    """Who works at which counter, and whether the counter is paused."""

    def _counter(self, number: int) -> Counter:
        raise NotImplementedError  # the engine's: the configured counter, or CounterUnknown

    def _busy_with(self, counter: int) -> Ticket | None:
        raise NotImplementedError  # the engine's: the ticket called or in service there

    def _session(self, counter: int) -> dict[str, Any] | None:
        row = self.db.conn.execute(
            "SELECT id, username, paused_since FROM counter_sessions WHERE counter = ? AND logout_at IS NULL",
            (counter,)).fetchone()
        return {"id": row[0], "username": row[1], "paused_since": row[2]} if row else None

    def _officer(self, counter: int) -> str:
        """The officer logged in at *counter*; raises when none is."""
        self._counter(counter)
        session = self._session(counter)
        if session is None:
            raise CounterClosed(counter=counter)
        return session["username"]

    def login(self, counter: int, username: str) -> None:
        """Open *username*'s session at *counter*.

        Whoever logs in at a counter is the one sitting there: a session someone else left open at this
        counter (a PC switched off without logging out) is closed, and so is any session *username* left
        open at another counter. A ticket in hand stays with its counter for whoever works there next.
        """
        self._counter(counter)
        with self._write() as at:
            staff = self.db.conn.execute("SELECT active FROM staff WHERE username = ?", (username,)).fetchone()
            if staff is None:
                raise StaffUnknown(username=username)
            if not staff[0]:
                raise StaffDisabled(username=username)
            self._close_stale_sessions(at)
            session = self._session(counter)
            if session and session["username"] == username:
                return
            if session:
                self._end_session(counter, session["username"], at, {"reason": "taken_over", "by": username})
            for (old_counter,) in self.db.conn.execute(
                    "SELECT counter FROM counter_sessions WHERE username = ? AND logout_at IS NULL",
                    (username,)).fetchall():
                self._end_session(old_counter, username, at, {"reason": "moved", "to": counter})
            self.db.conn.execute("INSERT INTO counter_sessions (counter, username, login_at) VALUES (?, ?, ?)",
                                 (counter, username, at))
            self._event(at, Kind.LOGIN, counter=counter, username=username)

    def _end_session(self, counter: int, username: str, at: str, data: dict[str, Any] | None = None) -> None:
        self.db.conn.execute("UPDATE counter_sessions SET logout_at = ?, paused_since = NULL"
                             " WHERE counter = ? AND logout_at IS NULL", (at, counter))
        self._end_tokens(at, str((data or {}).get("reason", "logout")), username, counter)
        self._event(at, Kind.LOGOUT, counter=counter, username=username, data=data)

    def _close_session(self, counter: int, username: str, at: str) -> None:
        busy = self._busy_with(counter)
        if busy:
            raise CounterBusy(counter=counter, label=busy.label)
        self._end_session(counter, username, at)

    def _close_stale_sessions(self, at: str) -> None:
        """Sessions opened before today (local) and never closed end now: nobody works overnight."""
        midnight = midnight_before(parse_iso(at), self.centre.timezone)
        for counter, username in self.db.conn.execute(
                "SELECT counter, username FROM counter_sessions WHERE logout_at IS NULL AND login_at < ?",
                (midnight,)).fetchall():
            self._end_session(counter, username, at, {"reason": "day_end"})

    def disable_staff(self, username: str) -> None:
        """Disable an account and end its open sessions; its history stays."""
        with self._write() as at:
            if self.db.conn.execute("UPDATE staff SET active = 0 WHERE username = ?", (username,)).rowcount == 0:
                raise StaffUnknown(username=username)
            self._end_tokens(at, "disabled", username)
            for (counter,) in self.db.conn.execute(
                    "SELECT counter FROM counter_sessions WHERE username = ? AND logout_at IS NULL",
                    (username,)).fetchall():
                self._end_session(counter, username, at, {"reason": "disabled"})

    def logout(self, counter: int) -> None:
        """Close the session at *counter*; refused while a ticket is called or being served there."""
        with self._write() as at:
            self._close_session(counter, self._officer(counter), at)

    def pause(self, counter: int, reason: str | None = None) -> None:
        """Pause the counter (tạm nghỉ): it cannot call until resumed."""
        with self._write() as at:
            username = self._officer(counter)
            session = self._session(counter)
            if session is None or session["paused_since"]:
                return
            self.db.conn.execute("UPDATE counter_sessions SET paused_since = ?, pause_reason = ?"
                                 " WHERE counter = ? AND logout_at IS NULL", (at, reason, counter))
            self._event(at, Kind.PAUSED, counter=counter, username=username, data={"reason": reason})

    def unpause(self, counter: int) -> None:
        """End the counter's pause."""
        with self._write() as at:
            username = self._officer(counter)
            session = self._session(counter)
            if session is None or not session["paused_since"]:
                return
            self.db.conn.execute("UPDATE counter_sessions SET paused_since = NULL, pause_reason = NULL"
                                 " WHERE counter = ? AND logout_at IS NULL", (counter,))
            self._event(at, Kind.UNPAUSED, counter=counter, username=username)
