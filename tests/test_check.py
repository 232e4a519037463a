"""``qms check`` reads the whole centre.toml as every part will, and ``qms server`` refuses a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.commands import write_sample
from core.datadir import DataDir
from qms.check import check_config
from qms.cli import main


@pytest.fixture
def data(tmp_path: Path) -> DataDir:
    data = DataDir(tmp_path / "centre")
    write_sample(data)
    return data


def append(data: DataDir, text: str) -> str:
    data.config.write_text(data.config.read_text("utf-8") + text, "utf-8")
    return data.config.read_text("utf-8")


def test_the_sample_centre_passes(data, capsys, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")
    assert main(["check", "--data", str(data.root)]) == 0
    assert "is valid" in capsys.readouterr().out


def test_a_wrong_display_table_is_found_by_the_check(data):
    append(data, '\n[display]\nrecent_calls = 40\n')
    problems = [p.message("en") for p in check_config(data.config)]
    assert len(problems) == 1 and "key display.recent_calls:" in problems[0]


def test_each_wrong_table_is_named_and_none_hides_another(data):
    append(data, '\n[ticket]\npaper = "90mm"\n\n[voice]\nrepeat = 9\n\n[server]\nport = 0\n')
    problems = [p.message("en") for p in check_config(data.config)]
    assert len(problems) == 3
    for key in ("server.port", "ticket.paper", "voice.repeat"):
        assert any(f"Configuration file {data.config}, key {key}:" in p for p in problems), key


def test_a_bad_ticket_table_is_reported_in_both_languages_and_changes_nothing(data, capsys, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "vi")
    before = append(data, '\n[ticket]\nlayout = { lines = ["number", "weather"] }\n')
    assert main(["check", "--data", str(data.root)]) == 1
    err = capsys.readouterr().err
    assert f"Tệp cấu hình {data.config}, mục ticket.layout.lines[1]" in err
    assert f"(Configuration file {data.config}, key ticket.layout.lines[1]" in err
    assert data.config.read_text("utf-8") == before and not data.database.exists()


def test_a_file_that_is_not_toml_is_one_problem(data):
    data.config.write_text("[centre\nname = 1\n", "utf-8")
    [problem] = check_config(data.config)
    assert "centre.toml" in problem.message("en")


def test_the_server_does_not_start_on_a_bad_voice_table(data, capsys, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")
    append(data, '\n[voice]\nengine = "robot"\n')
    assert main(["server", "--data", str(data.root), "--host", "127.0.0.1", "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert "key voice.engine" in err and "robot" in err
    assert not data.database.exists()
