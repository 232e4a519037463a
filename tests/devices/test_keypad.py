"""What the officer types on a keypad: every key and every counter state through the tables."""

from __future__ import annotations

import pytest

from devices.keypad import DIGITS, KEY_INTENTS, PLANS, TICKET_STATES, Intent, KeypadEntry, Refused, plan


def typed(keys: str) -> list[Intent | Refused]:
    entry = KeypadEntry()
    return [r for r in (entry.press(k) for k in keys) if r is not None]


def test_login_is_officer_code_star_pin_hash():
    [login] = typed("07*592731#")
    assert login == Intent("login", code="7", pin="592731")


def test_a_pin_never_shows_in_logs():
    [login] = typed("7*592731#")
    assert "592731" not in repr(login)


@pytest.mark.parametrize("keys", ["592731#", "*592731#", "7*#", "7*123#", "7*12*34#", "#"])
def test_a_login_without_its_parts_is_refused(keys):
    assert typed(keys) == [Refused("devices.refused.login_form")]


def test_call_next_alone_and_with_a_number():
    assert typed("N") == [Intent("call_next")]
    assert typed("1005N") == [Intent("call_next", number="1005")]


def test_transfer_needs_the_counter():
    assert typed("T") == [Refused("devices.refused.number_needed")]
    assert typed("5T") == [Intent("transfer", number="5")]


@pytest.mark.parametrize("key", [k for k, (_, digits) in KEY_INTENTS.items() if digits == "none"])
def test_keys_that_take_no_number_refuse_one(key):
    assert typed("12" + key) == [Refused("devices.refused.digits_not_expected")]
    assert typed(key) == [Intent(KEY_INTENTS[key][0])]


def test_clear_forgets_what_was_typed():
    assert typed("12CR") == [Intent("recall")]


def test_a_function_key_uses_the_digits_once():
    assert typed("5TN") == [Intent("transfer", number="5"), Intent("call_next")]


def test_too_many_digits_clear_the_entry():
    assert typed(DIGITS * 2)[0] == Refused("devices.refused.too_long")


@pytest.mark.parametrize("key", ["Z", "a", "!", " "])
def test_unknown_keys_are_refused_and_clear_the_entry(key):
    entry = KeypadEntry()
    entry.press("1")
    assert entry.press(key) == Refused("devices.refused.unknown_key") and entry.typed == ""


INTENTS = sorted({name for name, _ in KEY_INTENTS.values()} - {"login"}) + ["call_number"]


@pytest.mark.parametrize("state", TICKET_STATES)
@pytest.mark.parametrize("name", INTENTS)
def test_every_intent_in_every_state_follows_the_table(name, state):
    number = "1005" if name == "call_number" else "5" if name == "transfer" else ""
    intent = Intent("call_next" if name == "call_number" else name, number=number)
    steps = plan(intent, state, paused=False)
    if name == "pause":
        assert steps == ("pause",)
    else:
        assert steps == PLANS[name].get(state)


@pytest.mark.parametrize("state", TICKET_STATES)
def test_a_paused_counter_calls_nobody_and_the_pause_key_ends_the_pause(state):
    assert plan(Intent("call_next"), state, paused=True) is None
    assert plan(Intent("call_next", number="1005"), state, paused=True) is None
    assert plan(Intent("pause"), state, paused=True) == ("unpause",)


def test_a_four_key_keypad_serves_the_called_citizen_before_calling_the_next():
    assert plan(Intent("call_next"), "called", paused=False) == ("start", "finish", "call-next")


def test_recall_and_no_show_need_a_called_ticket():
    for name in ("recall", "no_show"):
        assert plan(Intent(name), None, paused=False) is None
        assert plan(Intent(name), "serving", paused=False) is None


def test_logout_is_refused_while_a_citizen_is_at_the_counter():
    assert plan(Intent("logout"), "called", paused=False) is None
    assert plan(Intent("logout"), None, paused=False) == ("logout",)
