"""The tables that reports read, kept up to date by triggers as tickets and events are written.

Reading the waiting and serving times from the event log costs several correlated look-ups per ticket
(the ``ticket_times`` view): 14–16 s for a year. ``ticket_facts`` holds the same figures, one narrow row
per ticket, written by triggers in the same transaction as the event that changes them, so a report is
one indexed range scan and can never miss a day (no nightly job). Counter-session events (log in, pause)
get a partial index by day, which an issued ticket's event does not touch. ``docs/schema.md`` explains
every column.
"""

from __future__ import annotations

from sqlite_utils import Database

from core.actions import Kind
from core.sql_script import run_script

# Events that tell who handled a ticket: the same list as the ``ticket_times`` view (m001).
HANDLING = (Kind.CALLED, Kind.RECALLED, Kind.STARTED, Kind.HELD, Kind.RESUMED, Kind.FINISHED, Kind.NO_SHOW,
            Kind.TRANSFERRED)
SESSION_KINDS = (Kind.LOGIN, Kind.LOGOUT, Kind.PAUSED, Kind.UNPAUSED)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def seconds_between(later: str, earlier: str) -> str:
    """SQL for the seconds from *earlier* to *later* (ISO times), to the millisecond like the views."""
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


MINUTE_OF_DAY = "CAST(substr({t}, 12, 2) AS INTEGER) * 60 + CAST(substr({t}, 15, 2) AS INTEGER)"

# Clustered by day, so a report over any range of days reads neighbouring rows and nothing else.
FACTS = f"""
CREATE TABLE ticket_facts (
    service_day TEXT NOT NULL,
    ticket_id INTEGER NOT NULL,
    field_code TEXT NOT NULL,
    transferred_in INTEGER NOT NULL,
    state TEXT NOT NULL,
    issued_minute INTEGER NOT NULL,
    started_at TEXT,
    counter INTEGER,
    username TEXT,
    waiting_s REAL,
    serving_s REAL,
    expired INTEGER NOT NULL DEFAULT 0,
    out_of_turn_calls INTEGER NOT NULL DEFAULT 0,
    sent_to_counter INTEGER NOT NULL DEFAULT 0,
    rating TEXT,
    PRIMARY KEY (service_day, ticket_id)
) WITHOUT ROWID;
CREATE INDEX events_sessions ON events(service_day, seq) WHERE kind IN ({_in(SESSION_KINDS)});

CREATE TRIGGER facts_issued AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_facts (service_day, ticket_id, field_code, transferred_in, state, issued_minute)
    VALUES (NEW.service_day, NEW.id, NEW.field_code, NEW.transferred_from IS NOT NULL, NEW.state,
            {MINUTE_OF_DAY.format(t="NEW.issued_at")});
END;
CREATE TRIGGER facts_state AFTER UPDATE OF state ON tickets WHEN NEW.state != OLD.state
BEGIN
    UPDATE ticket_facts SET state = NEW.state WHERE service_day = NEW.service_day AND ticket_id = NEW.id;
END;
-- One update by primary key per ticket event (a ticket's events carry its service day); the CASEs keep
-- the first call, the first start and the first end of service after a start, as the ticket_times view
-- reads them.
CREATE TRIGGER facts_event AFTER INSERT ON events
    WHEN NEW.ticket_id IS NOT NULL AND NEW.kind IN ({_in(HANDLING)}, 'rated', 'expired')
BEGIN
    UPDATE ticket_facts SET
        waiting_s = CASE WHEN NEW.kind = 'called' AND waiting_s IS NULL THEN
            {seconds_between("NEW.at", "(SELECT issued_at FROM tickets WHERE id = NEW.ticket_id)")}
            ELSE waiting_s END,
        started_at = CASE WHEN NEW.kind IN ('started', 'resumed') AND started_at IS NULL
            THEN NEW.at ELSE started_at END,
        serving_s = CASE WHEN NEW.kind IN ('finished', 'transferred') AND started_at IS NOT NULL
            AND serving_s IS NULL THEN {seconds_between("NEW.at", "started_at")} ELSE serving_s END,
        counter = CASE WHEN NEW.kind IN ({_in(HANDLING)}) AND NEW.counter IS NOT NULL
            THEN NEW.counter ELSE counter END,
        username = CASE WHEN NEW.kind IN ({_in(HANDLING)}) AND NEW.counter IS NOT NULL
            THEN NEW.username ELSE username END,
        expired = expired OR NEW.kind = 'expired',
        out_of_turn_calls = out_of_turn_calls
            + (NEW.kind = 'called' AND json_extract(NEW.data, '$.out_of_turn') IS 1),
        sent_to_counter = sent_to_counter
            + (NEW.kind = 'transferred' AND json_extract(NEW.data, '$.out_of_turn') IS 1),
        rating = CASE WHEN NEW.kind = 'rated' THEN json_extract(NEW.data, '$.answer') ELSE rating END
    WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
"""

# The history already written, read once from the log by the ticket_durations view (m001), so that
# reports and the view agree to the millisecond.
BACKFILL_SELECT = f"""
SELECT d.service_day, d.ticket_id, d.field_code, d.transferred_from IS NOT NULL, d.state,
    {MINUTE_OF_DAY.format(t="d.issued_at")}, d.started_at, d.counter, d.username, d.waiting_seconds,
    d.serving_seconds,
    EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = d.ticket_id AND e.kind = 'expired'),
    (SELECT COUNT(*) FROM events e WHERE e.ticket_id = d.ticket_id AND e.kind = 'called'
        AND json_extract(e.data, '$.out_of_turn') IS 1),
    (SELECT COUNT(*) FROM events e WHERE e.ticket_id = d.ticket_id AND e.kind = 'transferred'
        AND json_extract(e.data, '$.out_of_turn') IS 1),
    (SELECT json_extract(e.data, '$.answer') FROM events e WHERE e.ticket_id = d.ticket_id AND e.kind = 'rated')
FROM ticket_durations d
"""
BACKFILL = f"INSERT INTO ticket_facts {BACKFILL_SELECT};"


# One trigger per kind of event, each setting only the columns its kind changes (migration m009). An UPDATE
# rewrites the index entries of every column it sets, changed or not, and fires the summary's triggers
# (m008) for what it set: the single trigger of m007 set the counter, the officer and both times on every
# event of a ticket. Same values as that trigger, kind by kind (a test holds them to the event log).
# Who handled the ticket last: the officer at the event's counter (events without a counter leave it).
HANDLED_BY = ("counter = COALESCE(NEW.counter, counter),\n"
              "        username = CASE WHEN NEW.counter IS NOT NULL THEN NEW.username ELSE username END")
FACTS_BY_KIND = f"""
DROP TRIGGER facts_event;
CREATE TRIGGER facts_called AFTER INSERT ON events WHEN NEW.ticket_id IS NOT NULL AND NEW.kind = 'called'
BEGIN
    UPDATE ticket_facts SET
        waiting_s = COALESCE(waiting_s,
            {seconds_between("NEW.at", "(SELECT issued_at FROM tickets WHERE id = NEW.ticket_id)")}),
        {HANDLED_BY},
        out_of_turn_calls = out_of_turn_calls + (json_extract(NEW.data, '$.out_of_turn') IS 1)
    WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
CREATE TRIGGER facts_handled AFTER INSERT ON events
    WHEN NEW.ticket_id IS NOT NULL AND NEW.kind IN ('recalled', 'held', 'no_show') AND NEW.counter IS NOT NULL
BEGIN
    UPDATE ticket_facts SET counter = NEW.counter, username = NEW.username
    WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
CREATE TRIGGER facts_started AFTER INSERT ON events
    WHEN NEW.ticket_id IS NOT NULL AND NEW.kind IN ('started', 'resumed')
BEGIN
    UPDATE ticket_facts SET
        started_at = COALESCE(started_at, NEW.at),
        {HANDLED_BY}
    WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
CREATE TRIGGER facts_ended AFTER INSERT ON events
    WHEN NEW.ticket_id IS NOT NULL AND NEW.kind IN ('finished', 'transferred')
BEGIN
    UPDATE ticket_facts SET
        serving_s = CASE WHEN started_at IS NOT NULL AND serving_s IS NULL
            THEN {seconds_between("NEW.at", "started_at")} ELSE serving_s END,
        {HANDLED_BY},
        sent_to_counter = sent_to_counter
            + (NEW.kind = 'transferred' AND json_extract(NEW.data, '$.out_of_turn') IS 1)
    WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
CREATE TRIGGER facts_rated AFTER INSERT ON events WHEN NEW.ticket_id IS NOT NULL AND NEW.kind = 'rated'
BEGIN
    UPDATE ticket_facts SET rating = json_extract(NEW.data, '$.answer')
    WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
CREATE TRIGGER facts_expired AFTER INSERT ON events WHEN NEW.ticket_id IS NOT NULL AND NEW.kind = 'expired'
BEGIN
    UPDATE ticket_facts SET expired = 1 WHERE service_day = NEW.service_day AND ticket_id = NEW.ticket_id;
END;
"""


def m007_report_facts(db: Database) -> None:
    """``ticket_facts`` and its triggers, filled from the history already written (docs/schema.md,
    "Kept for reports")."""
    run_script(db, FACTS + BACKFILL)


def m009_facts_by_kind(db: Database) -> None:
    """``ticket_facts`` kept by one trigger per kind of event instead of one for all (docs/schema.md)."""
    run_script(db, FACTS_BY_KIND)
