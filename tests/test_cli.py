"""The ``qms`` command: every subcommand has help and is documented; init, bad config, simulate, report,
backup."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qms.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def qms(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qms", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_subcommand_has_help_and_docs() -> None:
    docs = (ROOT / "README.md").read_text("utf-8") + "".join(
        p.read_text("utf-8") for p in (ROOT / "docs").glob("*.md"))
    names = subcommands()
    assert {"init", "simulate", "report", "backup", "demo"} <= set(names)
    for name in names:
        parser = build_parser()
        sub = next(a for a in parser._actions if a.dest == "command").choices[name]
        assert sub.description, name
        assert re.search(rf"qms {name}\b", docs), f"`qms {name}` is not documented in README.md or docs/"


def test_help_runs() -> None:
    result = qms("simulate", "--help")
    assert result.returncode == 0 and "--citizens" in result.stdout


def test_init_creates_config_database_and_pins(tmp_path: Path) -> None:
    result = qms("init", "--data", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "centre.toml").exists() and (tmp_path / "qms.db").exists()
    assert re.search(r"nguyenvanan\s+\d{6}", result.stdout)
    again = qms("init", "--data", tmp_path)
    assert "nguyenvanan" not in again.stdout  # PINs are given once


def test_bad_config_exits_nonzero_naming_file_and_key(tmp_path: Path) -> None:
    qms("init", "--data", tmp_path)
    config = tmp_path / "centre.toml"
    config.write_text(config.read_text("utf-8").replace('numbers = "2001-2999"', 'numbers = "2999-2001"'))
    result = qms("report", "--data", tmp_path)
    assert result.returncode == 1
    assert "centre.toml" in result.stderr and "fields[1].numbers" in result.stderr


@pytest.mark.slow
def test_simulate_and_report_agree(tmp_path: Path) -> None:
    sim = qms("simulate", "--data", tmp_path, "--citizens", 300, "--date", "2026-11-23", "--format", "json")
    assert sim.returncode == 0, sim.stderr
    simulated = json.loads(sim.stdout)["rows"]
    rep = qms("report", "--data", tmp_path, "--by", "field", "--format", "json")
    assert json.loads(rep.stdout)["rows"] == simulated
    assert sum(r["issued"] for r in simulated) == 300
    assert sum(r["waiting"] for r in simulated) == 0  # officers stay until the queue is empty
    by_day = json.loads(qms("report", "--data", tmp_path, "--by", "day", "--format", "json").stdout)["rows"]
    assert by_day[0]["day"] == "2026-11-23" and by_day[0]["issued"] == 300


def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    qms("simulate", "--data", data, "--citizens", 20, "--date", "2026-11-23")
    result = qms("backup", "--data", data, tmp_path / "copy.db")
    assert result.returncode == 0, result.stderr
    import sqlite3

    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT COUNT(*) FROM tickets WHERE transferred_from IS NULL").fetchone()[0] == 20
    assert qms("backup", "--data", data, tmp_path / "copy.db").returncode == 1  # never overwrites


def test_simulate_works_in_a_scratch_folder_not_the_centres_data(tmp_path: Path) -> None:
    import os

    live = tmp_path / "live"
    result = subprocess.run([sys.executable, "-m", "qms", "simulate", "--citizens", "5", "--date", "2026-11-23"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QMS_DATA": str(live), "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert not live.exists() and not (tmp_path / "qms-data").exists()
    assert "qms-simulate-" in result.stdout


def test_simulate_refuses_a_database_with_real_tickets(tmp_path: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.clock import ManualClock
    from core.datadir import DataDir
    from core.engine import QueueEngine

    assert qms("init", "--data", tmp_path).returncode == 0
    clock = ManualClock(datetime(2026, 11, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    centre, db = DataDir(tmp_path).open(clock)
    QueueEngine(db, centre, clock).issue("HT", kiosk="Ki-ốt sảnh A")  # a citizen's real ticket
    before = db.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    refused = qms("simulate", "--data", tmp_path, "--citizens", 5, "--date", "2026-11-23")
    assert refused.returncode == 1
    assert "1 số thứ tự thật" in refused.stderr and "--live" in refused.stderr
    assert db.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    assert qms("simulate", "--data", tmp_path, "--citizens", 5, "--date", "2026-11-23", "--live").returncode == 0
