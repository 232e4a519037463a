"""The counter app's own keypad and sign: keys become the steps the app sends; its events reach the sign."""

from __future__ import annotations

import threading
from pathlib import Path

from devices.counter_devices import CounterDevices
from devices.keypad import Intent
from devices.reference import ReferenceKeypad, ReferenceSign
from devices.virtual import VirtualBus
from tests.fakes.waiting import wait_until


def test_keys_become_steps_and_events_reach_the_sign(tmp_path: Path):
    keypad, sign = ReferenceKeypad(0x03), ReferenceSign(0x23)
    virtual = VirtualBus(tmp_path / "ttyCOUNTER", [keypad, sign])
    virtual.plug()
    asked: list[tuple[Intent, tuple[str, ...]]] = []
    refused: list[str] = []
    lock = threading.Lock()

    def on_steps(intent: Intent, steps: tuple[str, ...]) -> None:
        with lock:
            asked.append((intent, steps))

    devices = CounterDevices(virtual.url, 3, keypad=0x03, signs=[0x23], on_steps=on_steps,
                             on_refused=refused.append, poll_timeout=0.3)
    devices.start()
    try:
        wait_until(lambda: keypad.frames > 1, what="the keypad polled")
        assert virtual.press(0x03, "N")
        wait_until(lambda: asked, what="the steps")
        assert asked == [(Intent("call_next"), ("call-next",))]
        devices.answered("call-next", {"id": 5, "label": "1005", "state": "called", "counter": 3})
        devices.apply({"seq": 9, "kind": "called", "counter": 3, "ticket_id": 5, "label": "1005"})
        wait_until(lambda: sign.text == "1005" and keypad.display == "1005", what="the sign and the display")
        assert virtual.press(0x03, "R")
        wait_until(lambda: len(asked) == 2, what="the recall")
        assert asked[1] == (Intent("recall"), ("recall",))
        assert virtual.press(0x03, "V")  # a no-show is possible: the ticket is called
        wait_until(lambda: len(asked) == 3, what="the no-show")
        assert asked[2] == (Intent("no_show"), ("no-show",))
        devices.answered("no-show", {"id": 5, "label": "1005", "state": "no_show", "counter": 3})
        assert virtual.press(0x03, "R")  # nobody in hand now: nothing to recall
        wait_until(lambda: refused, what="the refusal")
        assert refused == ["devices.refused.state"] and len(asked) == 3
        wait_until(lambda: keypad.display == "E1", what="the keypad showing the refusal")
    finally:
        devices.stop()
        virtual.unplug()
