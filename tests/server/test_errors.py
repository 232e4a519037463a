"""The server, not the domain, decides which HTTP status an error becomes."""

from __future__ import annotations

import inspect

import pytest

import core.errors
from core.errors import FieldFull, FieldUnknown, QmsError
from server.errors import BadRequest, RateLimited, http_status


@pytest.mark.parametrize(("error", "status"), [
    (FieldUnknown(field="XX"), 404),
    (FieldFull(name="Đất đai", field="DD"), 409),
    (RateLimited(seconds=2), 429),
    (BadRequest(), 400),
    (BadRequest(status=414), 414),
])
def test_each_error_has_its_status(error, status):
    assert http_status(error) == status


def test_domain_errors_carry_no_http_status():
    domain = [c for _, c in inspect.getmembers(core.errors, inspect.isclass) if issubclass(c, QmsError)]
    assert domain and not [c.__name__ for c in domain if hasattr(c, "http_status")]
