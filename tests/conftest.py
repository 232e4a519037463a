"""Shared test set-up: Qt renders offscreen, escpos keeps its capability cache in the project."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
