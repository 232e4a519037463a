"""The Qt list models follow the queue state: rows, roles, change notifications."""

from __future__ import annotations

from PySide6.QtCore import Qt

from client.models import LiveQueue, RowRole
from tests.fakes.recorded import event, field_row, snapshot


def test_models_show_the_snapshot(qtbot):
    live = LiveQueue()
    live.apply_snapshot(snapshot())
    assert live.fields.rowCount() == 2 and live.counters.rowCount() == 3 and live.recent_calls.rowCount() == 1
    first = live.fields.index(0)
    assert live.fields.data(first, Qt.ItemDataRole.DisplayRole) == "Đất đai"
    assert live.fields.data(first, live.fields.role("waiting")) == 3
    assert live.counters.data(live.counters.index(0), RowRole)["officer_name"] == "Nguyễn Thị Lan"


def test_an_event_changes_only_the_rows_it_touches(qtbot):
    live = LiveQueue()
    live.apply_snapshot(snapshot())
    changed = []
    live.fields.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    with qtbot.waitSignal(live.updated) as updated:
        live.apply_event(event(11, "issued", 20, "HT", "2002", rows={"fields": [field_row("HT", waiting=2)]}))
    assert updated.args == [{"fields"}] and changed == [(1, 1)]
    assert live.fields.rows()[1]["waiting"] == 2


def test_a_new_call_resets_the_recent_calls_list(qtbot):
    live = LiveQueue()
    live.apply_snapshot(snapshot())
    with qtbot.waitSignal(live.recent_calls.modelReset):
        live.apply_event(event(11, "called", 5, "DD", "1003", counter=2))
    assert [r["label"] for r in live.recent_calls.rows()] == ["1003", "1002"]


def test_role_names_are_the_json_keys(qtbot):
    names = {bytes(v).decode() for v in LiveQueue().counters.roleNames().values()}
    assert {"number", "status", "officer_name", "ticket", "display", "row"} <= names
