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

from sqlite_utils import Database

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
            migrations.apply(db)
    return db


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that holds the write lock from its first statement; rolled back on error."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def backup(db: Database, dest: Path) -> None:
    """Copy the live database to *dest* with SQLite's online backup (safe while others write)."""
    target = sqlite3.connect(str(dest))
    try:
        db.conn.backup(target)
    finally:
        target.close()
