"""Per-day summary rows and ordered indexes that let a report over a whole year read a few thousand rows
instead of every ticket (migration ``m008_report_days``).

``report_days`` holds, per local day and grouping key (a field, a counter, an officer, a quarter-hour of
issue, the day itself), the counts and the sums of waiting and serving time of ``ticket_facts``. Triggers on
``ticket_facts`` keep it in the same transaction as the ticket or event that changed a ticket's row: they
take the row's old contribution off the old keys and add the new one to the new keys, so a ticket called
again at another counter moves there, and a late event on a closed day corrects that day. Sums are whole
milliseconds (integers), so taking off and adding back never drifts.

Medians and 90th percentiles need the values themselves. Partial indexes on ``ticket_facts``, one per
grouping and time, ordered by the time, hold only the tickets that have one (an issued ticket waiting for
its call adds nothing to them): the value at rank *k* of a group is one index walk (``LIMIT 2 OFFSET k``)
that reads no table row, exact to the millisecond like the rest of the report (:mod:`core.reports.ranks`).
"""

from __future__ import annotations

from sqlite_utils import Database

from core.sql_script import run_script

# The citizens' answers (core.ratings.ANSWERS, which imports the storage this migration is part of; a
# migration is frozen once shipped anyway: tests/core/test_report_days.py keeps the two equal).
ANSWER_CODES = ("very_satisfied", "satisfied", "neutral", "dissatisfied")
# A ticket row's contribution to its groups' sums, as SQL over the row *r* (OLD or NEW).
CONTRIBUTION: tuple[tuple[str, str], ...] = (
    ("tickets", "1"),
    ("transferred_in", "{r}.transferred_in"),
    ("served", "{r}.state = 'done'"),
    ("no_show", "{r}.state = 'no_show'"),
    ("transferred", "{r}.state = 'transferred'"),
    ("cancelled", "{r}.state = 'cancelled' AND NOT {r}.expired"),
    ("expired", "{r}.expired"),
    ("waiting", "{r}.state = 'waiting'"),
    ("waits", "{r}.waiting_s IS NOT NULL"),
    ("wait_ms", "COALESCE(CAST(ROUND({r}.waiting_s * 1000) AS INTEGER), 0)"),
    ("serves", "{r}.serving_s IS NOT NULL"),
    ("serve_ms", "COALESCE(CAST(ROUND({r}.serving_s * 1000) AS INTEGER), 0)"),
    ("served_ms", "CASE WHEN {r}.state = 'done' THEN COALESCE(CAST(ROUND({r}.serving_s * 1000) AS INTEGER), 0)"
                  " ELSE 0 END"),
    ("out_of_turn_calls", "{r}.out_of_turn_calls"),
    ("sent_to_counter", "{r}.sent_to_counter"),
    *((a, f"{{r}}.rating IS '{a}'") for a in ANSWER_CODES),
)
SUMS = tuple(name for name, _ in CONTRIBUTION)

# The groupings kept per day: the key of a ticket row *r*, and whether every row has one (a ticket never
# called belongs to no counter or officer). Hours are kept per quarter-hour of the UTC day, so that the
# local hour is one shift away in every time zone (all offsets are whole quarters).
KEYS: dict[str, tuple[str, bool]] = {
    "day": ("''", True),
    "field": ("{r}.field_code", True),
    "quarter": ("{r}.issued_minute / 15", True),
    "counter": ("{r}.counter", False),
    "officer": ("{r}.username", False),
}

WEEKDAY = "((CAST(strftime('%w', service_day) AS INTEGER) + 6) % 7 + 1)"
# The ordered indexes: per grouping, the expression that names a ticket's group in ticket_facts.
ORDERED: dict[str, str] = {
    "total": "",
    "day": "service_day",
    "field": "field_code",
    "counter": "counter",
    "officer": "username",
    "utc_hour": "(issued_minute / 60)",  # the index also holds issued_minute itself, to need no table row
    "weekday": WEEKDAY,
}
TIMES = {"wait": "waiting_s", "serve": "serving_s"}


def index_name(group: str, what: str) -> str:
    """The ordered index of *what* (``wait`` or ``serve``) per *group* (a key of :data:`ORDERED`)."""
    return f"facts_{what}_by_{group}"


def _row(sign: str, r: str) -> str:
    return ", ".join(f"{sign}({expr.format(r=r)})" for _, expr in CONTRIBUTION)


def _add(dim: str, r: str, sign: str, only_if: str = "") -> str:
    key, always = KEYS[dim]
    key = key.format(r=r)
    updates = ", ".join(f"{name} = {name} + excluded.{name}" for name in SUMS)
    # INSERT … SELECT needs a WHERE before ON CONFLICT (SQLite's parsing rule): "WHERE 1" when there is none.
    where = " AND ".join(c for c in ("" if always else f"{key} IS NOT NULL", only_if) if c) or "1"
    return (f"INSERT INTO report_days (service_day, dim, key, {', '.join(SUMS)}) "
            f"SELECT {r}.service_day, '{dim}', {key}, {_row(sign, r)} WHERE {where} "
            f"ON CONFLICT (service_day, dim, key) DO UPDATE SET {updates};")


def _moved(dim: str) -> str:
    """On a changed row: one update by the difference when the row stays in its group (always, but for a
    ticket called again at another counter), else its old contribution taken off the old group and the
    new one added to the new group."""
    key, _ = KEYS[dim]
    old, new = key.format(r="OLD"), key.format(r="NEW")
    diff = ", ".join(f"{name} = {name} + ({expr.format(r='NEW')}) - ({expr.format(r='OLD')})"
                     for name, expr in CONTRIBUTION)
    taken = ", ".join(f"{name} = {name} - ({expr.format(r='OLD')})" for name, expr in CONTRIBUTION)
    add = _add(dim, "NEW", "+", f"{new} IS NOT {old}")
    return (f"UPDATE report_days SET {diff} WHERE service_day = NEW.service_day AND dim = '{dim}' AND key = {new}"
            f" AND {new} IS {old}; "
            f"UPDATE report_days SET {taken} WHERE service_day = OLD.service_day AND dim = '{dim}' AND key = {old}"
            f" AND {new} IS NOT {old}; {add}")


def _changed() -> str:
    columns = ("state", "transferred_in", "expired", "waiting_s", "serving_s", "out_of_turn_calls",
               "sent_to_counter", "rating", "counter", "username", "field_code", "issued_minute")
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def schema() -> str:
    """The table, its triggers and the ordered indexes."""
    columns = ",\n    ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in SUMS)
    indexes = "\n".join(
        f"CREATE INDEX {index_name(group, what)} ON ticket_facts({expr + ', ' if expr else ''}{column}"
        f"{', issued_minute' if 'issued_minute' in expr else ''})"
        f" WHERE {column} IS NOT NULL;"
        for group, expr in ORDERED.items() for what, column in TIMES.items())
    return f"""
CREATE TABLE report_days (
    service_day TEXT NOT NULL,
    dim TEXT NOT NULL,
    key,
    {columns},
    PRIMARY KEY (service_day, dim, key)
) WITHOUT ROWID;
CREATE TRIGGER report_days_insert AFTER INSERT ON ticket_facts
BEGIN
    {' '.join(_add(dim, 'NEW', '+') for dim in KEYS)}
END;
CREATE TRIGGER report_days_update AFTER UPDATE ON ticket_facts WHEN {_changed()}
BEGIN
    {' '.join(_moved(dim) for dim in KEYS)}
END;
{indexes}
"""


def backfill() -> str:
    """The summary of the history already in ``ticket_facts``, read once."""
    statements = []
    for dim, (key, always) in KEYS.items():
        expr = key.format(r="f")
        sums = ", ".join(f"SUM({e.format(r='f')})" for _, e in CONTRIBUTION)
        where = "" if always else f" WHERE {expr} IS NOT NULL"
        statements.append(f"INSERT INTO report_days (service_day, dim, key, {', '.join(SUMS)}) "
                          f"SELECT f.service_day, '{dim}', {expr}, {sums} FROM ticket_facts f{where} "
                          f"GROUP BY f.service_day, {expr};")
    return "\n".join(statements)


def m008_report_days(db: Database) -> None:
    """``report_days``, its triggers and the ordered indexes, filled from the history already written
    (docs/schema.md, "Kept for reports")."""
    run_script(db, schema() + backfill())
