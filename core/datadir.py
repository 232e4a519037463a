"""A centre's data directory: ``centre.toml`` (the configuration) and ``qms.db`` (the database)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from core.clock import Clock
from core.config import Centre, load_centre
from core.errors import DatabaseMissing, DatabaseUnusable
from core.reference_data import install_centre
from core.storage import connect

DEFAULT_DATA = "qms-data"


def default_data_dir() -> Path:
    """``$QMS_DATA`` if set, else ``./qms-data``."""
    return Path(os.environ.get("QMS_DATA", DEFAULT_DATA))


@dataclass(frozen=True)
class DataDir:
    """Where one centre keeps its configuration and database."""

    root: Path

    @property
    def config(self) -> Path:
        """The configuration file."""
        return self.root / "centre.toml"

    @property
    def database(self) -> Path:
        """The SQLite database file."""
        return self.root / "qms.db"

    def has_database(self) -> bool:
        """Whether ``qms.db`` exists and holds any table (SQLite makes an empty file on first open)."""
        if not self.database.is_file() or self.database.stat().st_size == 0:
            return False
        try:
            probe = sqlite3.connect(f"{self.database.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return probe.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0
            finally:
                probe.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseUnusable(path=str(self.database), reason=str(exc)) from None

    def open(self, clock: Clock, *, create: bool = False) -> tuple[Centre, Database]:
        """Load the configuration, open the database and mirror the configuration into it.

        Only ``qms init`` (and the simulator's own centres) pass *create*: a missing or empty database
        beside an existing configuration means a lost or replaced file, never "start afresh"."""
        centre = load_centre(self.config)
        if not create and not self.has_database():
            raise DatabaseMissing(path=str(self.root))
        try:
            db = connect(self.database)
            install_centre(db, centre, clock)
        except sqlite3.DatabaseError as exc:  # damaged file, not a database, read-only folder
            raise DatabaseUnusable(path=str(self.database), reason=str(exc)) from None
        return centre, db
