"""Emitting Qt signals from Python without wearing out ``True``.

In PySide6 6.12.0, ``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so every
emit from Python code loses one reference to ``True``; after a few thousand emits the interpreter aborts
with "bool_dealloc: deallocating True or False". ``emit()`` here gives the reference back when (and only
when) the running PySide6 has that fault, found once at import by a probe.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


def _emit_loses_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    lost = sys.getrefcount(True) < before
    if lost:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost


EMIT_LOSES_A_REFERENCE = _emit_loses_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, minus the lost reference of a faulty PySide6."""
    result = signal.emit(*args)
    if EMIT_LOSES_A_REFERENCE and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
