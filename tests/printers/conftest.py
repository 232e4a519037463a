"""Fixtures for the printing tests: import ``printers`` first so escpos caches in the project."""

from __future__ import annotations

from datetime import datetime

import pytest

import printers._escpos  # noqa: F401  (escpos without a stray temp directory, before any test imports it)
from printers.ticket import TicketPrint, sample_ticket


@pytest.fixture
def ticket() -> TicketPrint:
    return sample_ticket(datetime(2026, 11, 22, 7, 42))
