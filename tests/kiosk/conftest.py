"""Fixtures of the kiosk tests: one real server per test module, a kiosk printing on a fake printer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import Kiosk, KioskServer, make_kiosk, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[KioskServer]:
    real = start_server(tmp_path_factory.mktemp("kiosk") / "centre")
    yield real
    real.stop()


@pytest.fixture
def kiosk(qtbot, server) -> Iterator[Kiosk]:
    yield from make_kiosk(qtbot, server)
