"""The announcement queue, driven by a fake player and a fake clock."""

from datetime import timedelta

import pytest

from client.voice.announce import Announcement, Announcer, Call
from client.voice.clips import ClipError
from client.voice.queue import AnnouncementQueue
from client.voice.settings import VoiceSettings
from tests.fakes.player import FakeClock, FakePlayer


def quick_build(call: Call) -> Announcement:
    return Announcement(call, (), f"{call.ticket}->{call.counter}", b"\0\0", 22050, 1)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def player():
    return FakePlayer()


def make_queue(player, clock, build=quick_build, dropped=None, **settings):
    on_dropped = (lambda call, reason: dropped.append((call.ticket, reason))) if dropped is not None else None
    return AnnouncementQueue(player, clock, build, VoiceSettings(**settings), on_dropped=on_dropped)


def test_calls_spoken_in_order_one_at_a_time(player, clock):
    queue = make_queue(player, clock)
    for ticket in ("1001", "1002", "1003"):
        queue.announce(Call(ticket, "1"))
    assert player.tickets == ["1001"]  # the others wait: nothing overlaps
    player.finish()
    assert player.tickets == ["1001", "1002"]
    player.finish_all()
    assert player.tickets == ["1001", "1002", "1003"]
    assert player.max_overlap == 1
    assert queue.playing is None and queue.pending == ()


def test_new_call_never_cuts_the_playing_one(player, clock):
    queue = make_queue(player, clock)
    queue.announce(Call("1001", "1"))
    queue.announce(Call("1002", "2"))
    assert [a.call.ticket for a, _ in player.active] == ["1001"]
    assert queue.playing.ticket == "1001"


def test_recall_of_waiting_ticket_not_spoken_twice(player, clock):
    dropped = []
    queue = make_queue(player, clock, dropped=dropped)
    queue.announce(Call("1001", "1"))
    queue.announce(Call("1002", "2"))
    assert queue.announce(Call("1002", "2")) is False
    assert queue.announce(Call("1002", "2")) is False
    player.finish_all()
    assert player.tickets == ["1001", "1002"]
    assert dropped == [("1002", "recall"), ("1002", "recall")]


def test_recall_matches_ticket_spelt_differently(player, clock):
    queue = make_queue(player, clock)
    queue.announce(Call("A001", "1"))
    queue.announce(Call("A005", "1"))
    assert queue.announce(Call("a-005", "1")) is False


def test_recall_to_another_counter_keeps_place_and_takes_new_counter(player, clock):
    queue = make_queue(player, clock)
    queue.announce(Call("1001", "1"))
    queue.announce(Call("1002", "2"))
    queue.announce(Call("1003", "3"))
    queue.announce(Call("1002", "5"))
    player.finish_all()
    assert [(a.call.ticket, a.call.counter) for a in player.played] == [
        ("1001", "1"), ("1002", "5"), ("1003", "3"),
    ]  # fmt: skip


def test_recall_of_the_ticket_being_spoken_is_spoken_again_after(player, clock):
    queue = make_queue(player, clock)
    queue.announce(Call("1001", "1"))
    assert queue.announce(Call("1001", "1")) is True
    player.finish_all()
    assert player.tickets == ["1001", "1001"]


def test_backlog_of_ten_calls_in_one_second_spoken_in_order(player, clock):
    queue = make_queue(player, clock)
    tickets = [str(1001 + i) for i in range(10)]
    for ticket in tickets:
        queue.announce(Call(ticket, "1"))
        clock.advance(0.1)
    for _ in tickets:  # each announcement takes 8 s: the last starts 72 s after it was called
        clock.advance(8)
        player.finish()
    assert player.tickets == tickets
    assert player.max_overlap == 1


def test_stale_call_dropped_on_arrival(player, clock):
    dropped = []
    queue = make_queue(player, clock, dropped=dropped, stale_after_s=60)
    old = Call("1001", "1", called_at=clock.now() - timedelta(seconds=61))
    fresh = Call("1002", "1", called_at=clock.now() - timedelta(seconds=59))
    assert queue.announce(old) is False
    assert queue.announce(fresh) is True
    assert player.tickets == ["1002"]
    assert dropped == [("1001", "stale")]


def test_a_call_waiting_its_turn_is_never_dropped_for_its_age(player, clock):
    dropped = []
    queue = make_queue(player, clock, dropped=dropped, stale_after_s=30)
    queue.announce(Call("1001", "1"))
    queue.announce(Call("1002", "1"))
    clock.advance(20)
    queue.announce(Call("1003", "1"))
    clock.advance(15)  # 1002 has waited 35 s behind 1001: still spoken
    player.finish_all()
    assert player.tickets == ["1001", "1002", "1003"]
    assert dropped == []


def test_twenty_counters_calling_at_the_opening_are_all_heard_in_order(north, clock):
    """Real announcements from the bundled clips; the fake player takes each one's length of time."""
    player = FakePlayer()
    announcer = Announcer(VoiceSettings(), north)
    dropped = []
    queue = make_queue(player, clock, build=announcer.announcement, dropped=dropped)
    calls = [Call(str(1001 + i), str(i + 1), called_at=clock.now()) for i in range(20)]
    for call in calls:
        queue.announce(call)
    heard_at = {}
    while player.active:
        announcement, _ = player.active[0]
        heard_at[announcement.call.ticket] = clock.now()
        clock.advance(announcement.seconds)
        player.finish()
    assert player.tickets == [c.ticket for c in calls] and dropped == []
    full, short = player.played[0], player.played[1]
    assert full.repeat == 2 and full.sequence[0] == "chime" and full.seconds > 10
    assert short.repeat == 1 and "chime" not in short.sequence and short.seconds < 6
    assert [a.call.short for a in player.played] == [False] + [True] * 18 + [False]
    # the last citizen starts hearing their number within the two minutes after which it was once dropped
    assert (heard_at["1020"] - calls[-1].called_at).total_seconds() < 120


CENTRE = {"timezone": "Asia/Ho_Chi_Minh", "hours": {"mon-fri": ["07:00-11:30", "13:00-17:00"]}}


def test_spoken_from_the_centres_opening_to_the_end_of_its_day_and_muted_on_closed_days(player, clock):
    dropped = []
    queue = make_queue(player, clock, dropped=dropped, hours=VoiceSettings.from_config({}, CENTRE).hours)
    for ticket, hours_later in (("1001", 0), ("1002", 3), ("1003", 6), ("1004", 4 * 24 + 15), ("1005", 45.5)):
        clock.advance(hours_later * 3600)  # Monday 09:00, 12:00 (lunch), 18:00; Saturday 09:00; Monday 06:30
        queue.announce(Call(ticket, "1"))
        player.finish_all()
    assert player.tickets == ["1001", "1002", "1003"]  # the queue left at lunch and at closing is heard
    assert dropped == [("1004", "closed"), ("1005", "closed")]


@pytest.mark.log_warnings
def test_missing_clip_drops_the_call_and_the_queue_goes_on(player, clock, north, caplog):
    dropped = []
    announcer = Announcer(VoiceSettings(with_field=True), north)
    queue = make_queue(player, clock, build=announcer.announcement, dropped=dropped)
    queue.announce(Call("1001", "1", field="Công Thương"))  # no clip for this field
    queue.announce(Call("1002", "1", field="Hộ tịch"))
    assert player.tickets == ["1002"]
    assert dropped == [("1001", "failed")]
    assert [r.levelname for r in caplog.records] == ["ERROR"] and "1001" in caplog.records[0].getMessage()


def test_player_failing_at_once_does_not_stall_or_recurse(clock):
    player = FakePlayer(fail_at_once=True)
    queue = make_queue(player, clock)
    for i in range(500):
        queue.announce(Call(str(i), "1"))
    assert len(player.played) == 500
    assert queue.playing is None


def test_late_finished_callback_ignored(player, clock):
    queue = make_queue(player, clock)
    queue.announce(Call("1001", "1"))
    _, finished_first = player.active[0]
    player.finish()
    queue.announce(Call("1002", "1"))
    finished_first()  # a second report from the first play must not end the second
    assert queue.playing.ticket == "1002"


def test_build_error_type_is_clip_error():
    assert issubclass(ClipError, ValueError)
