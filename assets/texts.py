"""The user-facing text catalogs: one TOML file per language (Vietnamese first, English second).

Every message a person can see or hear lives in ``assets/i18n/<lang>.toml`` under a dotted key
(``error.field_unknown``). Code asks for a key and fills ``{placeholders}``; it never holds the words.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


@cache
def catalog(lang: str) -> dict[str, str]:
    """Return the flattened catalog of *lang* (``{"error.field_unknown": "...", ...}``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    raw = tomllib.loads(resources.files("assets").joinpath("i18n", f"{lang}.toml").read_text("utf-8"))
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", raw)
    return flat


def tr(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for *key* in *lang*, with ``{placeholders}`` filled from *values*.

    A key missing from the catalog raises ``KeyError``: a test checks that both catalogs hold the same
    keys, so a missing text is found before a citizen sees a blank.
    """
    return catalog(lang)[key].format(**values)


def both(key: str, /, **values: object) -> tuple[str, str]:
    """The Vietnamese and English texts for *key*."""
    return tr(key, "vi", **values), tr(key, "en", **values)


def cli_language() -> str:
    """The language of command-line output: ``$QMS_LANG`` when it names a catalog, else Vietnamese."""
    lang = os.environ.get("QMS_LANG", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class WordedError(Exception):
    """Base of every error a person may read, in any area: ``message(lang)`` words it from the catalogs.

    The default wording is the catalog entry ``key`` filled with ``values``; areas whose errors carry
    more (a domain code, a server's answer) override :meth:`message`. Code that shows an error (a dialog,
    the command line, ``qms check``) needs to know nothing else.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in *lang* (``vi`` or ``en``)."""
        return tr(self.key, lang, **self.values)

    def both(self) -> str:
        """Vietnamese, then English: for logs and the command line."""
        return f"{self.message('vi')} / {self.message('en')}"

    def __str__(self) -> str:
        return self.message(DEFAULT_LANGUAGE)
