"""The text catalogs: the same keys and placeholders in Vietnamese and English."""

from __future__ import annotations

import string

from assets.texts import catalog


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_and_placeholders() -> None:
    vi, en = catalog("vi"), catalog("en")
    assert set(vi) == set(en)
    for key in vi:
        assert placeholders(vi[key]) == placeholders(en[key]), key


def test_vietnamese_has_diacritics() -> None:
    # a catalog typed without accents would still pass the key check; Vietnamese text has them
    vi = catalog("vi")
    accented = sum(1 for text in vi.values() if any(ord(ch) > 127 for ch in text))
    assert accented / len(vi) > 0.8
