"""``/docs`` and ``/redoc`` work on a LAN without internet: every file they load comes from the server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.fakes.browser import available
from tests.server.web_hall import Hall, open_hall


def test_the_viewer_pages_name_no_address_outside_the_server(client) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path).text
        assert re.findall(r"https?://", page) == [], path
    assert client.get("/docs/static/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/docs/static/..%2Fcore.py").status_code == 404


@pytest.fixture
def hall(server_factory) -> Iterator[Hall]:
    with open_hall(server_factory, 1280, 900) as hall:
        yield hall


@pytest.mark.slow
@pytest.mark.skipif(not available(), reason="chromium-driver missing: sh scripts/setup.sh --dev")
def test_swagger_ui_draws_the_api_from_local_files(hall: Hall) -> None:
    hall.browser.get(f"{hall.server.url}/docs")
    hall.until(lambda: "/api/v1/public/tickets/{token}/live" in hall.text("#swagger-ui"))
    assert hall.foreign() == []
    assert any(name.endswith("/docs/static/swagger-ui-bundle.js") for name in hall.loaded())
