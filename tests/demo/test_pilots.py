"""The demo's autopilot: what a tick does at the kiosk and at a counter, and a person taking over."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from qms.demo.pilots import KIOSK_IDLE_S, CounterPilot, HumanWatch, KioskPilot


class Rolls:
    """A ``random.Random`` whose draws the test decides."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0) if self.values else 0.99

    def choice(self, options: Any) -> Any:
        return options[0]

    def randint(self, low: int, _high: int) -> int:
        return low


class FakeKiosk(QObject):
    field_chosen = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.screen_name = "home"
        self.touches = 0
        self.taps: list[tuple[str, str]] = []
        self.field_chosen.connect(lambda code, priority: self.taps.append((code, priority)))

    def touched(self) -> None:
        self.touches += 1


class FakeDesk:
    def __init__(self) -> None:
        self.current: dict[str, Any] | None = None
        self.waiting: list[dict[str, Any]] = []
        self.busy, self.online, self.paused, self.view = False, True, False, {}
        self.done: list[str] = []

    def __getattr__(self, action: str) -> Any:
        return lambda *args: self.done.append(" ".join([action, *map(str, args)]).strip())


class FakeCounterApp:
    def __init__(self) -> None:
        self.desk = FakeDesk()
        self.window = type("Window", (), {"isVisible": lambda self: True})()
        self.login = None


def counter_pilot(rolls: Rolls, app: FakeCounterApp | None = None, watch: HumanWatch | None = None) -> CounterPilot:
    return CounterPilot(app or FakeCounterApp(), "nguyenvanan", "123456", 2, ["HT"], 1000, rolls, watch)  # type: ignore[arg-type]


def test_a_citizen_taps_a_field_on_the_home_screen(qapp: QApplication) -> None:
    kiosk = FakeKiosk()
    pilot = KioskPilot(kiosk, ["DD", "HT"], 1000, Rolls(0.5, 0.5))  # type: ignore[arg-type]
    pilot.tick()
    assert kiosk.taps == [("DD", "")]


def test_now_and_then_nobody_comes(qapp: QApplication) -> None:
    kiosk = FakeKiosk()
    pilot = KioskPilot(kiosk, ["DD"], 1000, Rolls(0.1))  # type: ignore[arg-type]
    pilot.tick()
    assert kiosk.taps == []


def test_one_citizen_in_ten_asks_for_a_priority_ticket(qapp: QApplication) -> None:
    kiosk = FakeKiosk()
    KioskPilot(kiosk, ["DD"], 1000, Rolls(0.5, 0.05)).tick()  # type: ignore[arg-type]
    assert kiosk.taps == [("DD", "elderly")]


def test_the_ticket_screen_is_left_after_the_visitor_has_seen_it(qapp: QApplication) -> None:
    kiosk = FakeKiosk()
    kiosk.screen_name = "ticket"
    pilot = KioskPilot(kiosk, ["DD"], 1000, Rolls())  # type: ignore[arg-type]
    pilot.tick()
    assert kiosk.touches == 0
    pilot.tick()
    assert kiosk.touches == 1 and kiosk.taps == []


def test_citizens_who_queued_before_opening_come_one_after_the_other(qapp: QApplication) -> None:
    kiosk = FakeKiosk()
    pilot = KioskPilot(kiosk, ["DD"], 1000, Rolls(0.5, 0.5, 0.0), rush=2)  # type: ignore[arg-type]
    pilot.tick()
    kiosk.screen_name = "ticket"
    pilot.tick()  # the ticket is taken at once
    kiosk.screen_name = "home"
    pilot.tick()
    pilot.tick()  # the rush is over: 0.0 is a moment nobody comes
    assert kiosk.touches == 1 and kiosk.taps == [("DD", ""), ("DD", "")]


def test_the_kiosk_pilot_waits_while_a_person_uses_the_kiosk(qapp: QApplication) -> None:
    now = [100.0]
    watch = HumanWatch(qapp, monotonic=lambda: now[0])
    button = QPushButton("Đất đai")
    button.show()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    kiosk = FakeKiosk()
    pilot = KioskPilot(kiosk, ["DD"], 1000, Rolls(0.5, 0.5, 0.5, 0.5), watch)  # type: ignore[arg-type]
    pilot.tick()
    assert kiosk.taps == []
    now[0] += KIOSK_IDLE_S
    pilot.tick()
    assert kiosk.taps == [("DD", "")]
    button.close()


def test_an_idle_counter_calls_the_next_citizen() -> None:
    app = FakeCounterApp()
    app.desk.waiting = [{"id": 1}]
    counter_pilot(Rolls(), app).tick()
    assert app.desk.done == ["call_next"]


def test_a_counter_with_nobody_waiting_does_nothing() -> None:
    app = FakeCounterApp()
    counter_pilot(Rolls(), app).tick()
    assert app.desk.done == []


def test_a_called_citizen_is_started_after_the_call_was_heard() -> None:
    app = FakeCounterApp()
    app.desk.current = {"state": "called", "calls": 1}
    pilot = counter_pilot(Rolls(0.9), app)
    pilot.tick()
    assert app.desk.done == []
    pilot.tick()
    assert app.desk.done == ["start"]


def test_a_citizen_who_does_not_come_is_called_again_then_marked_absent() -> None:
    app = FakeCounterApp()
    app.desk.current = {"state": "called", "calls": 1}
    pilot = counter_pilot(Rolls(0.1, 0.1), app)
    pilot.tick()
    pilot.tick()
    app.desk.current = {"state": "called", "calls": 2}
    pilot.tick()
    assert app.desk.done == ["recall", "no_show"]


def test_serving_ends_in_a_finish_or_a_transfer() -> None:
    app = FakeCounterApp()
    app.desk.current = {"state": "serving", "calls": 1}
    pilot = counter_pilot(Rolls(0.5, 0.05), app)
    pilot.tick()
    assert app.desk.done == ["finish"]
    pilot.tick()
    assert app.desk.done == ["finish", "transfer HT None"]


def test_a_busy_desk_is_not_pressed_again() -> None:
    app = FakeCounterApp()
    app.desk.waiting = [{"id": 1}]
    app.desk.busy = True
    counter_pilot(Rolls(), app).tick()
    assert app.desk.done == []


def test_a_person_touching_the_counter_takes_it_over_for_good(qapp: QApplication, qtbot: Any) -> None:
    watch = HumanWatch(qapp)
    app = FakeCounterApp()
    app.desk.waiting = [{"id": 1}]
    pilot = counter_pilot(Rolls(), app, watch)
    button = QPushButton("Gọi tiếp")
    qtbot.addWidget(button)
    button.show()
    with qtbot.waitSignal(pilot.left_alone) as left:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    pilot.tick()
    assert left.args == [2] and app.desk.done == [] and not pilot.timer.isActive()


def test_the_pilots_own_presses_are_not_taken_for_a_person(qapp: QApplication) -> None:
    watch = HumanWatch(qapp)
    button = QPushButton("Gọi tiếp")
    button.show()
    button.click()  # what a program does: no event from the window system
    button.close()
    assert watch.last is None and watch.idle_for(KIOSK_IDLE_S)
