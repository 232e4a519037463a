"""ApiError: the server's error body and client-side failures, in Vietnamese and English."""

from client.errors import ApiError


def test_the_contract_error_body_becomes_an_error():
    body = {"error": {"code": "field_full", "message_vi": "Lĩnh vực Đất đai đã hết số.",
                      "message_en": "The field Land has no tickets left.", "details": {"field": "DD"}}}
    err = ApiError.from_body(409, body)
    assert (err.code, err.http_status, err.details) == ("field_full", 409, {"field": "DD"})
    assert err.message("vi") == "Lĩnh vực Đất đai đã hết số."
    assert err.message("en") == "The field Land has no tickets left."


def test_a_body_without_the_error_object_is_not_an_error_body():
    assert ApiError.from_body(400, {"detail": "Not Found"}) is None
    assert ApiError.from_body(400, ["x"]) is None


def test_client_side_errors_are_worded_from_the_catalogs():
    err = ApiError.client_side("timeout", "timeout", seconds=5)
    assert err.message_vi == "Máy chủ không trả lời trong 5 giây."
    assert err.message_en == "The server did not answer within 5 s."
    assert err.is_network


def test_an_error_can_be_raised_and_printed():
    err = ApiError.client_side("bad_response", "bad_response", http_status=200)
    assert str(err) == "bad_response HTTP 200: The server sent an invalid answer."
    try:
        raise err
    except ApiError as caught:
        assert caught is err
