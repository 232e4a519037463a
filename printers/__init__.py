"""Ticket printing: layout as a raster image, ESC/POS bytes, transports by URI, printer status, jobs.

python-escpos pickles its capability database into ``ESCPOS_CAPABILITIES_PICKLE_DIR`` when it is
imported, and without that variable into a fresh ``mkdtemp()`` directory on every import that is
never removed. Point it at a per-user cache directory of the project before anything imports escpos
(and import escpos through ``printers._escpos``, which also stops the empty temp directory).
"""

from __future__ import annotations

import getpass
import os
import tempfile
from pathlib import Path


def escpos_cache_dir() -> Path:
    """The per-user directory where escpos keeps its capability pickle (created if missing)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "qms" / "cache"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qms"
    path = base / "escpos"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A kiosk account with a read-only home: one fixed directory per user, not a new one per start.
        path = Path(tempfile.gettempdir()) / f"qms-escpos-{getpass.getuser()}"
        path.mkdir(exist_ok=True)
    return path


if not os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(escpos_cache_dir())
