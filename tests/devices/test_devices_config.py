"""``[devices]`` in centre.toml: a good table becomes buses; every mistake names its key in both
languages."""

from __future__ import annotations

import tomllib

import pytest

from assets.settings import ConfigError
from devices.config import Board, Placed, devices_from_table, load_devices

SAMPLE = """
[devices]
server = "http://192.168.1.10:8080/"
dead_seconds = 8

[devices.officers]
7 = "nguyenvanan"
012 = "tranthibinh"

[[devices.buses]]
port = "/dev/ttyUSB0"
keypads = [{ address = 1, counter = 1 }, { address = 2, counter = 2 }]
signs = [{ address = 33, counter = 1 }, { address = 34, counter = 2 }]
boards = [{ address = 100, rows = 6, width = 20 }]

[[devices.buses]]
port = "socket://192.168.1.50:4001"
baudrate = 9600
signs = [{ address = 1, counter = 1 }]

[[devices.scanners]]
port = "/dev/ttyACM0"
counter = 2
"""


def table(text: str = SAMPLE) -> dict:
    return tomllib.loads(text)["devices"]


def test_the_sample_becomes_buses_devices_and_officer_codes():
    config = devices_from_table(table())
    usb, remote = config.buses
    assert usb.keypads == (Placed(1, 1), Placed(2, 2)) and usb.baudrate == 115200
    assert usb.boards == (Board(100, rows=6, width=20),)
    assert remote.baudrate == 9600 and remote.signs == (Placed(1, 1),)
    assert config.officers == {"7": "nguyenvanan", "12": "tranthibinh"}
    assert config.server == "http://192.168.1.10:8080" and config.dead_seconds == 8
    assert config.counters() == {1, 2}


def test_no_devices_table_means_nothing_to_serve():
    assert devices_from_table(None).buses == ()


def mutate(old: str, new: str) -> dict:
    assert old in SAMPLE
    return table(SAMPLE.replace(old, new, 1))


MISTAKES = [
    (("dead_seconds = 8", "dead_second = 8"), "devices.dead_second"),
    (("dead_seconds = 8", "dead_seconds = 0"), "devices.dead_seconds"),
    (("dead_seconds = 8", "dead_seconds = true"), "devices.dead_seconds"),
    (('server = "http://192.168.1.10:8080/"', 'server = "192.168.1.10"'), "devices.server"),
    (('7 = "nguyenvanan"', 'ab = "nguyenvanan"'), "devices.officers.ab"),
    (('7 = "nguyenvanan"', '7 = ""'), "devices.officers.7"),
    (('port = "/dev/ttyUSB0"\n', ''), "devices.buses[0].port"),
    (("{ address = 2, counter = 2 }", "{ address = 1, counter = 2 }"), "devices.buses[0].keypads[1].address"),
    (("{ address = 34, counter = 2 }", "{ address = 2, counter = 2 }"), "devices.buses[0].signs[1].address"),
    (("{ address = 2, counter = 2 }", "{ address = 255, counter = 2 }"), "devices.buses[0].keypads[1].address"),
    (("{ address = 2, counter = 2 }", "{ address = 2, counter = 1 }"), "devices.buses[0].keypads[1].counter"),
    (("{ address = 2, counter = 2 }", "{ address = 2 }"), "devices.buses[0].keypads[1].counter"),
    (("{ address = 2, counter = 2 }", "{ counter = 2 }"), "devices.buses[0].keypads[1].address"),
    (("{ address = 2, counter = 2 }", "{ address = 2, counter = 2, colour = 1 }"),
     "devices.buses[0].keypads[1].colour"),
    (("rows = 6", "rows = 40"), "devices.buses[0].boards[0].rows"),
    (("baudrate = 9600", "baudrate = 9601"), "devices.buses[1].baudrate"),
    (('port = "socket://192.168.1.50:4001"', 'port = "/dev/ttyUSB0"'), "devices.buses[1].port"),
    (('port = "/dev/ttyACM0"', 'port = "/dev/ttyUSB0"'), "devices.scanners[0].port"),
    (("counter = 2\n", "counter = 0\n"), "devices.scanners[0].counter"),
    (("counter = 2\n", "counter = 5\n"), "devices.scanners[0].counter"),  # no keypad at counter 5
    (('signs = [{ address = 1, counter = 1 }]', 'signs = { address = 1, counter = 1 }'),
     "devices.buses[1].signs"),
]


@pytest.mark.parametrize(("change", "key"), MISTAKES)
def test_every_mistake_names_its_key_in_both_languages(change, key):
    with pytest.raises(ConfigError) as caught:
        devices_from_table(mutate(*change), "/srv/qms/centre.toml")
    vi, en = caught.value.message("vi"), caught.value.message("en")
    assert caught.value.config_key == key
    assert vi.startswith(f"Tệp cấu hình /srv/qms/centre.toml, mục {key}: ")
    assert en.startswith(f"Configuration file /srv/qms/centre.toml, key {key}: ")


def test_a_counter_the_server_does_not_have_is_refused_by_name():
    config = devices_from_table(table())
    config.check_counters({1, 2, 3})
    with pytest.raises(ConfigError) as caught:
        config.check_counters({1})
    assert caught.value.config_key == "devices.buses[0].keypads[1].counter"
    assert "quầy 2 không có" in caught.value.message("vi")


def test_port_choice_keeps_only_those_buses_and_refuses_unknown_ports():
    config = devices_from_table(table())
    assert [b.port for b in config.only(["/dev/ttyUSB0"]).buses] == ["/dev/ttyUSB0"]
    with pytest.raises(ConfigError) as caught:
        config.only(["/dev/ttyUSB9"])
    assert "/dev/ttyUSB9" in caught.value.message("en")


def test_an_unreadable_file_is_named(tmp_path):
    path = tmp_path / "centre.toml"
    path.write_text("[devices\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_devices(path)
    assert str(path) in caught.value.message("vi") and "TOML" in caught.value.message("en")
    with pytest.raises(ConfigError):
        load_devices(tmp_path / "missing.toml")


def test_qms_check_reads_the_devices_table_too(tmp_path):
    from core.commands import write_sample
    from core.datadir import DataDir
    from qms.check import check_config

    data = DataDir(tmp_path)
    write_sample(data)
    config = data.config.read_text("utf-8")
    data.config.write_text(config + '\n[[devices.buses]]\nport = "/dev/ttyUSB0"\nbaudrate = 9601\n', "utf-8")
    [problem] = check_config(data.config)
    assert problem.config_key == "devices.buses[0].baudrate"
    data.config.write_text(config + '\n[[devices.buses]]\nport = "/dev/ttyUSB0"\n', "utf-8")
    assert check_config(data.config) == []
