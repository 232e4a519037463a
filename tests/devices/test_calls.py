"""What the signs and the hall board show, from the snapshot and the events."""

from __future__ import annotations

from devices.calls import CallBoard


def event(seq, kind, counter=None, ticket_id=None, label=None, username=None):
    return {"seq": seq, "kind": kind, "counter": counter, "ticket_id": ticket_id, "label": label,
            "username": username}


def test_a_call_shows_on_its_counter_sign_and_on_top_of_the_board():
    board = CallBoard([1, 2, 3])
    assert board.apply(event(1, "called", 3, 10, "1005"))
    assert board.apply(event(2, "called", 1, 11, "2001"))
    assert board.sign_text(3) == "1005" and board.sign_text(1) == "2001" and board.sign_text(2) == ""
    assert board.board_rows(3, 16) == ["2001           1", "1005           3", ""]


def test_a_served_number_stays_on_the_sign_until_the_next_call():
    board = CallBoard([3])
    board.apply(event(1, "called", 3, 10, "1005"))
    board.apply(event(2, "started", 3, 10, "1005"))
    assert board.counters[3].state == "serving"
    board.apply(event(3, "finished", 3, 10, "1005"))
    assert board.sign_text(3) == "1005" and board.counters[3].ticket_id is None


def test_logout_blanks_the_sign():
    board = CallBoard([3])
    board.apply(event(1, "login", 3, username="nguyenvanan"))
    board.apply(event(2, "called", 3, 10, "1005"))
    assert board.apply(event(3, "logout", 3, username="nguyenvanan"))
    assert board.sign_text(3) == "" and board.counters[3].officer is None


def test_a_recall_moves_the_number_back_to_the_top():
    board = CallBoard([1, 2])
    board.apply(event(1, "called", 1, 10, "1005"))
    board.apply(event(2, "called", 2, 11, "1006"))
    board.apply(event(3, "recalled", 1, 10, "1005"))
    assert [r.strip() for r in board.board_rows(3, 10)] == ["1005     1", "1006     2", "1005     1"]


def test_the_board_keeps_only_its_rows():
    board = CallBoard([1], rows=2)
    for i in range(5):
        board.apply(event(i + 1, "called", 1, i, str(1001 + i)))
    assert [c.label for c in board.calls] == ["1005", "1004"]


def test_a_long_number_is_cut_to_leave_the_counter_visible():
    board = CallBoard([12])
    board.apply(event(1, "called", 12, 1, "ABCDEFGHIJ"))
    assert board.board_rows(1, 8) == ["ABCDE 12"]


def test_pause_and_unpause_are_followed():
    board = CallBoard([2])
    board.apply(event(1, "paused", 2))
    assert board.counters[2].paused
    board.apply(event(2, "unpaused", 2))
    assert not board.counters[2].paused


def test_events_of_other_tickets_leave_the_counter_alone():
    board = CallBoard([2])
    board.apply(event(1, "called", 2, 10, "1005"))
    board.apply(event(2, "finished", 2, 99, "1001"))
    assert board.counters[2].ticket_id == 10


def test_a_snapshot_restores_signs_tickets_and_the_board():
    board = CallBoard([1, 2, 3])
    board.apply(event(1, "called", 2, 5, "9999"))
    board.load({"seq": 40, "counters": [
        {"number": 1, "status": "open", "officer": "a", "ticket": {"id": 7, "label": "1007", "state": "serving"}},
        {"number": 2, "status": "paused", "officer": "b", "ticket": None},
        {"number": 3, "status": "closed", "officer": None, "ticket": None}],
        "recent_calls": [{"label": "1007", "counter": 1}, {"label": "2003", "counter": 2},
                         {"label": "1002", "counter": 3}]})
    assert board.seq == 40
    assert (board.sign_text(1), board.sign_text(2), board.sign_text(3)) == ("1007", "2003", "")
    assert board.counters[1].state == "serving" and board.counters[2].paused
    assert [c.label for c in board.calls] == ["1007", "2003", "1002"]


def test_answers_to_the_bridge_steps_are_known_before_their_events():
    board = CallBoard([4])
    board.answered(4, "call-next", {"id": 3, "label": "1003", "state": "called", "counter": 4})
    assert board.counters[4].state == "called" and board.counters[4].ticket_id == 3
    board.answered(4, "start", {"id": 3, "label": "1003", "state": "serving", "counter": 4})
    assert board.counters[4].state == "serving"
    board.answered(4, "finish", {"id": 3, "label": "1003", "state": "done", "counter": 4})
    assert board.counters[4].ticket_id is None
    board.answered(4, "pause", None)
    assert board.counters[4].paused
