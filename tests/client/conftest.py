"""Fixtures for the client tests: the fake server on a loopback port, and clients pointed at it."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from client.api import ApiClient
from client.backoff import Backoff
from client.events import EventStream

from .fake_server import TOKEN, FakeServer


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    server = FakeServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def api(qtbot, fake: FakeServer) -> ApiClient:
    return ApiClient(fake.url, TOKEN, timeout=2.0)


@pytest.fixture
def stream(qtbot, api: ApiClient) -> Iterator[EventStream]:
    # Short delays keep the reconnect tests quick; the schedule itself is tested in test_backoff.
    events = EventStream(api, Backoff(base=0.02, cap=0.2, rng=random.Random(1)))
    yield events
    events.stop()
