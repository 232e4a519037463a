"""A field's ticket numbers as ``centre.toml`` writes them (``numbers = "1001-1999"``, ``"A001-A999"``):
parsed once, then used to print the day's numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERS = re.compile(r"^([A-Z]{0,2})(\d{1,6})-([A-Z]{0,2})(\d{1,6})$")


@dataclass(frozen=True)
class NumberFormat:
    """A field's numbers: an optional letter prefix and a range, e.g. ``1001-1999`` or ``A001-A999``."""

    prefix: str
    width: int
    first: int
    last: int

    @classmethod
    def parse(cls, text: str) -> NumberFormat:
        """Parse ``"1001-1999"`` or ``"A001-A999"``; raise ``ValueError`` when malformed."""
        m = _NUMBERS.match(text.strip().upper())
        if not m or m.group(1) != m.group(3):
            raise ValueError(text)
        first, last = int(m.group(2)), int(m.group(4))
        # "A001-A999" pads to three digits; "1-99" does not pad; "01-999" is ambiguous.
        same_width = len(m.group(2)) == len(m.group(4))
        if first > last or (not same_width and m.group(2).startswith("0")):
            raise ValueError(text)
        return cls(prefix=m.group(1), width=len(m.group(2)) if same_width else 1, first=first, last=last)

    @property
    def capacity(self) -> int:
        """How many numbers the range holds."""
        return self.last - self.first + 1

    def label(self, seq: int) -> str:
        """The printed number of the *seq*-th ticket of the day (1-based)."""
        return f"{self.prefix}{self.first + seq - 1:0{self.width}d}"

    def __str__(self) -> str:
        return f"{self.label(1)}-{self.prefix}{self.last:0{self.width}d}"
