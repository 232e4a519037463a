"""Errors of the printing area that a person may read: each carries a catalog key, not words."""

from __future__ import annotations

from assets.texts import tr


class PrinterError(Exception):
    """A printing error with a text-catalog key and its values; ``text(lang)`` gives the message."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str = "vi") -> str:
        """The message in *lang* (Vietnamese by default)."""
        return tr(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.text("vi")


class PrinterUriError(PrinterError):
    """A printer URI that cannot be used: the message names the part that is wrong."""

    def __init__(self, uri: str, problem: str, /, **values: object) -> None:
        super().__init__(problem, **values)
        self.uri = uri

    def text(self, lang: str = "vi") -> str:
        return tr("printer.uri.invalid", lang, uri=self.uri, problem=tr(self.key, lang, **self.values))


class TicketConfigError(PrinterError):
    """A bad value in the ``[ticket]`` table: the message names the key and what is wrong with it."""

    def __init__(self, config_key: str, problem: str, /, **values: object) -> None:
        super().__init__(problem, **values)
        self.config_key = config_key

    def text(self, lang: str = "vi") -> str:
        return tr("printer.config.invalid", lang, key=self.config_key, problem=tr(self.key, lang, **self.values))
