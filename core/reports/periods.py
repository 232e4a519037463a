"""Report periods: a day, a week (Monday to Sunday), a month or any range of the centre's local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.errors import QmsError

PERIODS = ("day", "week", "month")
LONGEST_DAYS = 3660  # ten years: a typo such as 1026 for 2026 is refused rather than read as a millennium


class BadPeriod(QmsError):
    """A report's first day is after its last, or the range is absurdly long."""

    code = "bad_period"


@dataclass(frozen=True)
class Period:
    """The local days from *first* to *last*, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last or (self.last - self.first).days >= LONGEST_DAYS:
            raise BadPeriod(first=self.first.isoformat(), last=self.last.isoformat())

    @property
    def days(self) -> int:
        """How many calendar days the period spans."""
        return (self.last - self.first).days + 1

    def __str__(self) -> str:
        if self.first == self.last:
            return self.first.strftime("%d/%m/%Y")
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"


def period_of(kind: str, day: date) -> Period:
    """The day, week (Monday first) or calendar month holding *day*."""
    if kind == "day":
        return Period(day, day)
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6))
    if kind == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return Period(first, following - timedelta(days=1))
    raise ValueError(kind)


def parse_day(name: str, text: str) -> date:
    """*text* (YYYY-MM-DD) as a real calendar day, or :class:`BadPeriod` naming the parameter."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadPeriod(first=text if name == "from" else "", last=text if name == "to" else "") from None


def resolve(first: str | None, last: str | None, kind: str | None, today: date) -> Period:
    """The period a caller asked for: *kind* (day, week, month) around *first* (or today), or the range
    from *first* to *last* (each defaulting to the other, or to today)."""
    start = parse_day("from", first) if first else None
    end = parse_day("to", last) if last else None
    if kind is not None:
        return period_of(kind, start or end or today)
    start = start or end or today
    return Period(start, end or (start if first else today))
