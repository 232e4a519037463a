"""A path parameter is named for what it holds, never like one of the project's packages (a
``{counter}`` read like the counter app)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.routing import APIRoute

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {p.parent.name for p in ROOT.glob("*/__init__.py")}


def route_paths() -> set[str]:
    """Every HTTP path the server's route modules declare."""
    paths = set()
    for module_file in (ROOT / "server").glob("routes_*.py"):
        module = importlib.import_module(f"server.{module_file.stem}")
        for router in (v for v in vars(module).values() if isinstance(v, APIRouter)):
            paths |= {r.path for r in router.routes if isinstance(r, APIRoute)}
    return paths


def test_no_path_parameter_is_named_like_a_package():
    params = {name for path in route_paths() for name in re.findall(r"{(\w+)", path)}
    assert "counter" in PACKAGES and "number" in params  # the check sees both sides
    assert params & PACKAGES == set()


def test_a_counters_paths_are_unchanged():
    assert {"/api/v1/counters/{number}/call-next", "/api/v1/counters/{number}/queue",
            "/api/v1/counters/{number}/tickets/{ticket_id}/{action}",
            "/api/v1/counters/{number}/tickets/{ticket_id}/rating"} <= route_paths()
