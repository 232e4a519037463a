"""docs/devices.md stays true: its sample [devices] table is accepted and its example frames are the bytes
the encoder sends."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from devices.config import devices_from_table
from devices.protocol import Frame, FrameParser

DOC = (Path(__file__).resolve().parents[2] / "docs" / "devices.md").read_text("utf-8")


def test_the_sample_devices_table_is_accepted():
    block = DOC.split("```toml", 1)[1].split("```", 1)[0]
    config = devices_from_table(tomllib.loads(block)["devices"])
    assert len(config.buses) == 2 and config.officers["1"] == "nguyenvanan"


def test_the_example_exchange_is_valid_frames():
    lines = re.findall(r'(?:bridge|keypad) → 02 "(\w*)"\s+ETX "([0-9A-F]{2})"', DOC)
    assert len(lines) == 6
    parser = FrameParser()
    frames = parser.feed(b"".join(b"\x02" + body.encode() + b"\x03" + check.encode() for body, check in lines))
    assert parser.errors.total() == 0
    assert frames[3] == Frame(0x01, "K", "1N") and frames[4] == Frame(0x01, "P", "1")
