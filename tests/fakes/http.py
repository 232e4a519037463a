"""Small helpers for talking to a QMS server in tests: over HTTP (httpx) or in-process (TestClient)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import httpx

from .centre import PINS

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header for a device key or staff token."""
    return {"Authorization": f"Bearer {token}"}


def in_process(app: Any) -> TestClient:
    """A TestClient for *app*. Starlette warns that its TestClient still uses httpx; that is its own
    business, so only that warning is silenced, only while importing it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    return TestClient(app)


def login(client: TestClient | httpx.Client, username: str, counter: int | None) -> str:
    """Log *username* in (PIN from ``PINS``) at *counter*; the staff token."""
    r = client.post("/api/v1/auth/login", json={"username": username, "pin": PINS[username], "counter": counter})
    assert r.status_code == 200, r.text
    return r.json()["token"]

