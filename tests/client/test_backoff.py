"""The reconnect schedule."""

import random

import pytest

from client.backoff import Backoff


def test_delays_double_from_a_quarter_second_and_stop_at_the_cap():
    backoff = Backoff(jitter=0)
    assert [backoff.next_delay() for _ in range(8)] == [0.25, 0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_jitter_only_shortens_a_delay():
    backoff = Backoff(jitter=0.1, rng=random.Random(3))
    delays = [backoff.next_delay() for _ in range(50)]
    assert all(0.9 * 5.0 <= d <= 5.0 for d in delays[6:])
    assert len(set(delays[6:])) > 1


def test_reset_starts_again_from_the_base():
    backoff = Backoff(jitter=0)
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() == 0.25


def test_many_attempts_do_not_overflow():
    backoff = Backoff(jitter=0)
    backoff.attempts = 10_000
    assert backoff.next_delay() == 5.0


def test_nonsense_settings_are_refused():
    with pytest.raises(ValueError):
        Backoff(base=2, cap=1)
