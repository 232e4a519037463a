"""One writer, many readers.

Every mutation runs on a single dedicated thread that owns the writing connection, so changes reach the
database one at a time, in the order they arrived, and the event loop never waits on an fsync. The
awaiting request resumes only after the engine's COMMIT has returned, i.e. once the change is durable.

Reads run on worker threads, each with its own WAL connection and :class:`~core.board.QueueBoard`; WAL
lets them read beside the writer without blocking it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import anyio.to_thread
from sqlite_utils import Database

from core.board import QueueBoard
from core.clock import Clock
from core.config import Centre
from core.engine import QueueEngine
from core.storage import connect

T = TypeVar("T")


class Writer:
    """Runs mutations on the one writer thread, in arrival order."""

    def __init__(self, engine: QueueEngine) -> None:
        self.engine = engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qms-writer")

    @property
    def db(self) -> Database:
        """The writing connection (use only inside :meth:`run`)."""
        return self.engine.db

    async def run(self, func: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run ``func(*args, **kwargs)`` on the writer thread and return its result once committed."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: func(*args, **kwargs))

    def close(self) -> None:
        """Finish queued writes, then stop the thread and close the connection."""
        self._executor.shutdown(wait=True)
        self.engine.db.conn.close()


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
