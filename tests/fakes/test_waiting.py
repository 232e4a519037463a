"""``wait_until`` and ``free_port`` behave as the harnesses assume."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.fakes.waiting import free_port, wait_until


def test_wait_until_returns_what_the_condition_returned():
    answers = iter([None, 0, "", "ready"])
    assert wait_until(lambda: next(answers), timeout=5) == "ready"


def test_wait_until_names_what_it_waited_for_when_time_runs_out():
    with pytest.raises(AssertionError, match="the printer to answer"):
        wait_until(lambda: False, timeout=0.05, what="the printer to answer")


def test_wait_until_does_not_spin_while_it_waits():
    asked = []
    done = threading.Event()
    timer = threading.Timer(0.3, done.set)
    timer.start()
    wait_until(lambda: asked.append(1) or done.is_set(), timeout=10)
    # A spinning loop asks tens of thousands of times in 0.3 s; backing off to 50 ms asks about fifteen.
    assert len(asked) < 60


def test_free_port_is_refused():
    port = free_port()
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
