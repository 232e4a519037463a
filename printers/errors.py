"""Errors of the printing area that a person may read: each carries a catalog key, not words."""

from __future__ import annotations

from assets.settings import ConfigError
from assets.texts import WordedError, tr


class PrinterError(WordedError):
    """A printing error with a text-catalog key and its values; ``message(lang)`` gives the message."""


class PrinterUriError(PrinterError):
    """A printer URI that cannot be used: the message names the part that is wrong."""

    def __init__(self, uri: str, problem: str, /, **values: object) -> None:
        super().__init__(problem, **values)
        self.uri = uri

    def message(self, lang: str = "vi") -> str:
        return tr("printer.uri.invalid", lang, uri=self.uri, problem=tr(self.key, lang, **self.values))


class TicketConfigError(ConfigError, PrinterError):
    """A bad value in the ``[ticket]`` table of ``centre.toml``: a configuration error like any other,
    and a printing error too, since ``qms print-test`` and the kiosk handle it with the printer's."""
