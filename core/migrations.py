"""Numbered schema migrations, tracked in the database by sqlite-utils' ``Migrations``.

Each runs in its own transaction together with the record that it ran. Never edit a migration that has
shipped: add the next one. ``docs/schema.md`` explains every table, column and view.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from core.report_days import m008_report_days
from core.report_tables import m007_report_facts, m009_facts_by_kind

migrations = Migrations("qms")

STATES = ("waiting", "called", "serving", "done", "no_show", "transferred", "held", "cancelled")
PRIORITY_KINDS = ("elderly", "disability", "pregnancy", "appointment", "other")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


@migrations()
def m001_initial(db: Database) -> None:
    """Reference data, tickets, number series, counter sessions, the event log and its views."""
    db.executescript(f"""
    CREATE TABLE fields (
        code TEXT PRIMARY KEY,
        name_vi TEXT NOT NULL,
        name_en TEXT NOT NULL,
        numbers TEXT NOT NULL,
        daily_cap INTEGER,
        priority_rule TEXT NOT NULL,
        position INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE counters (
        number INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        fields TEXT NOT NULL,
        priority_only INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE staff (
        username TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
        pin_hash TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    );
    CREATE TABLE series (
        service_day TEXT NOT NULL,
        field_code TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (service_day, field_code)
    );
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        token TEXT NOT NULL,
        service_day TEXT NOT NULL,
        field_code TEXT NOT NULL REFERENCES fields(code),
        seq INTEGER NOT NULL,
        label TEXT NOT NULL,
        priority TEXT CHECK (priority IN ({_in(PRIORITY_KINDS)})),
        priority_note TEXT,
        state TEXT NOT NULL CHECK (state IN ({_in(STATES)})),
        issued_at TEXT NOT NULL,
        queue_at TEXT NOT NULL,
        counter INTEGER,
        target_counter INTEGER,
        calls INTEGER NOT NULL DEFAULT 0,
        kiosk TEXT,
        transferred_from INTEGER REFERENCES tickets(id),
        updated_at TEXT NOT NULL
    );
    -- One number is issued once per field and day; transfers carry the original number on a new row.
    CREATE UNIQUE INDEX tickets_number ON tickets(service_day, field_code, seq)
        WHERE transferred_from IS NULL;
    CREATE INDEX tickets_queue ON tickets(service_day, state, field_code, queue_at);
    CREATE INDEX tickets_token ON tickets(token);
    -- Call-next looks for the oldest priority ticket and tickets sent to one counter without a scan.
    CREATE INDEX tickets_priority_queue ON tickets(service_day, field_code, queue_at)
        WHERE state = 'waiting' AND priority IS NOT NULL;
    CREATE INDEX tickets_targeted ON tickets(target_counter, service_day, field_code, queue_at)
        WHERE state = 'waiting' AND target_counter IS NOT NULL;
    -- Partial where possible: an index that a new waiting ticket does not touch costs an issue nothing.
    CREATE INDEX tickets_at_counter ON tickets(counter, state) WHERE counter IS NOT NULL;
    CREATE TABLE counter_sessions (
        id INTEGER PRIMARY KEY,
        counter INTEGER NOT NULL REFERENCES counters(number),
        username TEXT NOT NULL REFERENCES staff(username),
        login_at TEXT NOT NULL,
        logout_at TEXT,
        paused_since TEXT,
        pause_reason TEXT
    );
    CREATE INDEX counter_sessions_open ON counter_sessions(counter) WHERE logout_at IS NULL;
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        service_day TEXT NOT NULL,
        ticket_id INTEGER REFERENCES tickets(id),
        field_code TEXT,
        label TEXT,
        counter INTEGER,
        username TEXT,
        data TEXT
    );
    CREATE INDEX events_ticket ON events(ticket_id, kind);

    -- History is never deleted or rewritten.
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER tickets_keep BEFORE DELETE ON tickets
        BEGIN SELECT RAISE(ABORT, 'tickets are never deleted'); END;

    CREATE VIEW ticket_times AS
    SELECT
        t.id AS ticket_id,
        t.service_day,
        t.field_code,
        t.label,
        t.priority,
        t.state,
        t.transferred_from,
        t.issued_at,
        (SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'called') AS first_called_at,
        -- Service starts at the first 'started', or at 'resumed' for a ticket held before it started.
        (SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind IN ('started', 'resumed'))
            AS started_at,
        (SELECT MIN(e.at) FROM events e WHERE e.ticket_id = t.id AND e.kind IN ('finished', 'transferred')
            AND EXISTS (SELECT 1 FROM events s WHERE s.ticket_id = t.id AND s.kind IN ('started', 'resumed')
                        AND s.seq < e.seq)) AS finished_at,
        -- The counter and officer that last handled the ticket: whoever served it, marked the no-show,
        -- transferred it or holds it (a ticket returned to the queue and called elsewhere counts there).
        (SELECT e.counter FROM events e WHERE e.ticket_id = t.id AND e.counter IS NOT NULL AND e.kind IN
            ('called', 'recalled', 'started', 'held', 'resumed', 'finished', 'no_show', 'transferred')
            ORDER BY e.seq DESC LIMIT 1) AS counter,
        (SELECT e.username FROM events e WHERE e.ticket_id = t.id AND e.counter IS NOT NULL AND e.kind IN
            ('called', 'recalled', 'started', 'held', 'resumed', 'finished', 'no_show', 'transferred')
            ORDER BY e.seq DESC LIMIT 1) AS username,
        t.calls
    FROM tickets t;

    CREATE VIEW ticket_durations AS
    SELECT
        *,
        ROUND((julianday(first_called_at) - julianday(issued_at)) * 86400.0, 3) AS waiting_seconds,
        ROUND((julianday(finished_at) - julianday(started_at)) * 86400.0, 3) AS serving_seconds
    FROM ticket_times;
    """)


@migrations()
def m002_devices(db: Database) -> None:
    """Kiosks and displays allowed to talk to the server, each with a hashed key (docs/schema.md,
    "Devices")."""
    db.executescript("""
    CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display')),
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE INDEX devices_name ON devices(name);
    """)


# Event kinds after which a counter is free to call someone else; the occupancy of the citizen it let go
# (from the call, or the resumption of a held ticket, to now) is what the wait estimate learns from.
RELEASES = ("finished", "no_show", "transferred", "held", "returned", "cancelled")
PACE_WINDOW = 30  # the running means weigh about the last 30 samples


@migrations()
def m003_queue_pace(db: Database) -> None:
    """What the wait estimate needs, kept up to date by triggers as tickets and events are written, so
    that no estimate reads the log or today's whole queue (docs/schema.md, "Kept for the estimate")."""
    db.executescript(f"""
    CREATE TABLE queue_counts (
        service_day TEXT NOT NULL,
        field_code TEXT NOT NULL,
        waiting INTEGER NOT NULL,
        priority_waiting INTEGER NOT NULL,
        PRIMARY KEY (service_day, field_code)
    ) WITHOUT ROWID;
    INSERT INTO queue_counts
        SELECT service_day, field_code, COUNT(*), SUM(priority IS NOT NULL) FROM tickets
        WHERE state = 'waiting' GROUP BY service_day, field_code;
    CREATE TRIGGER queue_counts_join AFTER INSERT ON tickets WHEN NEW.state = 'waiting'
    BEGIN
        INSERT INTO queue_counts VALUES (NEW.service_day, NEW.field_code, 1, NEW.priority IS NOT NULL)
        ON CONFLICT (service_day, field_code) DO UPDATE
            SET waiting = waiting + 1, priority_waiting = priority_waiting + (NEW.priority IS NOT NULL);
    END;
    CREATE TRIGGER queue_counts_rejoin AFTER UPDATE OF state ON tickets
        WHEN OLD.state != 'waiting' AND NEW.state = 'waiting'
    BEGIN
        INSERT INTO queue_counts VALUES (NEW.service_day, NEW.field_code, 1, NEW.priority IS NOT NULL)
        ON CONFLICT (service_day, field_code) DO UPDATE
            SET waiting = waiting + 1, priority_waiting = priority_waiting + (NEW.priority IS NOT NULL);
    END;
    CREATE TRIGGER queue_counts_leave AFTER UPDATE OF state ON tickets
        WHEN OLD.state = 'waiting' AND NEW.state != 'waiting'
    BEGIN
        UPDATE queue_counts SET waiting = waiting - 1, priority_waiting = priority_waiting - (OLD.priority IS NOT NULL)
        WHERE service_day = OLD.service_day AND field_code = OLD.field_code;
    END;

    CREATE TABLE field_pace (
        field_code TEXT PRIMARY KEY,
        samples INTEGER NOT NULL DEFAULT 0,
        occupancy_s REAL,
        issued INTEGER NOT NULL DEFAULT 0,
        priority_share REAL
    );
    CREATE TABLE counter_pace (
        counter INTEGER PRIMARY KEY,
        busy_with INTEGER,
        released_at TEXT,
        samples INTEGER NOT NULL DEFAULT 0,
        turnaround_s REAL
    );
    CREATE TRIGGER pace_issued AFTER INSERT ON events WHEN NEW.kind = 'issued'
    BEGIN
        INSERT INTO field_pace (field_code, issued, priority_share)
            VALUES (NEW.field_code, 1, json_extract(NEW.data, '$.priority') IS NOT NULL)
        ON CONFLICT (field_code) DO UPDATE SET issued = issued + 1,
            priority_share = COALESCE(priority_share, 0)
                + ((json_extract(NEW.data, '$.priority') IS NOT NULL) - COALESCE(priority_share, 0))
                  / MIN(issued + 1, {PACE_WINDOW});
    END;
    -- A call that a counter made soon after letting someone go, of a citizen who was already waiting
    -- then: the gap is the counter's turnaround (an idle counter's wait for a new citizen is not).
    CREATE TRIGGER pace_called AFTER INSERT ON events WHEN NEW.kind IN ('called', 'resumed')
        AND NEW.counter IS NOT NULL
    BEGIN
        INSERT INTO counter_pace (counter) VALUES (NEW.counter) ON CONFLICT (counter) DO NOTHING;
        UPDATE counter_pace SET samples = samples + 1,
            turnaround_s = COALESCE(turnaround_s, 0)
                + ((julianday(NEW.at) - julianday(released_at)) * 86400.0 - COALESCE(turnaround_s, 0))
                  / MIN(samples + 1, {PACE_WINDOW})
        WHERE counter = NEW.counter AND NEW.kind = 'called' AND released_at IS NOT NULL
            AND (julianday(NEW.at) - julianday(released_at)) * 86400.0 < 600
            AND (SELECT queue_at FROM tickets WHERE id = NEW.ticket_id) <= released_at;
        UPDATE counter_pace SET busy_with = NEW.ticket_id, released_at = NULL WHERE counter = NEW.counter;
    END;
    CREATE TRIGGER pace_released AFTER INSERT ON events WHEN NEW.kind IN ({_in(RELEASES)})
        AND NEW.counter IS NOT NULL
    BEGIN
        INSERT INTO field_pace (field_code, samples, occupancy_s)
            SELECT NEW.field_code, 1, (julianday(NEW.at) - julianday(MAX(e.at))) * 86400.0 FROM events e
            WHERE e.ticket_id = NEW.ticket_id AND e.kind IN ('called', 'resumed') AND e.seq < NEW.seq
                AND NEW.kind IN ('finished', 'no_show', 'transferred')
            HAVING MAX(e.at) IS NOT NULL
        ON CONFLICT (field_code) DO UPDATE SET samples = samples + 1,
            occupancy_s = COALESCE(occupancy_s, 0)
                + (excluded.occupancy_s - COALESCE(occupancy_s, 0)) / MIN(samples + 1, {PACE_WINDOW});
        INSERT INTO counter_pace (counter, released_at) VALUES (NEW.counter, NEW.at)
        ON CONFLICT (counter) DO UPDATE SET released_at = excluded.released_at, busy_with = NULL
            WHERE busy_with IS NULL OR busy_with = NEW.ticket_id;
    END;
    """)


@migrations()
def m004_ratings(db: Database) -> None:
    """Citizens' ratings (docs/schema.md, "Ratings"): at most one ``rated`` event per ticket, and rating
    tablets — devices of the kind ``rating``, each bound to the one counter it stands at."""
    db.executescript("""
    CREATE UNIQUE INDEX events_one_rating ON events(ticket_id) WHERE kind = 'rated';

    -- SQLite cannot change a CHECK constraint in place: the table is rebuilt with the same rows.
    CREATE TABLE devices_new (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'rating')),
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        counter INTEGER,
        CHECK ((kind = 'rating') = (counter IS NOT NULL))
    );
    INSERT INTO devices_new (id, kind, name, key_hash, created_at, revoked_at)
        SELECT id, kind, name, key_hash, created_at, revoked_at FROM devices;
    DROP TABLE devices;
    ALTER TABLE devices_new RENAME TO devices;
    CREATE INDEX devices_name ON devices(name);
    """)


@migrations()
def m005_issue_requests(db: Database) -> None:
    """The ``Idempotency-Key`` of each kiosk's ticket request, so that a request retried after its answer
    was lost returns the ticket already issued instead of a second number (docs/schema.md)."""
    db.executescript("""
    CREATE TABLE issue_requests (
        kiosk TEXT NOT NULL,
        key TEXT NOT NULL,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        field_code TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kiosk, key)
    ) WITHOUT ROWID;
    """)


@migrations()
def m006_staff_tokens(db: Database) -> None:
    """Officers' and administrators' tokens, kept as their SHA-256, so that a restarted server still
    knows who is logged in where (docs/schema.md, "Staff tokens")."""
    db.executescript("""
    CREATE TABLE staff_tokens (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES staff(username),
        counter INTEGER,
        service_day TEXT NOT NULL,
        created_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT
    );
    CREATE INDEX staff_tokens_open ON staff_tokens(username, counter) WHERE ended_at IS NULL;
    """)


# Reports read tables that triggers keep up to date; the schema lives beside the code that reads it.
migrations()(m007_report_facts)
migrations()(m008_report_days)
migrations()(m009_facts_by_kind)


@migrations()
def m010_ticket_labels(db: Database) -> None:
    """Today's tickets by their printed number: an officer calling a number (or putting an absent citizen
    back) found it by reading every ticket of the day, on the writer, while the counters waited."""
    db.execute("CREATE INDEX tickets_label ON tickets(service_day, label)")
