"""The yardstick for the server's cost per request: the FastAPI app anyone would write first, on the same
SQLite settings as QMS (WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE``), with nothing else: no keys, no
limits, no log, no events, no estimate. ``bench/bench_cost.py`` runs it beside ``qms server``.

    python bench/naive_app.py DATABASE PORT
"""

import sqlite3
import sys
import threading
from datetime import datetime

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
local = threading.local()


def db() -> sqlite3.Connection:
    if not hasattr(local, "conn"):
        local.conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=15)
        local.conn.execute("PRAGMA journal_mode = WAL")
        local.conn.execute("PRAGMA synchronous = FULL")
        local.conn.execute("CREATE TABLE IF NOT EXISTS series (day, field, last, PRIMARY KEY (day, field))")
        local.conn.execute("CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, day, field, seq, issued_at)")
    return local.conn


class IssueIn(BaseModel):
    field: str


@app.post("/api/v1/tickets", status_code=201)
def issue(body: IssueIn) -> dict:
    conn, now = db(), datetime.now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        seq = conn.execute("INSERT INTO series VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET last = last + 1"
                           " RETURNING last", (now.date().isoformat(), body.field)).fetchone()[0]
        cur = conn.execute("INSERT INTO tickets (day, field, seq, issued_at) VALUES (?, ?, ?, ?)",
                           (now.date().isoformat(), body.field, seq, now.isoformat()))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return {"ticket": {"id": cur.lastrowid, "field": body.field, "seq": seq, "label": f"{seq:04d}",
                       "issued_at": now.isoformat()}}


@app.get("/api/v1/health")
def health() -> dict:
    return {"status": "ok", "tickets": db().execute("SELECT MAX(id) FROM tickets").fetchone()[0]}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), access_log=False, log_level="warning")
