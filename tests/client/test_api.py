"""ApiClient against the fake server: results by signal, errors typed, in Vietnamese and English."""

from __future__ import annotations

import pytest

from client.api import ApiClient, Call
from client.errors import ApiError
from tests.fakes.server import OFFICER_TOKEN
from tests.fakes.waiting import free_port


def answer(qtbot, call: Call):
    """The call's result, or its ApiError, once it arrived."""
    qtbot.waitUntil(lambda: call.done, timeout=5000)
    return call.error if call.error is not None else call.result


def test_health_needs_no_token(qtbot, fake_server):
    api = ApiClient(fake_server.url)
    result = answer(qtbot, api.health())
    assert result["status"] == "ok" and result["seq"] == 0


def test_a_result_arrives_by_the_finished_signal(qtbot, api):
    call = api.issue_ticket("DD")
    with qtbot.waitSignal(call.finished, timeout=5000) as blocker:
        pass
    assert blocker.args[0]["ticket"]["field"] == "DD"
    assert call.result["ahead"] == 3


def test_callbacks_given_to_then_receive_the_answer(qtbot, api):
    results, failures = [], []
    api.snapshot().then(results.append, failures.append)
    qtbot.waitUntil(lambda: bool(results))
    assert results[0]["fields"][0]["code"] == "DD" and failures == []


def test_a_4xx_error_body_becomes_a_typed_error(qtbot, api):
    call = api.issue_ticket("XX")
    with qtbot.waitSignal(call.failed, timeout=5000) as blocker:
        pass
    err = blocker.args[0]
    assert isinstance(err, ApiError)
    assert (err.code, err.http_status, err.details) == ("field_unknown", 404, {"field": "XX"})
    assert err.message_vi == "Không có lĩnh vực mã “XX”."
    assert err.message_en == "There is no field with code “XX”."


def test_401_also_tells_the_app_to_log_in_again(qtbot, fake_server):
    api = ApiClient(fake_server.url, "expired")
    with qtbot.waitSignal(api.unauthorized, timeout=5000) as blocker:
        call = api.snapshot()
    assert blocker.args[0].code == "unauthorized" and call.error is blocker.args[0]


def test_wrong_pin_is_not_an_expired_session(qtbot, fake_server):
    api = ApiClient(fake_server.url)
    heard = []
    api.unauthorized.connect(heard.append)
    call = api.login("lan", "000000", 1)
    with qtbot.waitSignal(call.failed, timeout=5000) as blocker:
        pass
    assert blocker.args[0].code == "login_failed" and heard == []


def test_login_keeps_the_token_for_later_calls(qtbot, fake_server):
    api = ApiClient(fake_server.url)
    result = answer(qtbot, api.login("lan", "123456", 1))
    assert result["full_name"] == "Nguyễn Thị Lan" and api.token == OFFICER_TOKEN
    assert answer(qtbot, api.snapshot())["seq"] == 0


def test_a_refused_connection_is_network_unreachable(qtbot):
    api = ApiClient(f"http://127.0.0.1:{free_port()}")
    err = answer(qtbot, api.health())
    assert err.code == "network_unreachable" and err.is_network and err.http_status is None
    assert "Không kết nối được tới máy chủ 127.0.0.1:" in err.message_vi
    assert "Cannot reach the server 127.0.0.1:" in err.message_en


def test_a_server_that_does_not_answer_in_time_gives_a_timeout(qtbot, fake_server):
    api = ApiClient(fake_server.url, timeout=0.3)
    err = answer(qtbot, api.request("GET", "/slow"))
    assert err.code == "timeout"
    assert (err.message_vi, err.message_en) == ("Máy chủ không trả lời trong 0.3 giây.",
                                                "The server did not answer within 0.3 s.")


def test_an_answer_that_is_not_json_is_a_bad_response(qtbot, api):
    err = answer(qtbot, api.request("GET", "/broken"))
    assert (err.code, err.http_status) == ("bad_response", 200)
    assert err.message_vi == "Máy chủ trả lời không hợp lệ."


def test_a_5xx_without_an_error_body_is_a_server_error(qtbot, api):
    err = answer(qtbot, api.request("GET", "/boom"))
    assert (err.code, err.http_status) == ("server_error", 500)
    assert err.message_en == "The server had an error (code 500). Please try again later."


def test_an_aborted_call_fails_as_cancelled(qtbot, api):
    call = api.request("GET", "/slow")
    call.abort()
    assert answer(qtbot, call).code == "cancelled"


def test_an_unknown_ticket_action_is_refused_at_once(api):
    with pytest.raises(ValueError):
        api.ticket_action(1, 5, "explode")


def test_the_event_stream_url_carries_since_and_the_token(api, fake_server):
    assert api.events_url(42).toString() == f"ws://127.0.0.1:{fake_server.port}/api/v1/events?since=42&token=device-key"
