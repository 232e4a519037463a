"""``POST /api/v1/tickets`` by its direct path (server/direct.py) answers exactly what the framework
answers: the same status and body for every malformed, unauthorised or refused request, the same ticket
for a retried key; and it leaves to the framework everything it is not sure of. ``GET /api/v1/health``
answers the same both ways, and only a route that takes nothing but the request may have such a path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from server import routes_read
from server.app import create_app
from server.direct import DirectRead, find_route
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process

ISSUE = ("POST", "/api/v1/tickets")
JSON = {"Content-Type": "application/json"}


class Paths:
    """One server whose issue requests go by the direct path or through the framework, at will; counts the
    requests the direct path handed to the framework."""

    def __init__(self, centre: Centre, client: Any) -> None:
        self.centre = centre
        self.client = client
        self.routes: dict[tuple[str, str], Any] = client.app.state.direct_routes
        self.direct = self.routes[ISSUE]
        self.handed = 0
        self.routes[ISSUE] = self._counting

    async def _counting(self, scope: Any, receive: Any, send: Any, framework: Any) -> None:
        async def counted(s: Any, r: Any, se: Any) -> None:
            self.handed += 1
            await framework(s, r, se)

        await self.direct(scope, receive, send, counted)

    def both(self, send: Callable[[], Any]) -> tuple[Any, Any]:
        """The answer to *send* by the direct path, then through the framework alone."""
        direct = send()
        del self.routes[ISSUE]
        try:
            framework = send()
        finally:
            self.routes[ISSUE] = self._counting
        return direct, framework


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Paths]:
    centre = make_centre(Path(tmp_path_factory.mktemp("direct")), "issue_interval_seconds = 0\n")
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        yield Paths(centre, client)


def kiosk(paths: Paths) -> dict[str, str]:
    return {**bearer(paths.centre.kiosk), **JSON}


# (case, body bytes, headers beyond the kiosk's key and the JSON content type, status)
REFUSED: list[tuple[str, bytes, dict[str, str], int]] = [
    ("malformed json", b"{field: DD", {}, 400),
    ("truncated json", b'{"field": "DD"', {}, 400),
    ("empty body", b"", {}, 422),
    ("json array", b"[1, 2]", {}, 422),
    ("json null", b"null", {}, 422),
    ("missing field", b"{}", {}, 422),
    ("only an unknown key", b'{"feld": "DD"}', {}, 422),
    ("field a number", b'{"field": 5}', {}, 422),
    ("field empty", b'{"field": ""}', {}, 422),
    ("field too long", b'{"field": "DDDDDDDDD"}', {}, 422),
    ("bad priority", b'{"field": "DD", "priority": "vip"}', {}, 422),
    ("note an object", b'{"field": "DD", "note": {"a": 1}}', {}, 422),
    ("note NaN", b'{"field": "DD", "note": NaN}', {}, 422),
    ("lone surrogate", b'{"field": "\\ud800"}', {}, 422),
    ("raw control character", b'{"field": "D\x01"}', {}, 400),
    ("invalid utf-8", b'{"field": "\xff"}', {}, 400),
    ("trailing garbage", b'{"field": "DD"} x', {}, 400),
    ("unknown field code", b'{"field": "ZZ"}', {}, 404),
    ("later key wins", b'{"field": "DD", "field": "ZZ"}', {}, 404),
    ("nul in the field code", b'{"field": "D\\u0000"}', {}, 404),
    ("plain text", b'{"field": "DD"}', {"Content-Type": "text/plain"}, 422),
    ("form", b"field=DD", {"Content-Type": "application/x-www-form-urlencoded"}, 422),
    ("wrong key", b'{"field": "DD"}', {"Authorization": "Bearer qmsd_not-a-key"}, 401),
    ("wrong key, bad body", b'{"fie', {"Authorization": "Bearer qmsd_not-a-key"}, 400),
    ("wrong key, missing field", b"{}", {"Authorization": "Bearer qmsd_not-a-key"}, 401),
    ("no key", b'{"field": "DD"}', {"Authorization": ""}, 401),
    ("another scheme", b'{"field": "DD"}', {"Authorization": "Basic YWRtaW46MTIzNA=="}, 401),
    ("bearer without a key", b'{"field": "DD"}', {"Authorization": "Bearer  "}, 401),
    ("idempotency key too long", b'{"field": "DD"}', {"Idempotency-Key": "k" * 129}, 422),
    ("idempotency key empty", b'{"field": "DD"}', {"Idempotency-Key": ""}, 422),
    ("idempotency key with a space", b'{"field": "DD"}', {"Idempotency-Key": "a b"}, 422),
]


@pytest.mark.parametrize(("case", "body", "headers", "status"), REFUSED, ids=[c[0] for c in REFUSED])
def test_a_refused_issue_gets_the_frameworks_answer(paths: Paths, case: str, body: bytes, headers: dict[str, str],
                                                    status: int) -> None:
    sent = {**kiosk(paths), **headers}
    if not sent.get("Authorization"):
        sent.pop("Authorization", None)
    direct, framework = paths.both(lambda: paths.client.post("/api/v1/tickets", content=body, headers=sent))
    assert (direct.status_code, direct.json()) == (framework.status_code, framework.json())
    assert direct.status_code == status, direct.text
    assert direct.headers["content-type"] == framework.headers["content-type"]


@pytest.mark.parametrize("body", [b'\xef\xbb\xbf{"field": "DD"}', b'{"field": "ZZ", "field": "DD"}',
                                  b' {"field": "DD", "unknown": [1, {"x": null}]}\r\n'],
                         ids=["byte order mark", "later key wins", "unknown keys and spaces"])
def test_an_odd_but_good_body_is_issued_by_either_path(paths: Paths, body: bytes) -> None:
    direct, framework = paths.both(lambda: paths.client.post("/api/v1/tickets", content=body, headers=kiosk(paths)))
    assert direct.status_code == framework.status_code == 201
    assert direct.json()["ticket"]["field"] == framework.json()["ticket"]["field"] == "DD"


def test_a_display_may_not_issue_by_either_path(paths: Paths) -> None:
    headers = {**bearer(paths.centre.display), **JSON}
    direct, framework = paths.both(lambda: paths.client.post("/api/v1/tickets", json={"field": "DD"}, headers=headers))
    assert direct.status_code == framework.status_code == 403
    assert direct.json() == framework.json() and direct.json()["error"]["code"] == "forbidden"


def test_a_good_request_is_answered_without_the_framework(paths: Paths) -> None:
    handed = paths.handed
    r = paths.client.post("/api/v1/tickets", json={"field": "dd", "priority": "elderly", "note": "Hẹn 9 giờ"},
                          headers=bearer(paths.centre.kiosk))
    assert r.status_code == 201 and r.json()["ticket"]["field"] == "DD"
    assert r.json()["ticket"]["priority_note"] == "Hẹn 9 giờ"
    assert paths.handed == handed  # answered by the direct path itself


def test_what_the_direct_path_is_not_sure_of_goes_to_the_framework(paths: Paths) -> None:
    handed = paths.handed
    r = paths.client.post("/api/v1/tickets", content=b'{"field": "DD"}',
                          headers={**bearer(paths.centre.kiosk), "Content-Type": "application/vnd.qms+json"})
    assert r.status_code == 201  # the framework reads +json types as JSON; the direct path leaves them to it
    assert paths.client.post("/api/v1/tickets", content=b"{}", headers=kiosk(paths)).status_code == 422
    assert paths.handed == handed + 2


def test_both_paths_issue_the_same_kind_of_answer(paths: Paths) -> None:
    direct, framework = paths.both(lambda: paths.client.post("/api/v1/tickets", json={"field": "HT"},
                                                             headers=bearer(paths.centre.kiosk)))
    assert direct.status_code == framework.status_code == 201
    assert set(direct.json()) == set(framework.json())
    assert direct.headers["content-type"] == framework.headers["content-type"] == "application/json"
    assert framework.json()["ticket"]["seq"] == direct.json()["ticket"]["seq"] + 1


def test_a_retried_key_gets_the_same_ticket_by_either_path(paths: Paths) -> None:
    headers = {**kiosk(paths), "Idempotency-Key": "tap-direct-1"}
    first, again = paths.both(lambda: paths.client.post("/api/v1/tickets", json={"field": "CT"}, headers=headers))
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    reused, reused_framework = paths.both(lambda: paths.client.post("/api/v1/tickets", json={"field": "KD"},
                                                                    headers=headers))
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"
    assert reused.json() == reused_framework.json()


def test_the_rate_limit_holds_on_the_direct_path(tmp_path: Path) -> None:
    centre = make_centre(tmp_path, "issue_interval_seconds = 60\n")
    with in_process(create_app(Settings(issue_interval_seconds=60), centre.data)) as client:
        kiosk_headers = bearer(centre.kiosk)
        assert client.post("/api/v1/tickets", json={"field": "DD"}, headers=kiosk_headers).status_code == 201
        direct = client.post("/api/v1/tickets", json={"field": "DD"}, headers=kiosk_headers)
        client.app.state.direct_routes.clear()
        framework = client.post("/api/v1/tickets", json={"field": "DD"}, headers=kiosk_headers)
    assert direct.status_code == framework.status_code == 429
    assert direct.json()["error"]["code"] == framework.json()["error"]["code"] == "rate_limited"
    assert 59 <= direct.json()["error"]["details"]["seconds"] <= 60


def test_a_body_too_large_is_refused_before_either_path(paths: Paths) -> None:
    body = b'{"field": "DD", "note": "' + b"x" * 200_000 + b'"}'
    direct, framework = paths.both(lambda: paths.client.post("/api/v1/tickets", content=body, headers=kiosk(paths)))
    assert direct.status_code == framework.status_code == 413
    assert direct.json() == framework.json() and direct.json()["error"]["code"] == "too_large"


def test_a_body_in_chunks_is_read_whole(paths: Paths) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the guard counts it, the direct path joins it
        yield b'{"field": '
        yield b'"NV"}'

    r = paths.client.post("/api/v1/tickets", content=chunks(), headers=kiosk(paths))
    assert r.status_code == 201 and r.json()["ticket"]["field"] == "NV"


def test_the_openapi_document_still_describes_the_route(paths: Paths) -> None:
    operation = paths.client.get("/openapi.json").json()["paths"]["/api/v1/tickets"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/IssueIn"}
    assert [p["name"] for p in operation["parameters"]] == ["Idempotency-Key"]
    assert operation["security"] == [{"HTTPBearer": []}]
    assert set(operation["responses"]) == {"201", "400", "401", "403", "404", "409", "413", "422", "429"}


def test_health_answers_the_same_by_either_path(paths: Paths) -> None:
    health = ("GET", "/api/v1/health")
    direct = paths.client.get("/api/v1/health?token=ignored")
    handler = paths.routes.pop(health)
    try:
        framework = paths.client.get("/api/v1/health?token=ignored")
    finally:
        paths.routes[health] = handler
    assert direct.status_code == framework.status_code == 200
    assert direct.json() == framework.json() and direct.json()["status"] == "ok"
    assert direct.headers["content-type"] == framework.headers["content-type"] == "application/json"


def test_only_a_route_that_takes_nothing_but_the_request_is_read_directly() -> None:
    assert DirectRead(find_route(routes_read.router.routes, "GET", "/api/v1/health")).route.path == "/api/v1/health"
    with pytest.raises(ValueError, match="takes more than the request"):
        DirectRead(find_route(routes_read.router.routes, "GET", "/api/v1/snapshot"))  # needs its caller
    with pytest.raises(LookupError):
        find_route(routes_read.router.routes, "POST", "/api/v1/health")
