"""The centre configuration: the sample is valid and realistic; every mistake names file, key and problem."""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path

import pytest

from assets.settings import ConfigError
from core.config import load_centre, parse_centre
from tests.core.small_centre import SMALL_CENTRE


def test_sample_is_a_realistic_provincial_centre(tmp_path: Path) -> None:
    path = tmp_path / "centre.toml"
    path.write_text(resources.files("assets").joinpath("config", "centre.sample.toml").read_text("utf-8"))
    centre = load_centre(path)
    assert len(centre.fields) >= 8 and len(centre.counters) >= 12
    assert any(c.priority_only for c in centre.counters)
    assert {"Đất đai", "Hộ tịch", "Chứng thực", "Đăng ký kinh doanh"} <= {f.name_vi for f in centre.fields}
    assert str(centre.timezone) == "Asia/Ho_Chi_Minh"
    land = centre.field("DD")
    assert land.hours.days[5] and not centre.field("HT").hours.days[5]  # land also on Saturday morning


def test_the_centres_hours_cover_every_fields_own_sessions(tmp_path: Path) -> None:
    path = tmp_path / "centre.toml"
    path.write_text(resources.files("assets").joinpath("config", "centre.sample.toml").read_text("utf-8"))
    centre = load_centre(path)
    table = centre.hours.to_table()
    assert table["mon"] == ["07:00-11:30", "13:00-17:00"]
    assert table["sat"] == [str(r) for r in centre.field("DD").hours.days[5]]  # land's Saturday morning
    assert table["sun"] == []


def broken(path: str, value: object) -> dict:
    data = copy.deepcopy(SMALL_CENTRE)
    node = data
    *parents, last = path.split(".")
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    if value is KeyError:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(("path", "value", "key", "words"), [
    ("centre.name", KeyError, "centre.name", "thiếu"),
    ("centre.timezone", "Asia/Hanoi_Typo", "centre.timezone", "múi giờ"),
    ("centre.hours", {"mon-fri": ["7h-11h"]}, "centre.hours.mon-fri", "khoảng giờ"),
    ("centre.hours", {"monday": ["07:00-11:00"]}, "centre.hours.monday", "tên ngày"),
    ("fields.0.numbers", "1999-1001", "fields[0].numbers", "dãy số"),
    ("fields.0.daily_cap", -5, "fields[0].daily_cap", "số nguyên"),
    ("fields.0.priority_rule", "sometimes", "fields[0].priority_rule", "first, none"),
    ("fields.0.colour", "red", "fields[0].colour", "khóa không được hỗ trợ"),
    ("counters.0.fields", ["ZZ"], "counters[0].fields", "ZZ"),
    ("counters.0.priority_only", "yes", "counters[0].priority_only", "true hoặc false"),
    ("fields", [], "fields", "ít nhất một lĩnh vực"),
])
def test_mistakes_name_the_key(path: str, value: object, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_centre(broken(path, value), "centre.toml")
    vi = info.value.message("vi")
    assert "centre.toml" in vi and key in vi and words in vi
    assert key in info.value.message("en")


@pytest.mark.parametrize(("path", "value", "key"), [
    ("fields.1.code", "DD", "fields[1].code"),
    ("counters.1.number", 1, "counters[1].number"),
    ("staff.1.username", "an", "staff[1].username"),
])
def test_duplicate_codes(path: str, value: object, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_centre(broken(path, value), "centre.toml")
    assert info.value.problem == "config.duplicate"
    assert key in info.value.message("vi") and "trùng" in info.value.message("vi")


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_centre(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[centre\nname = 1")
    with pytest.raises(ConfigError) as info:
        load_centre(bad)
    assert "bad.toml" in info.value.message("vi") and "TOML" in info.value.message("vi")
