"""``qms device`` and ``qms staff``: keys printed once, PINs never; and the running server's log holds no
key, PIN or token."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from core.staff import check_pin
from core.storage import connect
from tests.fakes.centre import PINS, make_centre
from tests.fakes.http import bearer
from tests.fakes.server_process import ROOT


def qms(*args: object, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qms", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, timeout=60, env={"QMS_LANG": "en", "PATH": "/usr/bin:/bin"})


def test_device_add_list_revoke(tmp_path: Path) -> None:
    centre = make_centre(tmp_path)
    added = qms("device", "add", "kiosk", "Ki-ốt sảnh C", "--data", tmp_path)
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    assert key.startswith("qmsd_") and len(key) > 40
    listed = qms("device", "list", "--data", tmp_path)
    assert "Ki-ốt sảnh C" in listed.stdout and key not in listed.stdout
    device_id = next(line.split()[0] for line in listed.stdout.splitlines() if "sảnh C" in line)
    assert qms("device", "revoke", device_id, "--data", tmp_path).returncode == 0
    assert "revoked" in qms("device", "list", "--data", tmp_path).stdout
    assert qms("device", "revoke", "999", "--data", tmp_path).returncode == 1
    assert centre.kiosk not in listed.stdout


def test_staff_add_list_disable(tmp_path: Path) -> None:
    make_centre(tmp_path)
    added = qms("staff", "add", "vuthie", "Vũ Thị E", "--pin-stdin", "--data", tmp_path, stdin="246810\n")
    assert added.returncode == 0, added.stderr
    assert "246810" not in added.stdout + added.stderr
    db = connect(tmp_path / "qms.db", migrate=False)
    assert check_pin(db, "vuthie", "246810")["full_name"] == "Vũ Thị E"
    assert "vuthie" in qms("staff", "list", "--data", tmp_path).stdout
    assert qms("staff", "add", "x", "X", "--pin-stdin", "--data", tmp_path, stdin="12\n").returncode == 2
    assert qms("staff", "add", "vuthie", "Again", "--pin-stdin", "--data", tmp_path, stdin="1234\n").returncode == 1
    assert qms("staff", "disable", "vuthie", "--data", tmp_path).returncode == 0
    assert check_pin(db, "vuthie", "246810") is None


def test_bad_server_setting_stops_with_the_key(tmp_path: Path) -> None:
    make_centre(tmp_path, "prot = 9000\n")
    result = qms("server", "--data", tmp_path, "--port", "1")
    assert result.returncode == 1 and "server.prot" in result.stderr


@pytest.mark.slow
def test_server_log_holds_no_secrets(server_factory) -> None:
    server, centre = server_factory()
    with httpx.Client(base_url=server.url, timeout=10) as c:
        r = c.post("/api/v1/auth/login", json={"username": "nguyenvanan", "pin": PINS["nguyenvanan"], "counter": 1})
        token = r.json()["token"]
        issued = c.post("/api/v1/tickets", json={"field": "DD"}, headers=bearer(centre.kiosk)).json()
        ticket_token = issued["status_url"].rsplit("/", 1)[1]
        assert c.get(f"/t/{ticket_token}").status_code == 200
        c.post("/api/v1/counters/1/call-next", headers=bearer(token))
    from websockets.sync.client import connect as ws_connect
    with ws_connect(f"ws://127.0.0.1:{server.port}/api/v1/events?token={centre.display}") as ws:
        ws.recv()
    server.stop()
    log = server.log.read_text("utf-8")
    assert "POST /api/v1/tickets 201" in log and "/t/{token}" in log
    for secret in (PINS["nguyenvanan"], token, centre.kiosk, centre.display, ticket_token):
        assert secret not in log
