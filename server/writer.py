"""One writer, many readers.

Every mutation runs on a single dedicated thread that owns the writing connection, so changes reach the
database one at a time, in the order they arrived, and the event loop never waits on an fsync. The
awaiting request resumes only after the COMMIT that includes its change has returned, i.e. once the change
is durable.

Reads run on worker threads, each with its own WAL connection and :class:`~core.board.QueueBoard`; WAL
lets them read beside the writer without blocking it.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from sqlite_utils import Database

from core.board import QueueBoard
from core.clock import Clock, iso
from core.config import Centre
from core.engine import QueueEngine
from core.event import Event
from core.storage import connect
from server.live import LiveRows

T = TypeVar("T")
Rows = dict[str, list[dict[str, Any]]]
# Called on the event loop after each commit with its events (in order) and the rows they changed, just
# before the group's callers are answered.
Publish = Callable[[list[Event], Rows], None]
log = logging.getLogger(__name__)


class Writer:
    """Runs mutations on the one writer thread, in arrival order, committing them in groups.

    Requests that arrive while the disk is flushing the previous group are committed together: one
    transaction, one fsync, each change in its own savepoint (``QueueEngine.batch``). A change that
    fails is undone alone and its caller gets the error; the others are answered once the shared COMMIT
    has returned, so every answer still means "durable". With one kiosk the group is one change; with
    many busy clients the fsync is shared instead of queued (docs/performance.md).
    """

    MAX_GROUP = 64

    def __init__(self, engine: QueueEngine, publish: Publish | None = None,
                 listened: Callable[[], bool] = lambda: True) -> None:
        self.engine = engine
        # Reads that belong with a change (the people ahead of a ticket just issued) are made on the
        # writer's own connection in the same job: no second thread hop, and they see the change.
        self.board = QueueBoard(engine.db, engine.centre, engine.clock)
        self.publish = publish
        # Whether anyone receives the changed rows now: read on this thread, so only a hint (LiveRows.forget).
        self.listened = listened
        self.rows = LiveRows(self.board)
        self._committed: list[Event] = []
        engine.subscribe(self._committed.append)  # called after each commit, on this thread
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._failure: tuple[str, str] | None = None  # (kind of error, since when) while writes fail
        self._thread = threading.Thread(target=self._loop, name="qms-writer", daemon=True)
        self._thread.start()

    async def run(self, func: Callable[[QueueEngine], T]) -> T:
        """Run ``func(engine)`` on the writer thread with the writing engine and return its result once
        committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put(_Job(lambda: func(self.engine), loop, future))
        return await future

    def _loop(self) -> None:
        stopping = False
        while not stopping:
            job = self._jobs.get()
            if job is None:
                break
            group = [job]
            while len(group) < self.MAX_GROUP:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                group.append(more)
            self._commit(group)

    def _commit(self, group: list[_Job]) -> None:
        outcomes: list[tuple[bool, object]] = []
        if len(group) == 1:
            # A group of one is its own transaction: the change's own BEGIN IMMEDIATE … COMMIT, without
            # the savepoint a group needs to undo one change alone (two statements and two layers less
            # on every change made while nothing else is queued: one kiosk, one counter).
            try:
                outcomes.append((True, group[0].call()))
            except Exception as exc:  # rolled back, or its COMMIT failed: nothing of it is durable
                outcomes.append((False, exc))
        else:
            try:
                with self.engine.batch():
                    for job in group:
                        try:
                            outcomes.append((True, job.call()))
                        except Exception as exc:  # undone by its savepoint; the caller gets it
                            outcomes.append((False, exc))
            except Exception as exc:  # the COMMIT itself failed: nothing in the group is durable
                log.exception("group commit failed")
                outcomes = [(False, exc)] * len(group)
        self._note(outcomes)
        events, rows = self._announce()
        # One hand-off to the loop per group, not one per request: the events are published and every
        # caller answered in the same callback (a wake-up of the loop costs more than settling a future).
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future, bool, object]]] = {}
        for job, (ok, value) in zip(group, outcomes, strict=True):
            by_loop.setdefault(job.loop, []).append((job.future, ok, value))
        for loop, settle in by_loop.items():  # one loop, but for tests that run the writer from several
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._deliver, events, rows, settle)
                events, rows = [], {}  # published once, on the first loop

    def _deliver(self, events: list[Event], rows: Rows, settle: list[tuple[asyncio.Future, bool, object]]) -> None:
        """On the event loop: publish the group's events, then answer its callers."""
        if events and self.publish is not None:
            try:
                self.publish(events, rows)
            except Exception:  # the change stands; a broken listener must not keep its callers waiting
                log.exception("publishing committed events failed")
        for future, ok, value in settle:
            _settle(future, ok, value)

    def _announce(self) -> tuple[list[Event], Rows]:
        """The group's committed events, and the rows they changed (none while nobody listens)."""
        events, self._committed[:] = list(self._committed), []
        if not events or self.publish is None:
            return events, {}
        if not self.listened():
            self.rows.forget()
            return events, {}
        try:
            return events, self.rows.changed(events)
        except Exception:  # the events stand; clients fetch the rows with their next snapshot
            log.exception("reading the changed rows failed")
            return events, {}

    def _note(self, outcomes: list[tuple[bool, object]]) -> None:
        """Remember whether the database took this group: a storage error (full disk, I/O error, a
        read-only file) marks the writer failing until a change is written again."""
        storage = [v for ok, v in outcomes if not ok and isinstance(v, sqlite3.Error)]
        if storage:
            if self._failure is None:
                self._failure = (type(storage[0]).__name__, iso(self.engine.clock.now()))
        elif any(ok for ok, _ in outcomes):
            self._failure = None

    def health(self) -> dict[str, object]:
        """``{"ok", "error", "since"}``: whether changes are being written."""
        failure = self._failure
        return {"ok": failure is None, "error": failure[0] if failure else None,
                "since": failure[1] if failure else None}

    def close(self) -> None:
        """Finish queued writes, then stop the thread and close the connection."""
        self._jobs.put(None)
        self._thread.join()
        self.engine.db.conn.close()


@dataclass
class _Job:
    call: Callable[[], object]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future


def _settle(future: asyncio.Future, ok: bool, value: object) -> None:
    if future.cancelled():  # the client went away; the change stands, as it would have anyway
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)  # type: ignore[arg-type]


class Readers:
    """Read-only boards, one per worker thread, each on its own connection."""

    def __init__(self, path: Path, centre: Centre, clock: Clock) -> None:
        self.path = path
        self.centre = centre
        self.clock = clock
        self._local = threading.local()
        self._all: list[Database] = []
        self._lock = threading.Lock()

    def board(self) -> QueueBoard:
        """This thread's board (opened on first use)."""
        board = getattr(self._local, "board", None)
        if board is None:
            db = connect(self.path, migrate=False)
            with self._lock:
                self._all.append(db)
            board = self._local.board = QueueBoard(db, self.centre, self.clock)
        return board

    async def run(self, func: Callable[[QueueBoard], T]) -> T:
        """Run ``func(board)`` on a worker thread with that thread's board."""
        return await anyio.to_thread.run_sync(lambda: func(self.board()))

    def close(self) -> None:
        """Close every reading connection."""
        with self._lock:
            for db in self._all:
                db.conn.close()
            self._all.clear()
