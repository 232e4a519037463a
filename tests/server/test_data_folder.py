"""The data folder: one server at a time, and a database that is missing, empty, newer, damaged or
unreadable is refused with a message (in both languages) before anything is created or changed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.clock import SystemClock
from core.datadir import DataDir
from core.errors import DatabaseMissing, DatabaseTooNew, DatabaseUnusable, DataFolderInUse
from core.folder_lock import FolderLock
from qms.cli import main
from tests.fakes.centre import make_centre
from tests.fakes.server_process import ROOT


def run_qms(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def test_a_folder_lock_is_exclusive_until_released(tmp_path: Path) -> None:
    first = FolderLock(tmp_path).acquire()
    with pytest.raises(DataFolderInUse) as refused:
        FolderLock(tmp_path).acquire()
    assert str(tmp_path) in refused.value.message("vi")
    first.release()
    FolderLock(tmp_path).acquire().release()


@pytest.mark.slow
def test_a_second_server_on_the_same_folder_is_refused_before_touching_the_database(server_factory) -> None:
    server, centre = server_factory()
    db = centre.data.database
    before = (db.stat().st_mtime_ns, db.read_bytes())
    second = subprocess.run([sys.executable, "-m", "qms", "server", "--data", str(centre.data.root), "--host",
                             "127.0.0.1", "--port", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"QMS_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert second.returncode == 1
    assert "in use by another QMS server" in second.stderr and str(server.proc.pid) in second.stderr
    assert "Traceback" not in second.stderr
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before


@pytest.mark.parametrize("damage", ["missing", "empty file", "empty database"])
def test_a_missing_or_empty_database_is_refused_not_recreated(tmp_path: Path, capsys, damage: str) -> None:
    centre = make_centre(tmp_path)
    db = centre.data.database
    for extra in (db, db.with_name("qms.db-wal"), db.with_name("qms.db-shm")):
        extra.unlink(missing_ok=True)
    if damage == "empty file":
        db.write_bytes(b"")
    elif damage == "empty database":
        sqlite3.connect(db).execute("PRAGMA user_version = 0").connection.close()
    with pytest.raises(DatabaseMissing):
        DataDir(tmp_path).open(SystemClock())
    code, err = run_qms(capsys, "device", "list", "--data", tmp_path)
    assert code == 1 and "qms init" in err and "Traceback" not in err
    assert not db.exists() or db.stat().st_size == 0 or not DataDir(tmp_path).has_database()


def test_qms_init_still_creates_the_database(tmp_path: Path, capsys) -> None:
    code, _ = run_qms(capsys, "init", "--data", tmp_path)
    assert code == 0 and DataDir(tmp_path).has_database()


def test_a_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path, capsys) -> None:
    centre = make_centre(tmp_path)
    conn = sqlite3.connect(centre.data.database)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('qms', 'm099_future',"
                 " '2030-01-01')")
    conn.commit()
    before = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0], conn.execute(
        "SELECT group_concat(name) FROM _sqlite_migrations").fetchone()[0]
    conn.close()
    with pytest.raises(DatabaseTooNew) as refused:
        DataDir(tmp_path).open(SystemClock())
    assert "m099_future" in refused.value.message("en")
    code, err = run_qms(capsys, "server", "--data", tmp_path, "--port", "1")
    assert code == 1 and "newer version" in err.replace("phiên bản QMS mới hơn", "newer version")
    conn = sqlite3.connect(centre.data.database)
    assert (conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
            conn.execute("SELECT group_concat(name) FROM _sqlite_migrations").fetchone()[0]) == before


@pytest.mark.parametrize("damage", ["garbage", "a folder", "no write access"])
def test_a_damaged_database_gets_a_message_not_a_traceback(tmp_path: Path, capsys, damage: str) -> None:
    centre = make_centre(tmp_path)
    db = centre.data.database
    for extra in (db.with_name("qms.db-wal"), db.with_name("qms.db-shm")):
        extra.unlink(missing_ok=True)
    if damage == "garbage":
        db.write_bytes(b"this is not a database, it was overwritten " * 200)
    elif damage == "a folder":
        db.unlink()
        db.mkdir()
    else:
        # Tests run as root, whom file modes do not stop; a folder where the log must go stops SQLite the
        # same way a read-only data folder does ("unable to open database file").
        db.with_name("qms.db-wal").mkdir()
    with pytest.raises((DatabaseUnusable, DatabaseMissing)):
        DataDir(tmp_path).open(SystemClock())
    code, err = run_qms(capsys, "server", "--data", tmp_path, "--port", "1")
    assert code == 1 and "Traceback" not in err and str(tmp_path) in err


def test_a_deeply_nested_configuration_gets_a_message(tmp_path: Path, capsys) -> None:
    make_centre(tmp_path)
    config = tmp_path / "centre.toml"
    config.write_text(config.read_text("utf-8") + "\n[deep]\nx = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    code, err = run_qms(capsys, "server", "--data", tmp_path, "--port", "1")
    assert code == 1 and "centre.toml" in err and "Traceback" not in err
