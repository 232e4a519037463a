"""Opening the database file: WAL, ``synchronous=FULL``, migrations, and the write transaction.

Power cuts are normal at a centre, so every commit is fsync'd (``synchronous=FULL``) before the caller is
told it happened: a number that was printed is never issued again after a restart. Writes take the lock up
front with ``BEGIN IMMEDIATE``; a deferred ``BEGIN`` that later upgrades to a write lock fails with
"database is locked" under several writers instead of waiting.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from core.errors import DatabaseTooNew
from core.migrations import migrations

BUSY_TIMEOUT_MS = 15_000


def connect(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at *path*, durable and migrated.

    The connection is in autocommit mode: the engine opens its own ``BEGIN IMMEDIATE`` transactions.
    It may be used from any thread, one at a time (the engine serialises its calls).
    """
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    if migrate:
        # Under the write lock, so two processes starting together don't both migrate.
        with immediate(db):
            refuse_newer(db, path)
            migrations.apply(db)
    return db


def refuse_newer(db: Database, path: Path | str) -> None:
    """Raise :class:`DatabaseTooNew` if a newer version of QMS has migrated this database: this one would
    misread its tables (and answered every issue with 500)."""
    known = {m.name for m in migrations._migrations}
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise DatabaseTooNew(path=str(path), migration=unknown[0])


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that holds the write lock from its first statement; rolled back on error.

    Inside an open transaction (a group commit, see ``QueueEngine.batch``) it is a savepoint instead: an
    error undoes this block only, and the outer COMMIT makes it durable together with its neighbours.
    """
    conn = db.conn
    if conn.in_transaction:
        # One name for every savepoint: SQLite's ROLLBACK TO and RELEASE take the innermost of that name,
        # which is this block's, and the same statements are reused from the connection's cache (a new
        # name per block was three statements prepared afresh per change).
        conn.execute("SAVEPOINT qms_change")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO qms_change")
                conn.execute("RELEASE qms_change")
            raise
        conn.execute("RELEASE qms_change")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def backup(db: Database, dest: Path) -> None:
    """Copy the live database to *dest* with SQLite's online backup (safe while others write)."""
    target = sqlite3.connect(str(dest))
    try:
        db.conn.backup(target)
    finally:
        target.close()


def dict_rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The remaining rows of *cursor* as dicts keyed by column name (the shape the board, the desk, the
    reports and the staff list hand to the server)."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
