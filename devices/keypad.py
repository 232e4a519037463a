"""What a keypad's keys mean: the officer's typing turned into intents, and intents into API steps.

Both are tables (like ``core/tickets.py``'s ``TRANSITIONS``), so the tests run every key and every
counter state through them. Nothing here does I/O: the bus and the bridge feed keys in and carry the
steps out.

Keys (one ASCII character each on the wire, docs/devices.md "Keys"): digits ``0``-``9``, ``*``, ``#`` (OK),
``C`` (clear), ``N`` Gọi tiếp, ``R`` Gọi lại, ``T`` Chuyển, ``P`` Tạm nghỉ, ``S`` Bắt đầu, ``F`` Kết thúc,
``V`` Vắng mặt, ``X`` Đăng xuất. A four-key keypad has only N, R, T, P and the digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DIGITS = "0123456789"
MAX_TYPED = 16

# key -> (intent, what digits typed before it mean)
#   "none": no digits allowed; "optional": an optional number; "required": a number is needed;
#   "login": "<officer code>*<PIN>".
KEY_INTENTS: dict[str, tuple[str, str]] = {
    "#": ("login", "login"),
    "N": ("call_next", "optional"),  # with digits: call that number (a citizen who came back)
    "R": ("recall", "none"),
    "T": ("transfer", "required"),  # digits: the counter to send the citizen to
    "P": ("pause", "none"),  # pauses, or ends the pause
    "S": ("start", "none"),
    "F": ("finish", "none"),
    "V": ("no_show", "none"),
    "X": ("logout", "none"),
}
FUNCTION_KEYS = frozenset(KEY_INTENTS) | {"C"}
ALL_KEYS = frozenset(DIGITS + "*") | FUNCTION_KEYS


@dataclass(frozen=True)
class Intent:
    """What the officer asked for: *name* from ``KEY_INTENTS``, with the number typed, if any."""

    name: str
    number: str = ""
    code: str = ""  # login: the officer's code
    pin: str = ""  # login: the PIN (never logged)

    def __repr__(self) -> str:  # keep PINs out of logs and test output
        return f"Intent({self.name!r}, number={self.number!r}, code={self.code!r})"


@dataclass(frozen=True)
class Refused:
    """A key press that asks for nothing sensible (digits where none belong, a login without its PIN);
    *reason* is a ``devices.refused.*`` catalog key."""

    reason: str


@dataclass
class KeypadEntry:
    """The digits an officer has typed on one keypad, until a function key uses or clears them."""

    typed: str = field(default="")

    def press(self, key: str) -> Intent | Refused | None:
        """Take one key; return what it asks for, ``Refused``, or ``None`` while typing."""
        if key in DIGITS or key == "*":
            if len(self.typed) >= MAX_TYPED:
                self.typed = ""
                return Refused("devices.refused.too_long")
            self.typed += key
            return None
        typed, self.typed = self.typed, ""
        if key == "C":
            return None
        if key not in KEY_INTENTS:
            return Refused("devices.refused.unknown_key")
        name, digits = KEY_INTENTS[key]
        if digits == "login":
            code, star, pin = typed.partition("*")
            if not star or not code or len(pin) < 4 or "*" in pin:
                return Refused("devices.refused.login_form")
            return Intent(name, code=code.lstrip("0") or "0", pin=pin)
        if "*" in typed:
            return Refused("devices.refused.digits_not_expected")
        if digits == "none" and typed:
            return Refused("devices.refused.digits_not_expected")
        if digits == "required" and not typed:
            return Refused("devices.refused.number_needed")
        return Intent(name, number=typed)


# The counter's ticket state -> the API steps an intent takes from there. ``None`` (no ticket) is a state.
# A step is an action of POST /counters/{n}/tickets/{id}/{action}, or "call-next", "call", "pause",
# "unpause", "transfer", "logout". A four-key keypad has no Bắt đầu / Kết thúc: Gọi tiếp on a called
# ticket records it as served (started and finished now) before calling the next.
PLANS: dict[str, dict[str | None, tuple[str, ...]]] = {
    "call_next": {None: ("call-next",), "called": ("start", "finish", "call-next"),
                  "serving": ("finish", "call-next")},
    "call_number": {None: ("call",), "called": ("start", "finish", "call"), "serving": ("finish", "call")},
    "recall": {"called": ("recall",)},
    "start": {"called": ("start",)},
    "finish": {"called": ("start", "finish"), "serving": ("finish",)},
    "no_show": {"called": ("no-show",)},
    "transfer": {"called": ("transfer",), "serving": ("transfer",)},
    "logout": {None: ("logout",)},
}
TICKET_STATES: tuple[str | None, ...] = (None, "called", "serving")


def plan(intent: Intent, ticket_state: str | None, paused: bool) -> tuple[str, ...] | None:
    """The API steps for *intent* at a counter whose ticket is in *ticket_state* (``None``: no ticket);
    ``None`` when the intent makes no sense there (the keypad shows an error and nothing is sent)."""
    if intent.name == "pause":
        return ("unpause",) if paused else ("pause",)
    name = "call_number" if intent.name == "call_next" and intent.number else intent.name
    if name in ("call_next", "call_number") and paused:
        return None
    return PLANS.get(name, {}).get(ticket_state)
