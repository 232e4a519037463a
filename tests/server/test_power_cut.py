"""A power cut, not only a crash: SIGKILL keeps the operating system's page cache, so it proves crash
consistency only. Here the server runs with ``power_cut/lose_unsynced.c`` preloaded, which keeps, for each
file of the data folder, a copy as it was at its last fsync: the disk a power cut would leave. The server
is killed in the middle of a burst of four kiosks, started again on those copies alone, and every ticket
a kiosk got an answer for must be there with its number; no number is issued twice. A first test shows
that the layer really loses what was not flushed (the same writes with ``synchronous=OFF`` are gone).
docs/reliability.md describes the same procedure on a real disk (device-mapper) where that is possible.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from core.storage import connect as db_connect
from tests.fakes.centre import make_centre
from tests.fakes.http import bearer
from tests.fakes.server_process import ROOT, ServerProcess
from tests.fakes.waiting import wait_until

pytestmark = pytest.mark.slow

SHIM = Path(__file__).parent / "power_cut" / "lose_unsynced.c"

WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute(f"PRAGMA synchronous = {sys.argv[2]}")
for n in range(50):
    conn.execute("INSERT INTO t VALUES (?)", (n,))
print("committed", flush=True)
sys.stdin.read()
"""


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.fail("the power-cut test needs a C compiler (cc) to build power_cut/lose_unsynced.c")
    out = tmp_path_factory.mktemp("shim") / "lose_unsynced.so"
    subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", str(out), str(SHIM), "-ldl", "-lpthread"], check=True)
    return out


def cut_power_env(shim: Path, watched: Path, durable: Path) -> dict[str, str]:
    return {"LD_PRELOAD": str(shim), "QMS_POWERCUT_DIR": str(watched.resolve()),
            "QMS_POWERCUT_DURABLE": str(durable.resolve())}


def rows_after_power_cut(shim: Path, tmp_path: Path, synchronous: str) -> int:
    watched, durable = tmp_path / f"live-{synchronous}", tmp_path / f"disk-{synchronous}"
    watched.mkdir()
    durable.mkdir()
    # The database exists and is flushed before the power-cut layer starts watching (as in the server test).
    conn = sqlite3.connect(watched / "t.db")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (n INTEGER)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(watched / "t.db", durable / "t.db")
    with subprocess.Popen([sys.executable, "-c", WRITER, str(watched / "t.db"), synchronous],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env=cut_power_env(shim, watched, durable)) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "committed"
        proc.kill()
    conn = sqlite3.connect(durable / "t.db")
    try:
        return conn.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    except sqlite3.OperationalError:  # the table itself was never flushed
        return 0
    finally:
        conn.close()


def test_the_power_cut_layer_loses_what_was_not_flushed(shim: Path, tmp_path: Path) -> None:
    assert rows_after_power_cut(shim, tmp_path, "FULL") == 50
    assert rows_after_power_cut(shim, tmp_path, "OFF") == 0


def test_every_answered_ticket_survives_a_power_cut_during_a_burst(shim: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    centre = make_centre(tmp_path / "live", "issue_interval_seconds = 0\n", kiosks=2)
    durable = tmp_path / "disk"
    durable.mkdir()
    # Start from a flushed state: everything make_centre wrote is on the "disk".
    db = sqlite3.connect(centre.data.database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.copy(centre.data.database, durable / "qms.db")
    for name, value in cut_power_env(shim, centre.data.root, durable).items():
        monkeypatch.setenv(name, value)
    server = ServerProcess(centre.data, tmp_path / "server.log")
    server.start()
    for name in ("LD_PRELOAD", "QMS_POWERCUT_DIR", "QMS_POWERCUT_DURABLE"):
        monkeypatch.delenv(name)

    keys = [centre.kiosk, centre.kiosk2, *centre.extra_kiosks]
    outs = [tmp_path / f"kiosk{i}.txt" for i in range(len(keys))]
    procs = [subprocess.Popen([sys.executable, str(ROOT / "tests/server/burst_client.py"), server.url, key,
                               str(out)], cwd=ROOT) for key, out in zip(keys, outs, strict=True)]
    try:
        def answered() -> int:
            return sum(len(o.read_text().splitlines()) for o in outs if o.exists())
        wait_until(lambda: answered() >= 300, timeout=90, what="the burst")
        server.kill()  # the power cut: only the flushed copies remain
        for p in procs:
            assert p.wait(timeout=30) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()

    after = tmp_path / "after"
    after.mkdir()
    shutil.copy(centre.data.config, after / "centre.toml")
    for copy in durable.iterdir():
        if not copy.name.startswith("."):
            shutil.copy(copy, after / copy.name)
    restarted = ServerProcess(type(centre.data)(after), tmp_path / "after.log")
    restarted.start()
    try:
        received = [line.split() for o in outs for line in o.read_text().splitlines()]
        db_after = db_connect(after / "qms.db", migrate=False)
        rows = {r[0]: (r[1], r[2]) for r in db_after.conn.execute("SELECT id, field_code, label FROM tickets")}
        missing = [(tid, field, label) for tid, field, label in received if rows.get(int(tid)) != (field, label)]
        assert missing == [], f"{len(missing)} of {len(received)} answered tickets lost"
        numbers = db_after.conn.execute("SELECT service_day, field_code, seq FROM tickets").fetchall()
        assert len(numbers) == len(set(numbers))
        seqs = [r[0] for r in db_after.conn.execute("SELECT seq FROM events ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1))
        with httpx.Client(base_url=restarted.url, headers=bearer(centre.kiosk), timeout=10) as c:
            r = c.post("/api/v1/tickets", json={"field": "DD"})
        assert r.status_code == 201
        top = db_after.conn.execute("SELECT MAX(seq) FROM tickets WHERE field_code = 'DD'"
                                    " AND service_day = ?", (r.json()["ticket"]["service_day"],)).fetchone()[0]
        assert r.json()["ticket"]["seq"] == top
        print(f"power cut: {len(received)} answered, {len(rows)} tickets on the flushed copy, all answered kept")
    finally:
        restarted.kill()
