"""QueueState: the live queue kept current by the rows the stream's events carry."""

from client.state import QueueState
from tests.fakes.recorded import counter_row, event, field_row, snapshot


def loaded(**changes) -> QueueState:
    state = QueueState()
    state.apply_snapshot(snapshot(**changes))
    return state


def test_a_snapshot_is_taken_as_it_is():
    state = loaded()
    assert state.snapshot() == snapshot()
    assert (state.seq, state.waiting()) == (10, {"DD": 3, "HT": 1})


def test_an_issue_replaces_its_field_row_with_the_servers_count_and_estimate():
    state = loaded()
    rows = {"fields": [field_row("HT", waiting=2, estimated_minutes=9)]}
    assert state.apply_event(event(11, "issued", 20, "HT", "2002", rows=rows)) == {"fields"}
    assert state.waiting() == {"DD": 3, "HT": 2} and state.fields["HT"]["estimated_minutes"] == 9
    assert list(state.fields) == ["DD", "HT"]  # rows keep their places


def test_a_call_replaces_field_and_counter_rows_and_heads_recent_calls():
    state = loaded()
    ticket = {"id": 5, "label": "1003", "state": "called", "field": "DD", "priority": None}
    rows = {"fields": [field_row("DD", waiting=2)], "counters": [counter_row(2, ticket=ticket)]}
    changed = state.apply_event(event(11, "called", 5, "DD", "1003", counter=2, username="hung", rows=rows))
    assert changed == {"fields", "counters", "recent_calls"}
    assert state.waiting()["DD"] == 2 and state.counters[2]["ticket"] == ticket
    assert state.recent_calls[0]["label"] == "1003" and state.recent_calls[0]["counter"] == 2


def test_an_event_without_rows_changes_no_row():
    # a replayed event, or one of several committed together (the last of them carries the rows)
    state = loaded()
    assert state.apply_event(event(11, "issued", 20, "HT", "2002")) == set()
    assert state.apply_event(event(12, "finished", 7, "DD", "1002", counter=1)) == set()
    assert state.snapshot() == snapshot(seq=12)


def test_a_priority_call_says_so_in_recent_calls():
    state = loaded()
    state.apply_event(event(11, "called", 5, "DD", "1003", counter=2, priority="elderly"))
    assert state.recent_calls[0]["priority"] == "elderly"


def test_recalls_head_recent_calls_too():
    state = loaded()
    state.apply_event(event(11, "called", 5, "DD", "1003", counter=2))
    state.apply_event(event(12, "recalled", 5, "DD", "1003", counter=2))
    assert [c["kind"] for c in state.recent_calls[:2]] == ["recalled", "called"]


def test_an_officer_logging_in_shows_with_the_name_the_server_sent():
    state = loaded()
    rows = {"counters": [counter_row(3, status="open", officer="mai", officer_name="Phạm Thị Mai")]}
    assert state.apply_event(event(11, "login", counter=3, username="mai", rows=rows)) == {"counters"}
    assert state.counters[3]["officer_name"] == "Phạm Thị Mai"


def test_a_field_closing_takes_its_state_from_the_row():
    state = loaded()
    closed = {"state": "closed", "opens_at": "2026-11-30T13:00+07:00"}
    rows = {"fields": [field_row("DD", **closed)]}
    assert state.apply_event(event(11, "field_state", None, "DD", rows=rows, **closed)) == {"fields"}
    assert {k: state.fields["DD"][k] for k in ("state", "opens_at")} == closed


def test_events_already_seen_change_nothing():
    state = loaded()
    rows = {"fields": [field_row("HT", waiting=7)]}
    assert state.apply_event(event(10, "issued", 20, "HT", "2002", rows=rows)) == set()
    assert state.waiting()["HT"] == 1


def test_recent_calls_keep_the_ten_newest():
    state = loaded()
    for i in range(15):
        state.apply_event(event(11 + i, "recalled", 7, "DD", "1002", counter=1))
    assert len(state.recent_calls) == 10 and state.recent_calls[0]["seq"] == 25


def test_a_new_service_day_empties_recent_calls_and_takes_the_new_rows():
    state = loaded()
    rows = {"fields": [field_row("DD", waiting=0), field_row("HT", waiting=1)]}
    changed = state.apply_event(event(11, "issued", 40, "HT", "2001", day="2025-03-04", rows=rows))
    assert changed == {"fields", "recent_calls"}
    assert state.waiting() == {"DD": 0, "HT": 1} and state.recent_calls == []
    assert state.service_day == "2025-03-04"


def test_a_ticket_expired_overnight_does_not_take_the_day_back():
    state = loaded()
    state.apply_event(event(11, "logout", counter=1, day="2025-03-04"))
    state.apply_event(event(12, "expired", 7, "DD", "1002", day="2025-03-03"))
    assert state.service_day == "2025-03-04"


def test_a_snapshot_replaces_the_state_and_older_events_are_ignored():
    state = loaded()
    state.apply_event(event(11, "called", 5, "DD", "1003", counter=2))
    newer = snapshot(seq=15)
    newer["fields"][1]["waiting"] = 6
    state.apply_snapshot(newer)
    assert state.snapshot() == newer
    assert state.apply_event(event(12, "issued", 20, "HT", "2002", rows={"fields": [field_row("HT")]})) == set()
    assert state.waiting()["HT"] == 6


def test_unknown_kinds_move_the_sequence_only():
    state = loaded()
    assert state.apply_event(event(11, "print_result", 20, "HT", "2002", ok=True)) == set()
    assert state.seq == 11
