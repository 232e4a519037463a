"""Fixtures of the display tests: a display wired to a fake player and clocks the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from client.api import ApiClient
from client.ui.fonts import load_fonts
from client.ui.metrics import Metrics
from display.layout import panel_dpi
from display.runtime import DisplayRuntime
from tests.fakes.clock import SteppingClock as Clocks
from tests.fakes.player import FakePlayer

from .display_fakes import CONFIG, START, Events, snapshot


class Display:
    """A display as the session would drive it: snapshot, then events (models first, then the display)."""

    def __init__(self, runtime: DisplayRuntime, player: FakePlayer, clocks: Clocks, events: Events) -> None:
        self.runtime, self.player, self.clocks, self.events = runtime, player, clocks, events
        self.window = runtime.window

    def feed(self, *events: dict[str, Any]) -> None:
        for event in events:
            self.runtime.session.queue.apply_event(event)
            self.runtime.on_event(event)

    def step(self, seconds: float) -> None:
        """Let *seconds* pass and fire the window's call timer, as Qt would."""
        self.clocks.advance(seconds)
        self.window.step_calls()

    def on_top(self) -> str:
        call = self.window.sequencer.current
        return f"{call.ticket}>{call.counter}" if call else ""


@pytest.fixture(autouse=True)
def bundled_fonts(qapp) -> None:
    """The display measures its text in the bundled Noto Sans, as the app does (make_application loads it)."""
    load_fonts()


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(START)


@pytest.fixture
def display(qtbot, clocks: Clocks) -> Iterator[Display]:
    player = FakePlayer()
    metrics = Metrics(panel_dpi(1920, 1080, 55))
    runtime = DisplayRuntime(ApiClient("http://127.0.0.1:9"), metrics, lambda _voice: (player, True),
                             clocks.now, clocks.monotonic)
    qtbot.addWidget(runtime.window)
    runtime.configure(CONFIG)
    runtime.session.queue.apply_snapshot(snapshot())
    runtime.window.resize(1920, 1080)
    runtime.window.load_calls()
    yield Display(runtime, player, clocks, Events(at=clocks.wall))
    runtime.stop()
