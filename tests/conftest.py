"""Shared test set-up: Qt renders offscreen; the fixtures of ``tests/fakes`` are available everywhere."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fakes.fixtures"]
