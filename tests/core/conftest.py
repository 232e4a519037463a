"""Fixtures for the core: a small centre, a real database file in a temp dir, a clock the test moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.board import QueueBoard
from core.clock import ManualClock
from core.config import Centre
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.storage import connect
from tests.core.small_centre import MONDAY_8AM, make_centre


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_8AM)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "qms.db"


@pytest.fixture
def centre() -> Centre:
    return make_centre()


@pytest.fixture
def engine(db_path: Path, centre: Centre, clock: ManualClock) -> QueueEngine:
    db = connect(db_path)
    install_centre(db, centre, clock)
    return QueueEngine(db, centre, clock)


@pytest.fixture
def board(engine: QueueEngine) -> QueueBoard:
    return QueueBoard(engine.db, engine.centre, engine.clock)
