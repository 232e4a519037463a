"""Shared test set-up: Qt renders offscreen; the fixtures of ``tests/fakes`` are available everywhere; a
test fails when the code under test logs a warning the test did not expect."""

import logging
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fakes.fixtures"]


@pytest.fixture(autouse=True)
def fail_on_unexpected_log_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    """A warning logged during a test is a fault unless the test is marked ``log_warnings`` (it checks
    the warning itself, with ``caplog``). Qt's own messages are checked by pytest-qt
    (``qt_log_level_fail``)."""
    yield
    if request.node.get_closest_marker("log_warnings"):
        return
    unexpected = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.get_records("call")
                  if r.levelno >= logging.WARNING]
    if unexpected:
        pytest.fail("unexpected log warnings:\n" + "\n".join(unexpected), pytrace=False)
