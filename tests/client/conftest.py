"""Fixtures for the client tests: clients pointed at the fake server (``fake_server``, from tests/fakes)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream
from tests.fakes.server import TOKEN, FakeServer


@pytest.fixture
def api(qtbot, fake_server: FakeServer) -> ApiClient:
    return ApiClient(fake_server.url, TOKEN, timeout=2.0)


@pytest.fixture
def stream(qtbot, api: ApiClient) -> Iterator[EventStream]:
    # Short delays keep the reconnect tests quick; the schedule itself is tested in test_backoff.
    events = EventStream(api, Backoff(base=0.02, cap=0.2, rng=random.Random(1)))
    yield events
    events.stop()
