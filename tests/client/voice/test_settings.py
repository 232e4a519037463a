"""The [voice] table: defaults, the centre's hours and time zone, and errors that name the key and the problem."""

import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assets.settings import ConfigError
from client.voice.numbers import Reading
from client.voice.settings import VoiceSettings

CENTRE = {"timezone": "Asia/Ho_Chi_Minh", "hours": {"mon": ["07:00-11:30", "13:00-17:00"], "tue": []}}
MONDAY = datetime(2026, 11, 23, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_defaults():
    s = VoiceSettings.from_config({})
    assert (s.repeat, s.pause_ms, s.volume, s.voice, s.engine) == (2, 800, 80, "vi-north", "clips")
    assert s.phrase_template() == "Mời công dân có số thứ tự {number} đến quầy số {counter}"
    assert s.reading == Reading()
    assert s.is_open(MONDAY.replace(hour=3))  # the centre's hours not known: every call is spoken


def test_full_table():
    s = VoiceSettings.from_config(
        {
            "repeat": 3, "pause_ms": 1000, "gap_ms": 20, "volume": 55, "zero_tens": "lẻ", "thousand": "ngàn",
            "four_after_tens": "tư", "stale_after_s": 30,
            "clip_dir": "/srv/clips", "with_field": True, "by_digit": True, "voice": "vi-south",
        }, CENTRE,
    )  # fmt: skip
    assert s.reading == Reading(zero_tens="lẻ", thousand="ngàn", four_after_tens="tư")
    assert s.clip_dir == Path("/srv/clips")
    assert "{field}" in s.phrase_template()


def test_the_voice_follows_the_centres_hours_and_time_zone():
    s = VoiceSettings.from_config({}, {**CENTRE, "timezone": "Asia/Bangkok"})
    assert s.timezone == "Asia/Bangkok" and s.hours.to_table()["mon"] == ["07:00-11:30", "13:00-17:00"]
    assert not s.is_open(MONDAY.replace(hour=6, minute=59))
    assert s.is_open(MONDAY.replace(hour=12)) and s.is_open(MONDAY.replace(hour=20))
    assert not s.is_open(MONDAY.replace(day=24, hour=9))  # Tuesday: closed


@pytest.mark.log_warnings
def test_the_old_hours_and_time_zone_keys_are_accepted_with_a_warning_and_ignored(caplog):
    with caplog.at_level(logging.WARNING, logger="qms.voice"):
        s = VoiceSettings.from_config({"hours": ["08:00-09:00"], "timezone": "Europe/Paris"}, CENTRE,
                                      file="/srv/qms/centre.toml")
    assert s.timezone == "Asia/Ho_Chi_Minh" and s.is_open(MONDAY.replace(hour=16))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and "voice.hours" in warnings[0] and "voice.timezone" in warnings[1]
    assert "/srv/qms/centre.toml" in warnings[0] and "[centre] hours" in warnings[0]


@pytest.mark.log_warnings
def test_a_reader_that_reads_the_configuration_again_is_warned_once(caplog):
    """A display fetches ``/config`` at every reconnection: the old keys are named once, not each time."""
    warned: set[str] = set()
    with caplog.at_level(logging.WARNING, logger="qms.voice"):
        for _ in range(3):
            VoiceSettings.from_config({"hours": ["08:00-09:00"]}, CENTRE, warned=warned)
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == sorted(warned)
    assert len(warned) == 1
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="qms.voice"):
        VoiceSettings.from_config({"hours": ["08:00-09:00"]}, CENTRE, warned=set())  # a restarted display
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


@pytest.mark.parametrize(("centre", "key"), [
    ({"timezone": "Mars/Olympus"}, "centre.timezone"),
    ({"timezone": "Asia/Ho_Chi_Minh", "hours": {"mon": ["17:00-07:00"]}}, "centre.hours.mon"),
])
def test_the_centres_part_is_checked_too(centre, key):
    with pytest.raises(ConfigError) as info:
        VoiceSettings.from_config({}, centre)
    assert info.value.config_key == key


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"repeat": 0}, "voice.repeat"),
        ({"repeat": "2"}, "voice.repeat"),
        ({"volume": 101}, "voice.volume"),
        ({"chime": "yes"}, "voice.chime"),
        ({"zero_tens": "lẽ"}, "voice.zero_tens"),
        ({"engine": "gtts"}, "voice.engine"),
        ({"stale_after_s": 0}, "voice.stale_after_s"),
        ({"template": "Mời số {number}"}, "voice.template"),
        ({"template": "Số {number} quầy {counter} {room}"}, "voice.template"),
        ({"volumne": 50}, "voice.volumne"),
    ],
)
def test_errors_name_the_key(table, fragment):
    with pytest.raises(ConfigError, match=fragment):
        VoiceSettings.from_config(table)


def test_error_says_what_is_wrong_in_both_languages():
    with pytest.raises(ConfigError) as info:
        VoiceSettings.from_config({"volume": 150})
    assert "từ 0 đến 100" in str(info.value) and "from 0 to 100" in str(info.value)


def test_choosing_the_southern_voice_chooses_southern_words() -> None:
    south = VoiceSettings.from_config({"voice": "vi-south"})
    assert (south.reading.zero_tens, south.reading.thousand) == ("lẻ", "ngàn")
    kept = VoiceSettings.from_config({"voice": "vi-south", "thousand": "nghìn"})  # the centre's own choice
    assert (kept.reading.zero_tens, kept.reading.thousand) == ("lẻ", "nghìn")


def test_fifteen_is_never_read_as_ten_years() -> None:
    from client.voice.numbers import Reading, number_words

    with pytest.raises(ValueError):
        Reading(five_after_ten="năm")
    assert number_words(15, Reading(five_after_ten="nhăm")) == ["mười", "lăm"]
