"""One server per data folder.

Two servers on one folder keep the database consistent (SQLite locks every write) but not the rest: each
has its own WebSocket clients and officer tokens, so a display on one misses the other's events and a
replaced officer's token keeps acting. ``qms server`` therefore takes an exclusive lock on
``server.lock`` in the data folder before it opens the database, and holds it until the process ends. The
operating system releases the lock when the process dies, however it dies, so a crash or power cut never
leaves a stale lock behind; the process id written in the file only helps a person find the other server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.errors import DatabaseUnusable, DataFolderInUse

LOCK_FILE = "server.lock"


class FolderLock:
    """An exclusive, non-blocking lock on a data folder, held while this object is open."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> FolderLock:
        """Take the lock or raise :class:`DataFolderInUse` (naming the holder's process id)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseUnusable(path=str(self.path), reason=exc.strerror or str(exc)) from None
        try:
            _lock(fd)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            raise DataFolderInUse(path=str(self.root), pid=holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return self

    def release(self) -> None:
        """Let another server have the folder (closing the file drops the lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _holder(fd: int) -> str:
    """The process id the holder wrote, if it can be read."""
    try:
        return os.read(fd, 32).decode("ascii", "replace").strip() or "?"
    except OSError:  # Windows refuses to read a locked region
        return "?"


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
