"""The [voice] table: defaults, and errors that name the key and the problem."""

from datetime import time
from pathlib import Path

import pytest

from client.voice.numbers import Reading
from client.voice.settings import OpenHours, VoiceSettings, VoiceSettingsError


def test_defaults():
    s = VoiceSettings.from_config({})
    assert (s.repeat, s.pause_ms, s.volume, s.voice, s.engine) == (2, 800, 80, "vi-north", "clips")
    assert s.phrase_template() == "Mời công dân có số thứ tự {number} đến quầy số {counter}"
    assert s.reading == Reading()
    assert s.is_open(time(3, 0))


def test_full_table():
    s = VoiceSettings.from_config(
        {
            "repeat": 3, "pause_ms": 1000, "gap_ms": 20, "volume": 55, "zero_tens": "lẻ", "thousand": "ngàn",
            "four_after_tens": "tư", "hours": ["07:00-11:30", "13:00-17:00"], "stale_after_s": 30,
            "clip_dir": "/srv/clips", "with_field": True, "by_digit": True, "voice": "vi-south",
        }
    )  # fmt: skip
    assert s.reading == Reading(zero_tens="lẻ", thousand="ngàn", four_after_tens="tư")
    assert s.hours == (OpenHours(time(7), time(11, 30)), OpenHours(time(13), time(17)))
    assert s.clip_dir == Path("/srv/clips")
    assert "{field}" in s.phrase_template()
    assert s.is_open(time(10)) and not s.is_open(time(12)) and not s.is_open(time(17))


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"repeat": 0}, "voice.repeat"),
        ({"repeat": "2"}, "voice.repeat"),
        ({"volume": 101}, "voice.volume"),
        ({"chime": "yes"}, "voice.chime"),
        ({"zero_tens": "lẽ"}, "voice.zero_tens"),
        ({"engine": "gtts"}, "voice.engine"),
        ({"hours": "7h-17h"}, "voice.hours"),
        ({"hours": ["17:00-07:00"]}, "voice.hours"),
        ({"hours": ["25:00-26:00"]}, "voice.hours"),
        ({"stale_after_s": 0}, "voice.stale_after_s"),
        ({"timezone": "Mars/Olympus"}, "voice.timezone"),
        ({"template": "Mời số {number}"}, "voice.template"),
        ({"template": "Số {number} quầy {counter} {room}"}, "voice.template"),
        ({"volumne": 50}, "voice.volumne"),
    ],
)
def test_errors_name_the_key(table, fragment):
    with pytest.raises(VoiceSettingsError, match=fragment):
        VoiceSettings.from_config(table)


def test_error_says_what_is_wrong_in_both_languages():
    with pytest.raises(VoiceSettingsError) as info:
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
