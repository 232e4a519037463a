"""QueueState: the live queue kept current by recorded events."""

from client.state import QueueState
from tests.fakes.recorded import event, snapshot


def loaded(**changes) -> QueueState:
    state = QueueState()
    state.apply_snapshot(snapshot(**changes))
    return state


def test_a_snapshot_is_taken_as_it_is():
    state = loaded()
    assert state.snapshot() == snapshot()
    assert (state.seq, state.waiting(), state.stale) == (10, {"DD": 3, "HT": 1}, False)


def test_issued_adds_one_waiting_in_its_field():
    state = loaded()
    assert state.apply_event(event(11, "issued", 20, "HT", "2002")) == {"fields"}
    assert state.waiting() == {"DD": 3, "HT": 2}


def test_called_takes_one_from_waiting_puts_it_at_the_counter_and_heads_recent_calls():
    state = loaded()
    changed = state.apply_event(event(11, "called", 5, "DD", "1003", counter=2, username="hung"))
    assert changed == {"fields", "counters", "recent_calls"}
    assert state.waiting()["DD"] == 2
    assert state.counters[2]["ticket"] == {"id": 5, "label": "1003", "state": "called", "field": "DD",
                                         "priority": None}
    assert state.recent_calls[0]["label"] == "1003" and state.recent_calls[0]["counter"] == 2


def test_recall_started_finished_walk_a_ticket_through_the_counter():
    state = loaded()
    state.apply_event(event(11, "called", 5, "DD", "1003", counter=2))
    state.apply_event(event(12, "recalled", 5, "DD", "1003", counter=2))
    assert [c["kind"] for c in state.recent_calls[:2]] == ["recalled", "called"]
    state.apply_event(event(13, "started", 5, "DD", "1003", counter=2))
    assert state.counters[2]["ticket"]["state"] == "serving"
    state.apply_event(event(14, "finished", 5, "DD", "1003", counter=2))
    assert state.counters[2]["ticket"] is None
    assert state.waiting()["DD"] == 2 and not state.stale


def test_returned_puts_the_ticket_back_in_the_queue():
    state = loaded()
    state.apply_event(event(11, "called", 5, "DD", "1003", counter=2))
    state.apply_event(event(12, "returned", 5, "DD", "1003", counter=2))
    assert state.counters[2]["ticket"] is None and state.waiting()["DD"] == 3


def test_transfer_moves_the_citizen_to_the_new_fields_queue():
    state = loaded()
    state.apply_event(event(11, "transferred", 7, "DD", "1002", counter=1, to_ticket=30, to_field="HT"))
    state.apply_event(event(12, "transferred_in", 30, "HT", "1002", from_ticket=7, from_field="DD"))
    assert state.counters[1]["ticket"] is None
    assert state.waiting() == {"DD": 3, "HT": 2} and not state.stale


def test_held_then_resumed_then_cancelled_keeps_waiting_unchanged():
    state = loaded()
    state.apply_event(event(11, "held", 7, "DD", "1002", counter=1))
    assert state.counters[1]["ticket"] is None
    state.apply_event(event(12, "resumed", 7, "DD", "1002", counter=1))
    assert state.counters[1]["ticket"]["state"] == "serving"
    state.apply_event(event(13, "held", 7, "DD", "1002", counter=1))
    state.apply_event(event(14, "cancelled", 7, "DD", "1002"))
    assert state.waiting()["DD"] == 3 and not state.stale


def test_cancelling_a_ticket_issued_after_the_snapshot_takes_it_from_waiting():
    state = loaded()
    state.apply_event(event(11, "issued", 21, "DD", "1004"))
    state.apply_event(event(12, "cancelled", 21, "DD", "1004"))
    assert state.waiting()["DD"] == 3 and not state.stale


def test_cancelling_a_ticket_the_state_never_saw_is_a_guess_that_asks_for_a_snapshot():
    state = loaded()
    state.apply_event(event(11, "cancelled", 3, "DD", "1001"))
    assert state.waiting()["DD"] == 2 and state.stale


def test_counter_sessions_open_pause_and_close():
    state = loaded()
    state.apply_event(event(11, "login", counter=3, username="lan"))
    assert state.counters[3]["status"] == "open"
    assert state.counters[3]["officer_name"] == "Nguyễn Thị Lan"  # known from the snapshot
    state.apply_event(event(12, "paused", counter=3, username="lan", reason=None))
    assert state.counters[3]["status"] == "paused"
    state.apply_event(event(13, "unpaused", counter=3, username="lan"))
    state.apply_event(event(14, "logout", counter=3, username="lan"))
    assert (state.counters[3]["status"], state.counters[3]["officer"]) == ("closed", None)


def test_an_unknown_officer_asks_for_a_snapshot_to_learn_the_name():
    state = loaded()
    state.apply_event(event(11, "login", counter=3, username="mai"))
    assert state.counters[3]["officer"] == "mai" and state.stale


def test_events_already_seen_change_nothing():
    state = loaded()
    assert state.apply_event(event(10, "issued", 20, "HT", "2002")) == set()
    assert state.waiting()["HT"] == 1


def test_a_gap_marks_the_state_stale():
    state = loaded()
    state.apply_event(event(13, "issued", 20, "HT", "2002"))
    assert state.stale


def test_recent_calls_keep_the_ten_newest():
    state = loaded()
    for i in range(15):
        state.apply_event(event(11 + i, "recalled", 7, "DD", "1002", counter=1))
    assert len(state.recent_calls) == 10 and state.recent_calls[0]["seq"] == 25


def test_a_new_service_day_empties_the_queue_and_asks_for_a_snapshot():
    state = loaded()
    state.apply_event(event(11, "issued", 40, "HT", "2001", day="2025-03-04"))
    assert state.waiting() == {"DD": 0, "HT": 1} and state.recent_calls == [] and state.stale


def test_an_older_snapshot_lies_under_the_events_applied_since():
    state = loaded()
    state.apply_event(event(11, "issued", 20, "HT", "2002"))
    state.apply_event(event(12, "called", 5, "DD", "1003", counter=2))
    older = snapshot()
    older["fields"][0]["estimated_minutes"] = 40
    state.apply_snapshot(older)
    assert state.seq == 12 and state.waiting() == {"DD": 2, "HT": 2}
    assert state.fields["DD"]["estimated_minutes"] == 40 and not state.stale


def test_a_newer_snapshot_replaces_the_state_and_older_events_are_ignored():
    state = loaded()
    newer = snapshot(seq=15)
    newer["fields"][1]["waiting"] = 6
    state.apply_snapshot(newer)
    assert state.apply_event(event(12, "issued", 20, "HT", "2002")) == set()
    assert state.waiting()["HT"] == 6


def test_unknown_kinds_move_the_sequence_only():
    state = loaded()
    assert state.apply_event(event(11, "print_result", 20, "HT", "2002", ok=True)) == set()
    assert state.seq == 11


def test_field_state_closes_a_field_until_its_next_session():
    state = loaded()
    closed = {"state": "closed", "opens_at": "2026-11-30T13:00+07:00"}
    assert state.apply_event(event(11, "field_state", None, "DD", **closed)) == {"fields"}
    assert {k: state.fields["DD"][k] for k in ("state", "opens_at")} == closed
    assert not state.stale


def test_field_state_of_an_unknown_field_asks_for_a_snapshot():
    state = loaded()
    assert state.apply_event(event(11, "field_state", None, "ZZ", state="full")) == set()
    assert state.stale
