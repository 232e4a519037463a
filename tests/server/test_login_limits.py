"""PIN guessing: simultaneous guesses cannot slip past the lockout, one address cannot walk through
usernames, the hash work is bounded, a wrong username costs what a wrong PIN costs, and the table of
failures stays bounded. The app runs in-process with its lifespan, requests go concurrently through
httpx's ASGI transport (each transport its own client address)."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from core.clock import SystemClock
from core.engine import QueueEngine
from core.staff import check_pin
from core.storage import connect
from server.app import create_app
from server.login_guard import FailureTable
from server.settings import Settings
from tests.fakes.centre import PINS, Centre


async def _logins(app: Any, attempts: list[tuple[str, str, str]]) -> list[httpx.Response]:
    """Send every (address, username, pin) login at once; the answers in the same order."""
    clients: dict[str, httpx.AsyncClient] = {}
    async with app.router.lifespan_context(app):
        for address, _, _ in attempts:
            if address not in clients:
                transport = httpx.ASGITransport(app=app, client=(address, 40000))
                clients[address] = httpx.AsyncClient(transport=transport, base_url="http://qms")
        try:
            return await asyncio.gather(*(
                clients[address].post("/api/v1/auth/login", json={"username": user, "pin": pin, "counter": 1})
                for address, user, pin in attempts))
        finally:
            for c in clients.values():
                await c.aclose()


def run_logins(centre: Centre, attempts: list[tuple[str, str, str]], **settings: Any) -> list[httpx.Response]:
    app = create_app(Settings(issue_interval_seconds=0, **settings), centre.data)
    return asyncio.run(_logins(app, attempts))


class ScryptSpy:
    """Counts scrypt calls, their cost parameters and how many ran at once."""

    def __init__(self, real: Callable[..., bytes]) -> None:
        self.real = real
        self.params: list[tuple[int, int, int]] = []
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def __call__(self, password: bytes, **kw: Any) -> bytes:
        with self._lock:
            self.params.append((kw["n"], kw["r"], kw["p"]))
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return self.real(password, **kw)
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def scrypt(monkeypatch: pytest.MonkeyPatch) -> ScryptSpy:
    spy = ScryptSpy(hashlib.scrypt)
    monkeypatch.setattr(hashlib, "scrypt", spy)
    return spy


def test_simultaneous_guesses_check_no_more_pins_than_the_limit(centre: Centre, scrypt: ScryptSpy) -> None:
    guesses = [("10.0.0.9", "lehoangcuong", f"{1000 + i}") for i in range(30)]
    answers = run_logins(centre, [*guesses, ("10.0.0.9", "lehoangcuong", PINS["lehoangcuong"])],
                         login_address_attempts=1000)
    checked = [r for r in answers if r.status_code in (200, 401)]
    assert len(checked) <= 5, [r.status_code for r in answers]
    assert {r.status_code for r in answers} <= {200, 401, 429}
    assert len(scrypt.params) <= 5


def test_one_address_cannot_walk_through_usernames(centre: Centre) -> None:
    walk = [("10.0.0.7", name, "0000") for name in ("a1", "a2", "a3", "a4")]
    answers = run_logins(centre, [*walk, ("10.0.0.7", "nguyenvanan", PINS["nguyenvanan"]),
                                  ("10.0.0.6", "tranthibinh", PINS["tranthibinh"])],
                         login_address_attempts=3)
    codes = [r.status_code for r in answers]
    assert codes.count(401) == 3 and codes[3] == 429
    assert codes[4] == 429  # the right PIN, but from the address that was guessing
    assert codes[5] == 200  # another counter PC is not affected


def test_pin_hashing_is_bounded_and_excess_logins_are_refused_at_once(centre: Centre, scrypt: ScryptSpy) -> None:
    burst = [(f"10.0.1.{i}", f"user{i}", "0000") for i in range(60)]
    answers = run_logins(centre, burst, login_hash_slots=2)
    codes = [r.status_code for r in answers]
    assert scrypt.most <= 2
    assert set(codes) == {401, 429}
    assert codes.count(401) == len(scrypt.params) < 60


@pytest.mark.parametrize("username", ["lehoangcuong", "nobody-here", "disabled-one"])
def test_every_refusal_costs_one_full_pin_hash(centre: Centre, scrypt: ScryptSpy, username: str) -> None:
    db = connect(centre.data.database)
    if username == "disabled-one":
        db.conn.execute("INSERT INTO staff (username, full_name, role, pin_hash, active, created_at)"
                        " SELECT 'disabled-one', 'X', 'officer', pin_hash, 0, created_at FROM staff"
                        " WHERE username = 'lehoangcuong'")
        QueueEngine(db, *_centre_and_clock(centre)).disable_staff("disabled-one")
    scrypt.params.clear()
    assert check_pin(db, username, "0000") is None
    assert scrypt.params == [(2**14, 8, 1)]


def _centre_and_clock(centre: Centre) -> tuple[Any, SystemClock]:
    from core.config import load_centre
    return load_centre(centre.data.config), SystemClock()


def test_the_failure_table_stays_bounded_and_keeps_the_newest() -> None:
    now = [0.0]
    table = FailureTable(limit=3, window=60, max_entries=100, now=lambda: now[0])
    for i in range(5000):
        now[0] += 0.001
        table.add(f"user{i}")
    assert len(table) <= 100
    for _ in range(3):
        table.add("target")
    assert table.blocked_for("target") > 0
    now[0] += 61
    assert table.blocked_for("target") == 0
