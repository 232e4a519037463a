"""``qms bridge`` as a process: ``[devices]`` checked at start with clear errors; then a keypad press on a
virtual bus calls a number on the real server and the sign shows it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from devices.reference import ReferenceKeypad, ReferenceSign
from devices.virtual import VirtualBus
from tests.fakes.waiting import wait_until

from .bridge_rig import RunningServer

ROOT = Path(__file__).resolve().parents[2]


def bridge(data: Path, *args: str, key: str | None = "qmsd_x", **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "QMS_LANG": "vi", "PYTHONUNBUFFERED": "1"}
    env.pop("QMS_DEVICE_KEY", None)
    if key is not None:
        env["QMS_DEVICE_KEY"] = key
    return subprocess.Popen([sys.executable, "-m", "qms", "bridge", "--data", str(data), *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def finished(data: Path, *args: str, key: str | None = "qmsd_x") -> tuple[int, str]:
    proc = bridge(data, *args, key=key)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def centre_toml(tmp_path: Path, devices: str) -> Path:
    (tmp_path / "centre.toml").write_text(devices, "utf-8")
    return tmp_path


def test_a_mistake_in_devices_stops_the_bridge_naming_the_key(tmp_path):
    data = centre_toml(tmp_path, '[[devices.buses]]\nport = "/dev/ttyUSB0"\nbaudrate = 9601\n')
    code, err = finished(data)
    assert code == 1
    assert "Tệp cấu hình" in err and "devices.buses[0].baudrate" in err and "115200" in err


def test_no_bus_declared_is_said_plainly(tmp_path):
    code, err = finished(centre_toml(tmp_path, "[centre]\nname = 'x'\n"))
    assert code == 1 and "chưa khai báo đường truyền nào" in err


def test_a_port_not_in_the_file_is_refused(tmp_path):
    data = centre_toml(tmp_path, '[[devices.buses]]\nport = "/dev/ttyUSB0"\n')
    code, err = finished(data, "--port", "/dev/ttyUSB7")
    assert code == 1 and "/dev/ttyUSB7" in err


def test_without_a_device_key_the_bridge_says_how_to_make_one(tmp_path):
    data = centre_toml(tmp_path, '[[devices.buses]]\nport = "/dev/ttyUSB0"\n')
    code, err = finished(data, key=None)
    assert code == 1 and "qms device add display" in err
    code, err = finished(data, "--key-file", str(tmp_path / "missing.key"), key=None)
    assert code == 1 and "Không đọc được tệp khóa" in err and "missing.key" in err


@pytest.mark.slow
def test_a_counter_the_server_does_not_have_stops_the_bridge(tmp_path, server: RunningServer):
    data = centre_toml(tmp_path, f'[devices]\nserver = "{server.url}"\n[[devices.buses]]\nport = "/dev/null"\n'
                                 'signs = [{ address = 1, counter = 99 }]\n')
    code, err = finished(data, key=server.display_key)
    assert code == 1 and "devices.buses[0].signs[0].counter" in err and "quầy 99" in err


@pytest.mark.slow
def test_the_bridge_process_calls_from_a_keypad_and_shows_the_number(tmp_path, server: RunningServer):
    keypad, sign = ReferenceKeypad(0x09), ReferenceSign(0x29)
    virtual = VirtualBus(tmp_path / "ttyQMS", [keypad, sign])
    virtual.plug()
    data = centre_toml(tmp_path, f"""
[devices]
server = "{server.url}"
[devices.officers]
3 = "lehoangcuong"
[[devices.buses]]
port = "{virtual.url}"
keypads = [{{ address = 9, counter = 9 }}]
signs = [{{ address = 0x29, counter = 9 }}]
""")
    import httpx

    label = httpx.post(f"{server.url}/api/v1/tickets", json={"field": "NN"},
                       headers={"Authorization": f"Bearer {server.kiosk_key}"}).json()["ticket"]["label"]
    proc = bridge(data, "--port", virtual.url, key=server.display_key)
    try:
        wait_until(lambda: keypad.frames > 1 or proc.poll() is not None, timeout=30, what="polls")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert virtual.press(0x09, f"3*{server.pins['lehoangcuong']}#N")
        wait_until(lambda: sign.text == label, timeout=20, what="the number on the sign")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        virtual.unplug()
    assert proc.returncode == 0
    assert "1 đường truyền, 1 bàn phím, 1 bảng quầy" in out
