"""Fixtures of the server tests: the sample centre open all day (``tests/fakes/centre.py``) and the app
in-process (TestClient). A real ``qms server`` in a subprocess is the shared ``server_factory`` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import in_process

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@pytest.fixture
def centre(tmp_path: Path) -> Centre:
    return make_centre(tmp_path, "issue_interval_seconds = 0\n")


@pytest.fixture
def client(centre: Centre) -> Iterator[TestClient]:
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as c:
        yield c
