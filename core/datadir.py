"""A centre's data directory: ``centre.toml`` (the configuration) and ``qms.db`` (the database)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from core.clock import Clock
from core.config import Centre, load_centre
from core.directory import install_centre
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

    def open(self, clock: Clock) -> tuple[Centre, Database]:
        """Load the configuration, open the database and mirror the configuration into it."""
        centre = load_centre(self.config)
        db = connect(self.database)
        install_centre(db, centre, clock)
        return centre, db
