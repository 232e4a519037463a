"""What a field's button says, pages of many fields, and the centre's [kiosk] table."""

from __future__ import annotations

import pytest

from assets.settings import ConfigError
from kiosk.config import Category, parse_kiosk_config
from kiosk.screens.fields import field_detail, page_count, page_of


def row(**values: object) -> dict:
    return {"code": "DD", "name_vi": "Đất đai", "waiting": 0, "estimated_minutes": None, "state": "issuing",
            "opens_at": None, **values}


@pytest.mark.parametrize(("values", "lang", "text"), [
    ({"waiting": 12, "estimated_minutes": 25}, "vi", "12 người đang chờ · khoảng 25 phút"),
    ({"waiting": 12, "estimated_minutes": 25}, "en", "12 waiting · about 25 min"),
    ({}, "vi", "Chưa có người chờ"),
    ({"state": "closed", "opens_at": "2026-11-30T13:00+07:00"}, "vi", "Ngoài giờ cấp số — mở lại lúc 13:00"),
    ({"state": "closed", "opens_at": "2026-12-01T07:00+07:00"}, "vi",
     "Ngoài giờ cấp số — mở lại lúc 07:00 ngày 01/12"),
    ({"state": "closed"}, "vi", "Ngoài giờ cấp số"),
    ({"state": "full", "waiting": 30}, "vi", "Đã hết số hôm nay"),
])
def test_field_button_words(values: dict, lang: str, text: str) -> None:
    assert field_detail(row(**values), lang, today="2026-11-30") == text


def test_the_wait_can_be_left_out_by_the_centre() -> None:
    assert field_detail(row(waiting=3, estimated_minutes=9), "vi", show_wait=False) == "3 người đang chờ"


def test_seventy_fields_fill_six_pages_and_the_last_holds_the_rest() -> None:
    fields = list(range(70))
    assert page_count(70, 12) == 6 and page_of(fields, 5, 12) == list(range(60, 70))
    assert page_of(fields, 99, 12) == list(range(60, 70))  # a page past the end shows the last


def test_kiosk_table_defaults_and_categories() -> None:
    config = parse_kiosk_config({"idle_seconds": 60, "priorities": ["elderly"],
                                 "categories": [{"name_vi": "Đất đai", "fields": ["dd"]}]}, ("DD", "HT"))
    assert config.idle_seconds == 60 and config.priorities == ("elderly",) and config.confirmation_seconds == 12
    assert config.categories == (Category("Đất đai", "Đất đai", ("DD",)),)


@pytest.mark.parametrize(("table", "key", "english"), [
    ({"idle_seconds": 2}, "kiosk.idle_seconds", "must be a whole number from 10 to 600"),
    ({"idle": 30}, "kiosk.idle", "unsupported key (a typo?)"),
    ({"priorities": ["vip"]}, "kiosk.priorities", "only these kinds"),
    ({"categories": [{"name_vi": "X", "fields": ["ZZ"]}]}, "kiosk.categories[0].fields", "no field with code"),
    ({"show_wait": "yes"}, "kiosk.show_wait", "true or false"),
])
def test_bad_kiosk_table_names_the_key_in_both_languages(table: dict, key: str, english: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_kiosk_config(table, ("DD",))
    assert caught.value.config_key == key and english in caught.value.message("en")
    assert f"centre.toml, mục {key}:" in caught.value.message("vi")


def test_qms_check_names_a_bad_kiosk_table_on_the_server_pc(tmp_path) -> None:
    from core.commands import write_sample
    from core.datadir import DataDir
    from qms.check import check_config

    data = DataDir(tmp_path / "centre")
    write_sample(data)
    data.config.write_text(data.config.read_text("utf-8") + '\n[kiosk]\nidle_seconds = 5\n', "utf-8")
    assert [p.message("en") for p in check_config(data.config)] == [
        f"Configuration file {data.config}, key kiosk.idle_seconds: must be a whole number from 10 to 600, not “5”."]
