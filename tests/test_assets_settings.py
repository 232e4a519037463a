"""The one reader of settings tables (assets/settings.py): typed keys with defaults, ranges and choices,
unknown keys refused, opening hours and time zones, and one error naming file, key and problem."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from assets.settings import ConfigError, Hours, Key, TableReader, TimeRange, load_toml

KEYS = (Key("repeat", 2, minimum=1, maximum=5), Key("volume", 80.0, minimum=0, maximum=100),
        Key("chime", True), Key("engine", "clips", choices=("clips", "tts")), Key("ticker", (), kind=tuple))


def refusal(table: dict) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        TableReader("/srv/qms/centre.toml", "voice").read(table, KEYS)
    return info.value


def test_absent_keys_take_their_defaults_and_present_ones_their_type() -> None:
    values = TableReader("centre.toml", "voice").read({"volume": 60, "ticker": "Giờ làm việc"}, KEYS)
    assert values == {"repeat": 2, "volume": 60.0, "chime": True, "engine": "clips", "ticker": ("Giờ làm việc",)}
    assert isinstance(values["volume"], float)


def test_a_misspelt_key_is_refused_with_the_keys_that_exist() -> None:
    error = refusal({"volumne": 60})
    assert error.config_key == "voice.volumne" and error.problem == "config.unknown_key"
    assert "repeat, volume, chime, engine, ticker" in error.message("en")


def test_a_number_out_of_range_names_file_key_range_and_value_in_both_languages() -> None:
    error = refusal({"repeat": 9})
    assert error.message("vi") == ("Tệp cấu hình /srv/qms/centre.toml, mục voice.repeat: "
                                   "phải là số nguyên từ 1 đến 5, không phải “9”.")
    assert error.message("en") == ("Configuration file /srv/qms/centre.toml, key voice.repeat: "
                                   "must be a whole number from 1 to 5, not “9”.")


@pytest.mark.parametrize(("table", "problem"), [
    ({"repeat": True}, "config.whole_number"),  # true is never a number
    ({"repeat": 2.5}, "config.whole_number"),
    ({"volume": "loud"}, "config.number"),
    ({"chime": 1}, "config.not_bool"),
    ({"engine": "robot"}, "config.not_choice"),
    ({"ticker": [1, 2]}, "config.not_texts"),
])
def test_each_wrong_value_has_its_problem(table: dict, problem: str) -> None:
    assert refusal(table).problem == problem


def test_a_whole_number_written_with_a_point_is_taken() -> None:
    assert TableReader("centre.toml", "voice").read({"repeat": 3.0}, KEYS)["repeat"] == 3


def test_nested_tables_name_their_whole_key_and_raise_the_asked_error_type() -> None:
    class AreaError(ConfigError):
        pass

    with pytest.raises(AreaError) as info:
        TableReader("centre.toml", "ticket", AreaError).within("escpos").read({"cut": "half"},
                                                                             [Key("cut", "full", choices=("full",))])
    assert info.value.config_key == "ticket.escpos.cut"


def test_opening_hours_read_back_what_they_write() -> None:
    reader = TableReader("centre.toml")
    hours = reader.hours("centre.hours", {"mon-fri": ["07:00-11:30", "13:00-17:00"], "sat": ["07:30-24:00"]})
    assert hours.to_table()["sat"] == ["07:30-24:00"] and hours.to_table()["sun"] == []
    assert reader.hours("centre.hours", hours.to_table()) == hours


@pytest.mark.parametrize("text", ["7h-11h", "11:30-07:00", "07:00-25:00", "07:00"])
def test_a_session_that_is_not_a_range_is_refused(text: str) -> None:
    assert TimeRange.parse(text) is None
    with pytest.raises(ConfigError) as info:
        TableReader("centre.toml").hours("centre.hours", {"mon": [text]})
    assert info.value.config_key == "centre.hours.mon" and text in info.value.message("en")


def test_a_day_has_opened_from_its_first_session_until_midnight() -> None:
    hours = Hours(days=((TimeRange(time(7), time(11, 30)), TimeRange(time(13), time(17))),) + ((),) * 6)
    monday, tuesday = datetime(2026, 11, 30), datetime(2026, 12, 1)
    assert not hours.has_opened(monday.replace(hour=6, minute=59))
    assert hours.has_opened(monday.replace(hour=12))  # lunch: the morning's queue is still being called
    assert hours.has_opened(monday.replace(hour=19))  # after closing: the afternoon's queue too
    assert not hours.has_opened(tuesday.replace(hour=9))  # a closed day
    assert not hours.is_open(monday.replace(hour=12))  # but no ticket is issued at lunch


def test_an_unknown_time_zone_is_named() -> None:
    with pytest.raises(ConfigError) as info:
        TableReader("centre.toml").timezone("centre.timezone", "Asia/Hanoi")
    assert info.value.config_key == "centre.timezone" and "Asia/Hanoi" in info.value.message("vi")
    assert TableReader("centre.toml").timezone("centre.timezone", "Asia/Ho_Chi_Minh").key == "Asia/Ho_Chi_Minh"


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text("server = [", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_toml(bad)
    assert info.value.problem == "config.bad_toml" and str(bad) in info.value.message("en")
    with pytest.raises(ConfigError) as missing:
        load_toml(tmp_path / "none.toml")
    assert missing.value.problem == "config.unreadable"
