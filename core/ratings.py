"""Citizens' satisfaction ratings of the service at a counter (Quyết định 766/QĐ-TTg measures satisfaction
from electronic data, so every answer is an event on the ticket it rates).

A rating is accepted only for a ticket that was served to the end (``done``) at the counter that asks,
once, and within a short time of the finish: the screen beside the counter asks right after "Hoàn
thành", and an answer that comes much later is not the citizen's. The rules are a table
(:data:`RATING_RULES`) checked in order; the first that fails names the refusal, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, ClassVar

from assets.texts import tr
from core.actions import Kind
from core.clock import parse_iso
from core.errors import Conflict, QmsError, TicketUnknown
from core.event_log import EventLog
from core.storage import dict_rows
from core.tickets import State, Ticket


class Answer(StrEnum):
    """The four answers, best first (Rất hài lòng / Hài lòng / Bình thường / Không hài lòng)."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    DISSATISFIED = "dissatisfied"


class Reason(StrEnum):
    """Why a citizen was not satisfied (offered with "Không hài lòng" only)."""

    LONG_WAIT = "long_wait"
    ATTITUDE = "attitude"
    UNCLEAR_GUIDANCE = "unclear_guidance"
    EXTRA_PAPERS = "extra_papers"
    OTHER = "other"


ANSWERS = tuple(Answer)
REASONS = tuple(Reason)
# What counts as "satisfied" in the satisfaction rate of the reports.
SATISFIED = frozenset({Answer.VERY_SATISFIED, Answer.SATISFIED})
DEFAULT_WINDOW = timedelta(minutes=5)
# How the answer reached the server, kept in the event for auditors.
VIA = ("counter_screen", "tablet")


class RatingError(QmsError):
    """A rating the server does not record; texts under ``rating.error_<code>``."""

    code: ClassVar[str] = "rating_error"

    def message(self, lang: str = "vi") -> str:
        """The message in *lang*."""
        values = dict(self.params)
        if "state" in values:
            values["state"] = tr(f"state.{values['state']}", lang)
        return tr(f"rating.error_{self.code}", lang, **values)


class RatingRefused(RatingError, Conflict):
    """A rating the rules do not accept for this ticket now."""

    code = "rating_refused"


class RatingNotServed(RatingRefused):
    """The ticket was not served to the end (it is waiting, called, being served, transferred, ...)."""

    code = "rating_not_served"


class RatingOtherCounter(RatingRefused):
    """The ticket was served at another counter."""

    code = "rating_other_counter"


class RatingAlreadyGiven(RatingRefused):
    """The ticket has been rated already."""

    code = "rating_already_given"


class RatingTooLate(RatingRefused):
    """Too long has passed since the ticket was finished."""

    code = "rating_too_late"


class RatingInvalid(RatingError):
    """An answer or reason that is not one of the list, or reasons given with a satisfied answer."""

    code = "rating_invalid"


@dataclass(frozen=True)
class RatingFacts:
    """What the rules need to know about a ticket and the counter asking to rate it."""

    state: State
    finished_here: bool
    already_rated: bool
    since_finish: timedelta | None


Rule = Callable[[RatingFacts, timedelta], bool]

# (name, condition that must hold, refusal when it does not), checked in this order.
RATING_RULES: tuple[tuple[str, Rule, type[RatingRefused]], ...] = (
    ("served", lambda f, window: f.state == State.DONE, RatingNotServed),
    ("at_this_counter", lambda f, window: f.finished_here, RatingOtherCounter),
    ("once", lambda f, window: not f.already_rated, RatingAlreadyGiven),
    ("in_time", lambda f, window: f.since_finish is not None and f.since_finish <= window, RatingTooLate),
)


def refusal(facts: RatingFacts, window: timedelta) -> type[RatingRefused] | None:
    """The refusal of the first rule *facts* break, or ``None`` when the rating is accepted."""
    for _name, holds, error in RATING_RULES:
        if not holds(facts, window):
            return error
    return None


def parse_answer(answer: str, reasons: Iterable[str] = ()) -> tuple[Answer, tuple[Reason, ...]]:
    """The answer and its reasons (deduplicated, in the list's order); reasons come only with
    "Không hài lòng". Raises :class:`RatingInvalid`."""
    try:
        parsed = Answer(answer)
        given = {Reason(r) for r in reasons}
    except ValueError:
        raise RatingInvalid(answer=str(answer)[:40]) from None
    if given and parsed != Answer.DISSATISFIED:
        raise RatingInvalid(answer=parsed.value)
    return parsed, tuple(r for r in REASONS if r in given)


class Ratings(EventLog):
    """Records ratings in the event log; the queue engine inherits it."""

    def rating_facts(self, counter: int, ticket: Ticket) -> tuple[RatingFacts, str | None]:
        """The facts about *ticket* for a rating at *counter*, and the officer who finished it."""
        finished = self.db.conn.execute(
            "SELECT counter, username, at FROM events WHERE ticket_id = ? AND kind = 'finished'"
            " ORDER BY seq DESC LIMIT 1", (ticket.id,)).fetchone()
        rated = self.db.conn.execute(
            "SELECT 1 FROM events WHERE ticket_id = ? AND kind = 'rated' LIMIT 1", (ticket.id,)).fetchone()
        since = self.clock.now() - parse_iso(finished[2]) if finished else None
        facts = RatingFacts(state=ticket.state, finished_here=bool(finished and finished[0] == counter),
                            already_rated=rated is not None, since_finish=since)
        return facts, finished[1] if finished else None

    def rate(self, counter: int, ticket_id: int, answer: str, reasons: Iterable[str] = (),
             window: timedelta = DEFAULT_WINDOW, via: str = "counter_screen") -> dict[str, Any]:
        """Record the citizen's answer about *ticket_id*, served at *counter*; return the event's data.

        The event carries the counter and the officer who finished the ticket (the one being rated)."""
        parsed, why = parse_answer(answer, reasons)
        with self._write() as at:
            rows = dict_rows(self.db.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)))
            if not rows:
                raise TicketUnknown(ticket=str(ticket_id))
            ticket = Ticket.from_row(rows[0])
            facts, officer = self.rating_facts(counter, ticket)
            error = refusal(facts, window)
            if error is not None:
                raise error(label=ticket.label, counter=counter, state=ticket.state.value,
                            minutes=max(1, round(window.total_seconds() / 60)))
            data = {"answer": parsed.value, "reasons": [r.value for r in why], "via": via}
            self._event(at, Kind.RATED, ticket=ticket, counter=counter, username=officer, data=data)
        return data

