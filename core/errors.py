"""Domain errors. Each has a stable machine code and its texts in the catalogs under ``error.<code>``
(Vietnamese and English), filled from the error's parameters. Which HTTP status each becomes is the
server's business (``server/errors.py``: ``http_status``).

Raising one of these always means "nothing was changed": the engine raises before it writes, or inside a
transaction that is then rolled back.
"""

from __future__ import annotations

from typing import ClassVar

from assets.texts import WordedError, tr

# Parameters whose values are themselves catalog keys (a state, an action): they are
# translated into the message's language rather than shown as codes.
_TRANSLATED = {"state": "state", "action": "action"}


class QmsError(WordedError):
    """Base of every domain error a user may see. ``code`` is stable; the texts come from the catalogs
    (``error.<code>``)."""

    code: ClassVar[str] = "error"

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(f"error.{self.code}", **params)

    def __str__(self) -> str:
        return self.message("en")

    def message(self, lang: str = "vi") -> str:
        """The message in *lang* (``vi`` or ``en``)."""
        values = {
            key: tr(f"{_TRANSLATED[key]}.{value}", lang, **self.params) if key in _TRANSLATED else value
            for key, value in self.params.items()
        }
        return tr(f"error.{self.code}", lang, **values)

    def to_dict(self) -> dict[str, object]:
        """The JSON body the server sends: code, both messages and the parameters."""
        return {
            "code": self.code,
            "message_vi": self.message("vi"),
            "message_en": self.message("en"),
            "details": {k: v for k, v in self.params.items() if isinstance(v, str | int | float | None)},
        }


class NotFound(QmsError):
    """Something named by the caller does not exist."""


class Conflict(QmsError):
    """The request is well-formed but the current state forbids it."""


class FieldUnknown(NotFound):
    """No field (lĩnh vực) has this code."""

    code = "field_unknown"


class FieldClosed(Conflict):
    """The field takes no tickets at this time (outside its ticket hours)."""

    code = "field_closed"


class FieldFull(Conflict):
    """The field has issued its daily cap or run out of numbers for the day."""

    code = "field_full"


class CounterUnknown(NotFound):
    """No counter has this number."""

    code = "counter_unknown"


class CounterClosed(Conflict):
    """No officer is logged in at the counter."""

    code = "counter_closed"


class CounterPaused(Conflict):
    """The counter is paused (tạm nghỉ) and cannot call."""

    code = "counter_paused"


class CounterBusy(Conflict):
    """The counter still has a called or serving ticket."""

    code = "counter_busy"


class CounterIdle(Conflict):
    """The counter has no ticket to act on."""

    code = "counter_idle"


class FieldNotServed(Conflict):
    """The counter does not serve this field."""

    code = "field_not_served"


class StaffUnknown(NotFound):
    """No staff member has this username."""

    code = "staff_unknown"


class DeviceUnknown(NotFound):
    """No device has this id."""

    code = "device_unknown"


class StaffDisabled(Conflict):
    """The staff member's account is disabled."""

    code = "staff_disabled"


class StaffExists(Conflict):
    """A staff member with this username already exists."""

    code = "staff_exists"


class TicketUnknown(NotFound):
    """No ticket has this id or number today."""

    code = "ticket_unknown"


class TicketAtOtherCounter(Conflict):
    """The ticket is being handled at another counter."""

    code = "ticket_other_counter"


class TicketForOtherCounter(Conflict):
    """The waiting ticket was transferred to another counter: only that counter calls it."""

    code = "ticket_for_other_counter"


class TicketExpired(Conflict):
    """The ticket belongs to an earlier day: it can be finished or marked a no-show, not queued again."""

    code = "ticket_expired"


class IllegalTransition(Conflict):
    """The ticket's state does not allow the action. Subclasses name the state the action needs."""

    code = "illegal_transition"


class TicketNotWaiting(IllegalTransition):
    """The action needs a waiting ticket."""

    code = "ticket_not_waiting"


class TicketNotCalled(IllegalTransition):
    """The action needs a called ticket."""

    code = "ticket_not_called"


class TicketNotServing(IllegalTransition):
    """The action needs a ticket being served."""

    code = "ticket_not_serving"


class TicketNotAbsent(IllegalTransition):
    """The action needs a ticket marked absent (no-show)."""

    code = "ticket_not_absent"


class NoShowFinal(Conflict):
    """The centre's policy does not let a citizen marked absent come back with the same number."""

    code = "no_show_final"


class NumberAmbiguous(Conflict):
    """Several fields have a waiting ticket with this number: the officer must say which field."""

    code = "number_ambiguous"


class TicketNotHeld(IllegalTransition):
    """The action needs a held (parked) ticket."""

    code = "ticket_not_held"


class TransferNowhere(Conflict):
    """A transfer must name another field or a counter."""

    code = "transfer_nowhere"


class DataFolderError(QmsError):
    """The data folder cannot be used as it is; the message says what to do. Raised before anything in
    it is changed."""

    code = "data_folder"


class DatabaseMissing(DataFolderError):
    """``centre.toml`` is there but ``qms.db`` is missing or empty: starting a fresh one would silently
    lose every device key and PIN and number from 1 again."""

    code = "database_missing"


class DatabaseTooNew(DataFolderError):
    """The database was written by a newer version of QMS (migrations this version does not know)."""

    code = "database_too_new"


class DatabaseUnusable(DataFolderError):
    """The database cannot be opened or read (damaged, not a database, a folder without write access)."""

    code = "database_unusable"


class DataFolderInUse(DataFolderError):
    """Another server already runs on this data folder."""

    code = "data_folder_in_use"
