"""The citizen's ticket page says plainly where they stand."""

from server.pages import ticket_page

STATUS = {"label": "2001", "field_name_vi": "Hộ tịch", "field_name_en": "Civil status", "state": "waiting",
          "ahead": 3, "estimated_minutes": 12, "counter": None}


def test_waiting_shows_people_ahead_and_minutes() -> None:
    page = ticket_page("Trung tâm", STATUS)
    assert "Còn 3 người chờ trước Ông/Bà." in page and "khoảng 12 phút" in page and "2001" in page
    assert "bạn" not in page.lower()  # one respectful register: Ông/Bà


def test_next_in_line_is_not_told_zero_minutes() -> None:
    page = ticket_page("Trung tâm", {**STATUS, "ahead": 0, "estimated_minutes": 0})
    assert "Ông/Bà là người tiếp theo" in page and "0 phút" not in page and "Còn 0" not in page


def test_an_overloaded_field_says_so_instead_of_a_number() -> None:
    page = ticket_page("Trung tâm", {**STATUS, "ahead": 140, "estimated_minutes": None, "overloaded": True})
    assert "rất đông" in page and "khoảng" not in page  # no number that cannot hold


def test_called_ticket_names_the_counter() -> None:
    page = ticket_page("Trung tâm", {**STATUS, "state": "called", "counter": 5})
    assert "Mời đến quầy số 5." in page and "Please go to counter 5." in page


def test_unknown_ticket_and_escaping() -> None:
    assert "Không tìm thấy số thứ tự này." in ticket_page("<b>x</b>", None)
    assert "<b>x</b>" not in ticket_page("<b>x</b>", None)
