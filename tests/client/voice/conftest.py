"""Fixtures of the voice tests: the bundled Northern clip set (loaded once) and default settings."""

import pytest

from client.voice.clips import ClipSet
from client.voice.settings import VoiceSettings


@pytest.fixture(scope="session")
def north() -> ClipSet:
    return ClipSet.load("vi-north")


@pytest.fixture
def settings() -> VoiceSettings:
    return VoiceSettings()
