"""The per-machine settings file: typed, checked, written atomically."""

from __future__ import annotations

import pytest

from assets.settings import ConfigError
from client.ui.settings import AppSettings, Setting, config_dir

SCHEMA = (
    Setting("server", str, ""),
    Setting("key", str, ""),
    Setting("screen", int, 0, minimum=0, maximum=8),
    Setting("fullscreen", bool, False),
    Setting("lang", str, "vi", choices=("vi", "en")),
)


@pytest.fixture
def settings(tmp_path):
    return AppSettings("kiosk", SCHEMA, tmp_path / "kiosk.toml")


def test_defaults_until_the_first_save(settings):
    assert not settings.exists
    assert settings.load()["screen"] == 0


def test_saved_values_come_back_with_their_types(settings, tmp_path):
    settings.update({"server": 'http://10.0.0.5:8080/"x"\\', "screen": 2, "fullscreen": True})
    settings.save()
    again = AppSettings("kiosk", SCHEMA, tmp_path / "kiosk.toml").load()
    assert again.values == settings.values
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("changes,problem", [
    ({"screen": "2"}, "config.whole_number"),
    ({"screen": True}, "config.whole_number"),
    ({"screen": 9}, "config.whole_number"),
    ({"lang": "fr"}, "config.not_choice"),
    ({"colour": "red"}, "config.unknown_key"),
])
def test_a_bad_value_is_named_and_changes_nothing(settings, changes, problem):
    before = dict(settings.values)
    with pytest.raises(ConfigError) as err:
        settings.update({"server": "http://a", **changes})
    assert err.value.problem == problem
    assert err.value.config_key in err.value.message("vi") and "kiosk.toml" in err.value.message("en")
    assert settings.values == before


def test_a_broken_file_is_reported_not_guessed(settings):
    settings.path.write_text('server = "http://a\n', "utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load()
    assert err.value.problem == "config.bad_toml"
    assert "Tệp cấu hình" in err.value.message("vi") and "kiosk.toml" in err.value.message("vi")


def test_a_deeply_nested_file_is_reported_not_a_crash(settings):
    settings.path.write_text("a = " + "[" * 100_000, "utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load()
    assert err.value.problem == "config.bad_toml"


def test_the_config_folder_can_be_chosen(monkeypatch, tmp_path):
    monkeypatch.setenv("QMS_CONFIG_DIR", str(tmp_path))
    assert config_dir() == tmp_path
    assert AppSettings("display", SCHEMA).path == tmp_path / "display.toml"
