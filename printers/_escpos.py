"""python-escpos, imported so that it leaves no temporary directory behind.

escpos.capabilities runs ``environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR", mkdtemp())``: the default is
evaluated even when the variable is set, so every import makes an empty directory in /tmp that nobody
removes (hundreds on a kiosk that restarts daily). During that one import ``mkdtemp`` hands back the
project's cache directory instead. Import escpos through this module.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading

import printers

_lock = threading.Lock()


def _import_capabilities() -> None:
    if "escpos.capabilities" in sys.modules:
        return
    cache = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR") or str(printers.escpos_cache_dir())
    original = tempfile.mkdtemp
    with _lock:
        tempfile.mkdtemp = lambda *args, **kwargs: cache  # type: ignore[assignment]
        try:
            import escpos.capabilities  # noqa: F401
        finally:
            tempfile.mkdtemp = original


_import_capabilities()

from escpos.capabilities import get_profile  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

__all__ = ["Dummy", "get_profile"]
