"""Qt models of the live queue for the apps' views: waiting per field, counters, recent calls.

``LiveQueue`` owns a ``QueueState`` and three list models that follow it. Feed it snapshots and events
(``ServerSession`` does) and bind the models to views, or read ``rows()`` in widget code. Each model's
roles are the keys of the server's JSON rows (``waiting``, ``officer_name``, ``label``...); ``RowRole``
gives the whole row as a dict.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from client.state import COUNTERS, FIELDS, RECENT, QueueState

RowRole = Qt.ItemDataRole.UserRole  # the whole row as a dict
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractListModel):
    """A read-only list of JSON rows; role ``UserRole + 1 + i`` is ``keys[i]``, display is ``display_key``."""

    def __init__(self, keys: tuple[str, ...], display_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys = keys
        self.display_key = display_key
        self._rows: list[dict[str, Any]] = []
        self._roles = {int(RowRole) + 1 + i: key for i, key in enumerate(keys)}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(self.display_key)
            return None if value is None else str(value)
        if role == RowRole:
            return dict(row)
        key = self._roles.get(role)
        return row.get(key) if key else None

    def roleNames(self) -> dict[int, QByteArray]:
        names = {int(role): QByteArray(key.encode()) for role, key in self._roles.items()}
        names[int(Qt.ItemDataRole.DisplayRole)] = QByteArray(b"display")
        names[int(RowRole)] = QByteArray(b"row")
        return names

    def role(self, key: str) -> int:
        """The role number of the row key *key* (for ``data()`` and delegates)."""
        for role, name in self._roles.items():
            if name == key:
                return role
        raise KeyError(key)

    def rows(self) -> list[dict[str, Any]]:
        """The rows as the server's JSON objects (copies)."""
        return [dict(r) for r in self._rows]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show *rows*: changed rows are announced one by one when the count stays, else the model resets
        (lists here are short: a dozen fields, at most seventy counters, ten calls)."""
        rows = [dict(r) for r in rows]
        if len(rows) != len(self._rows):
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        old, self._rows = self._rows, rows
        for i, (before, after) in enumerate(zip(old, rows, strict=True)):
            if before != after:
                index = self.index(i)
                self.dataChanged.emit(index, index)


class FieldsModel(RowsModel):
    """Fields with ``code``, ``name_vi``, ``name_en``, ``waiting``, ``estimated_minutes``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(("code", "name_vi", "name_en", "waiting", "estimated_minutes"), "name_vi", parent)


class CountersModel(RowsModel):
    """Counters with ``number``, ``name``, ``status`` (closed/open/paused), ``pause_reason``, ``officer_name``,
    ``ticket`` (with its ``priority``)..."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(("number", "name", "location", "fields", "priority_only", "status", "officer",
                          "officer_name", "pause_reason", "ticket"), "name", parent)


class RecentCallsModel(RowsModel):
    """The latest calls and recalls, newest first: ``label``, ``counter``, ``field``, ``kind``, ``at``..."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(("seq", "at", "kind", "label", "field", "counter", "ticket_id", "priority"), "label", parent)


class LiveQueue(QObject):
    """The queue state and its three models, updated together.

    ``updated(parts)`` is emitted after each change with the set of parts that changed
    (``"fields"``, ``"counters"``, ``"recent_calls"``).
    """

    updated = Signal(object)

    def __init__(self, state: QueueState | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state or QueueState()
        self.fields = FieldsModel(self)
        self.counters = CountersModel(self)
        self.recent_calls = RecentCallsModel(self)

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Take a snapshot from ``GET /snapshot`` or a stream ``reload``."""
        self.state.apply_snapshot(snapshot)
        self._publish({FIELDS, COUNTERS, RECENT})

    def apply_event(self, event: dict[str, Any]) -> set[str]:
        """Apply one stream event; returns the parts that changed."""
        changed = self.state.apply_event(event)
        if changed:
            self._publish(changed)
        return changed

    def _publish(self, parts: set[str]) -> None:
        # Only the parts that changed are copied: a wall display takes an event every few seconds all day,
        # and copying the whole state for each cost more than drawing it.
        state = self.state
        if FIELDS in parts:
            self.fields.set_rows(list(state.fields.values()))
        if COUNTERS in parts:
            self.counters.set_rows([copy.deepcopy(c) for c in state.counters.values()])
        if RECENT in parts:
            self.recent_calls.set_rows(state.recent_calls)
        self.updated.emit(parts)
