"""The kiosk's window on its own: idle return with a visible countdown, touches, rotation, language, and
touch targets of at least 25 mm on the panel's real DPI."""

from __future__ import annotations

import pytest

from client.ui.metrics import Metrics
from kiosk.config import KioskConfig
from kiosk.look import Look
from kiosk.window import COUNTDOWN_FROM, KioskWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROWS = [{"code": "DD", "name_vi": "Đất đai", "name_en": "Land", "waiting": 3, "estimated_minutes": 20,
         "state": "issuing", "opens_at": None},
        {"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status", "waiting": 0, "estimated_minutes": None,
         "state": "full", "opens_at": None}]
ANSWER = {"ticket": {"id": 7, "label": "1004", "field": "DD", "priority": None}, "ahead": 3,
          "estimated_minutes": 20, "status_url": "http://127.0.0.1/t/abcdefghijklmnopqrstuvwx",
          "centre": "Trung tâm", "field_name_vi": "Đất đai", "field_name_en": "Land"}


class FakeMonotonic:
    """A clock for the double-tap guard that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeMonotonic:
    return FakeMonotonic()


def make_window(qtbot, clock: FakeMonotonic, dpi: float = 96, size: tuple[int, int] = (1080, 1920)) -> KioskWindow:
    window = KioskWindow(Look(Metrics(dpi)), monotonic=clock)
    qtbot.addWidget(window)
    window.set_kiosk_config(KioskConfig(idle_seconds=30, confirmation_seconds=12))
    window.set_fields(ROWS, "2026-11-30")
    window.set_online(True, "")
    window.show()
    window.resize(*size)
    window.show_home()
    return window


def tick(window: KioskWindow, times: int) -> None:
    for _ in range(times):
        window.idle_timer.timeout.emit()


def test_idle_on_a_later_page_returns_home_with_a_visible_countdown(qtbot, clock):
    window = make_window(qtbot, clock)
    window.show_priority()
    tick(window, 30 - COUNTDOWN_FROM - 1)
    assert window.countdown.text() == ""
    tick(window, 1)
    assert window.countdown.text() == f"Không có thao tác — quay về màn hình chính sau {COUNTDOWN_FROM} giây"
    window.touched()  # the citizen is still there
    tick(window, 29)
    assert window.screen_name == "priority"
    tick(window, 1)
    assert window.screen_name == "home" and window.countdown.text() == ""


def test_idle_puts_the_language_back_to_vietnamese(qtbot, clock):
    window = make_window(qtbot, clock)
    window.language.click()
    assert window.home.title.text() == "Please choose the field of your procedure"
    tick(window, 30)
    assert window.lang == "vi" and window.home.title.text() == "Mời Ông/Bà chọn lĩnh vực cần giải quyết"


def test_the_ticket_stays_for_its_time_then_goes_home(qtbot, clock):
    window = make_window(qtbot, clock)
    window.show_ticket(ANSWER, [1, 2])
    assert window.ticket.number.text() == "1004" and window.ticket.counter_line.text() == "Mời đến quầy: 1, 2"
    tick(window, 11)
    assert window.ticket.countdown.text() == "Tự quay về màn hình chính sau 1 giây"
    tick(window, 1)
    assert window.screen_name == "home"


def test_a_touch_returns_home_sooner_but_not_the_second_tap_of_a_double_tap(qtbot, clock):
    window = make_window(qtbot, clock)
    window.show_ticket(ANSWER, [1])
    clock.now += 0.2
    window.touched()
    assert window.screen_name == "ticket"
    clock.now += 2
    window.touched()
    assert window.screen_name == "home"


def test_a_ticket_not_printed_stays_long_enough_to_photograph(qtbot, clock):
    window = make_window(qtbot, clock)
    window.show_ticket(ANSWER, [1])
    window.set_print_state("trouble")
    assert window.idle_left == KioskConfig().trouble_seconds
    assert window.ticket.print_status.text() == "Máy in tạm hết giấy — vui lòng chụp lại số thứ tự"


def test_a_full_field_cannot_be_tapped_and_says_so(qtbot, clock):
    window = make_window(qtbot, clock)
    full = window.home.button_for("HT")
    assert not full.isEnabled() and full.detail.text() == "Đã hết số hôm nay"
    with qtbot.assertNotEmitted(window.field_chosen):
        window.home._tapped(1)


def test_rotating_the_panel_turns_the_grid_without_a_restart(qtbot, clock):
    window = make_window(qtbot, clock)
    assert window.home.grid.columnCount() == 2
    window.resize(1920, 1080)
    assert window.portrait is False and window.home.grid.columnCount() == 3
    window.show_ticket(ANSWER, [1])
    assert window.ticket.number.property("landscape") is True


@pytest.mark.parametrize("dpi", [69, 96, 141])  # a 32" kiosk, an office monitor, a 15.6" full-HD panel
def test_every_touch_target_is_at_least_25_mm_on_the_panel(qtbot, clock, dpi):
    window = make_window(qtbot, clock, dpi=dpi, size=(1080, 1920) if dpi < 141 else (1920, 1080))
    metrics = window.look.metrics
    targets = [window.language, window.home.priority_button, window.home.button_for("DD")]
    window.show_ticket(ANSWER, [1])
    targets.append(window.ticket.done_button)
    window.show_priority()
    window.priority.set_kinds(("elderly", "pregnancy"))
    targets += list(window.priority.buttons.values()) + [window.priority.back_button]
    window.home.set_priority("elderly")
    window.show_home()
    targets.append(window.home.priority_cancel)
    for target in targets:
        assert metrics.px_to_mm(target.height()) >= 25 and metrics.px_to_mm(target.width()) >= 25, target.text()


def test_offline_shows_after_its_grace_time_only(qtbot, clock):
    window = make_window(qtbot, clock)
    window.set_online(False, "Mất kết nối tới máy chủ.")
    assert window.screen_name == "home" and window.offline_timer.isActive()
    window.set_online(True, "")  # back at once: no flash of the offline screen
    assert not window.offline_timer.isActive() and window.screen_name == "home"
    window.set_online(False, "Mất kết nối tới máy chủ.")
    window.offline_timer.timeout.emit()
    assert window.screen_name == "offline" and window.offline.status.text() == "Mất kết nối tới máy chủ."


@pytest.mark.log_warnings
def test_bad_kiosk_and_ticket_tables_fall_back_to_defaults_and_are_logged(qtbot, clock, caplog):
    from client.api import ApiClient
    from client.session import ServerSession
    from kiosk.controller import KioskController

    window = make_window(qtbot, clock)
    api = ApiClient("http://127.0.0.1:9", "key", parent=window)
    controller = KioskController(api, ServerSession(api, parent=window), window, parent=window)
    controller._config_loaded({"centre": {"name": "Trung tâm", "timezone": "Asia/Ho_Chi_Minh"},
                               "fields": [{"code": "DD"}], "counters": [],
                               "tables": {"kiosk": {"idle_seconds": 1}, "ticket": {"paper": "90mm"}}})
    assert controller.kiosk == KioskConfig() and controller.ticket_config is not None
    assert [p.split(":")[0] for p in controller.config_problems] == [
        "Tệp cấu hình centre.toml, mục kiosk.idle_seconds", "Tệp cấu hình centre.toml, mục ticket.paper"]
    assert window.centre_name.text().replace("\u00a0", " ") == "Trung tâm"  # wrapped only between words
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.name == "kiosk.controller"] == [
        "Configuration file centre.toml, key kiosk.idle_seconds", "Configuration file centre.toml, key ticket.paper"]


def test_an_overloaded_field_says_so_instead_of_a_wait(qtbot, clock):
    window = make_window(qtbot, clock)
    window.show_ticket({**ANSWER, "estimated_minutes": None, "overloaded": True}, [1])
    assert window.ticket.estimate.text() == ("Lĩnh vực đang rất đông: thời gian chờ có thể kéo dài quá giờ làm việc"
                                             " hôm nay")


def wrapped_lines(label, width: int) -> list[str]:
    """The lines *label* shows its text on, laid out *width* pixels wide with its font (as Qt wraps it)."""
    from PySide6.QtGui import QTextLayout, QTextOption

    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


def test_the_centres_name_in_portrait_never_breaks_inside_a_name_or_compound(qtbot, clock):
    from PySide6.QtGui import QFontMetricsF

    window = make_window(qtbot, clock, size=(1080, 1920))
    window.set_centre("Trung tâm Phục vụ hành chính công tỉnh Ninh Bình")
    # A header just wide enough for the name up to "Ninh": a plain word wrap would leave "Bình" alone.
    width = int(QFontMetricsF(window.centre_name.font()).horizontalAdvance(
        "Trung tâm Phục vụ hành chính công tỉnh Ninh")) + 4
    lines = [line.replace("\u00a0", " ") for line in wrapped_lines(window.centre_name, width)]
    assert len(lines) > 1  # the name does wrap
    assert not any(line.endswith(("Ninh", "hành", "Trung", "Phục")) for line in lines), lines
    assert " ".join(lines) == "Trung tâm Phục vụ hành chính công tỉnh Ninh Bình"
