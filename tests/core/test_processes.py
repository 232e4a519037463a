"""Several processes on one database file, and a process killed mid-burst (power cut at the kiosk)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.clock import SystemClock
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.storage import connect
from tests.core.small_centre import make_centre
from tests.core.workers import ALL_DAY

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def worker(*args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.core.workers", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


@pytest.fixture
def shared_db(db_path: Path) -> Path:
    centre = make_centre(hours=ALL_DAY)
    db = connect(db_path)
    install_centre(db, centre, SystemClock())
    engine = QueueEngine(db, centre, SystemClock())
    engine.login(1, "an")
    engine.login(2, "binh")
    db.close()
    return db_path


def test_issuers_and_callers_in_parallel(shared_db: Path, tmp_path: Path) -> None:
    stop = tmp_path / "issuers-done"
    issuers = [worker("issue", shared_db, 150, "DD") for _ in range(2)]
    issuers += [worker("issue", shared_db, 150, "CT") for _ in range(1)]
    # The callers serve until told the issuers are done and nobody waits (not until idle for a while: on
    # a loaded machine an issuer can be held up longer than any patience).
    callers = [worker("serve", shared_db, counter, stop) for counter in (1, 2)]
    acked = [line.split() for p in issuers for line in p.communicate(timeout=120)[0].splitlines()]
    stop.touch()
    served = [int(x) for p in callers for x in p.communicate(timeout=120)[0].split()]
    assert all(p.returncode == 0 for p in issuers + callers)

    db = connect(shared_db)
    rows = db.conn.execute("SELECT field_code, label FROM tickets WHERE transferred_from IS NULL").fetchall()
    assert len(acked) == 450 and sorted(map(tuple, acked)) == sorted(rows)
    assert len(set(rows)) == len(rows)  # no number issued twice
    dd = sorted(int(label) for code, label in rows if code == "DD")
    assert dd == list(range(1001, 1301))  # a gap-free series
    assert len(served) == len(set(served)) == 300  # every DD ticket served once, by one counter
    calls = db.conn.execute("SELECT ticket_id, COUNT(*) FROM events WHERE kind = 'called' GROUP BY 1").fetchall()
    assert all(n == 1 for _, n in calls) and len(calls) == 300
    seqs = [r[0] for r in db.conn.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))  # the event log has no gap or repeat


def test_killed_mid_burst_loses_no_acknowledged_ticket(shared_db: Path) -> None:
    acknowledged: list[str] = []
    for _ in range(3):
        p = worker("issue", shared_db, 100_000, "DD")
        assert p.stdout is not None
        for _ in range(150 + len(acknowledged) % 37):
            acknowledged.append(p.stdout.readline().split()[1])
        os.kill(p.pid, signal.SIGKILL)  # in the middle of the burst, maybe inside a commit
        p.wait(timeout=30)
        p.stdout.close()

    db = connect(shared_db)
    labels = [r[0] for r in db.conn.execute("SELECT label FROM tickets WHERE field_code = 'DD' ORDER BY seq")]
    assert set(acknowledged) <= set(labels)
    assert len(labels) == len(set(labels))
    assert labels == [str(n) for n in range(1001, 1001 + len(labels))]
    engine = QueueEngine(db, make_centre(hours=ALL_DAY), SystemClock())
    assert engine.issue("DD").label == str(1001 + len(labels))  # the series continues after the highest
