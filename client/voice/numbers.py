"""Reading numbers aloud in Vietnamese, as words the clip set holds.

num2words' ``lang="vi"`` reads 1005 as "một nghìn lẻ năm" (it drops "không trăm"), 1010 as "một nghìn lẻ
mười" and offers none of the regional choices a centre sets, so the reading here is a small tested
function. Every reading is a list of words, each a clip in the manifest; the table in
``tests/client/voice/test_numbers.py`` holds the known readings in each regional choice.
"""

from __future__ import annotations

from dataclasses import dataclass

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Vietnamese names of the letters a ticket prefix may use. The clip names are "letter_<x>".
LETTER_NAMES: dict[str, str] = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích xì",
    "Y": "i dài", "Z": "dét",
}  # fmt: skip

# Largest number read as words; a centre's ticket numbers stay far below it.
MAX_NUMBER = 999_999_999

# Marks a short pause between the digits of a digit-by-digit reading ("một, không, không, năm").
DIGIT_PAUSE = ","


@dataclass(frozen=True)
class Reading:
    """The regional choices for reading whole numbers.

    ``zero_tens``: "linh" (North) or "lẻ" (South) for a zero tens digit (105 = một trăm linh/lẻ năm).
    ``thousand``: "nghìn" (North) or "ngàn" (South).
    ``one_after_tens``: "mốt" (21 = hai mươi mốt, the standard) or "một".
    ``four_after_tens``: "bốn" (24 = hai mươi bốn) or "tư" (hai mươi tư).
    ``five_after_ten``: "lăm" (25 = hai mươi lăm, the standard) or "nhăm" (hai mươi nhăm, heard in the
    North) after "mươi"; 15 is "mười lăm" everywhere ("mười năm" would be "ten years").
    """

    zero_tens: str = "linh"
    thousand: str = "nghìn"
    one_after_tens: str = "mốt"
    four_after_tens: str = "bốn"
    five_after_ten: str = "lăm"

    CHOICES = {
        "zero_tens": ("linh", "lẻ"),
        "thousand": ("nghìn", "ngàn"),
        "one_after_tens": ("mốt", "một"),
        "four_after_tens": ("bốn", "tư"),
        "five_after_ten": ("lăm", "nhăm"),
    }

    def __post_init__(self) -> None:
        for name, allowed in self.CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {getattr(self, name)!r}")


NORTH = Reading()
SOUTH = Reading(zero_tens="lẻ", thousand="ngàn")


def _below_thousand(n: int, reading: Reading, full: bool) -> list[str]:
    """Words for 0 < n < 1000; *full* says a higher group came before, so "không trăm" is spoken."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(reading.zero_tens)
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")  # 10-19: "mười", never "một mươi"
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        # "mốt" only after "mươi" (21, 31, ...); 11 is "mười một".
        words.append(reading.one_after_tens if tens >= 2 else "một")
    elif units == 4:
        words.append(reading.four_after_tens if tens >= 2 else "bốn")
    elif units == 5:
        words.append(reading.five_after_ten if tens >= 2 else "lăm")  # 15 is "mười lăm" everywhere
    elif units:
        words.append(DIGITS[units])
    return words


def number_words(n: int, reading: Reading = NORTH) -> list[str]:
    """The words of the whole number *n* (1005 → một nghìn không trăm linh năm)."""
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number out of range 0..{MAX_NUMBER}: {n}")
    if n == 0:
        return [DIGITS[0]]
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words: list[str] = []
    if millions:
        words += _below_thousand(millions, reading, full=False) + ["triệu"]
    if thousands:
        words += _below_thousand(thousands, reading, full=bool(words)) + [reading.thousand]
    if units:
        words += _below_thousand(units, reading, full=bool(words))
    return words


def digit_words(digits: str) -> list[str]:
    """Digit-by-digit reading with a pause mark between digits ("1005" → một , không , không , năm)."""
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"not a string of digits: {digits!r}")
    words: list[str] = []
    for i, d in enumerate(digits):
        if i:
            words.append(DIGIT_PAUSE)
        words.append(DIGITS[int(d)])
    return words


def split_ticket(ticket: str) -> tuple[str, str]:
    """Split a ticket number into its letter prefix and its digits ("A005" → ("A", "005"))."""
    text = ticket.strip().upper().replace("-", "").replace(" ", "")
    i = 0
    while i < len(text) and text[i] in LETTER_NAMES:
        i += 1
    prefix, digits = text[:i], text[i:]
    if not digits or not digits.isdigit() or not digits.isascii():
        raise ValueError(f"not a ticket number (letters then digits): {ticket!r}")
    return prefix, digits


def letter_clip(letter: str) -> str:
    """The clip name of a prefix letter: ASCII, so a centre's file names stay portable ("Đ" → letter_dd)."""
    if letter not in LETTER_NAMES:
        raise ValueError(f"no spoken name for letter {letter!r}")
    return "letter_dd" if letter == "Đ" else f"letter_{letter.lower()}"


def ticket_words(ticket: str | int, reading: Reading = NORTH, by_digit: bool = False) -> list[str]:
    """The words (and letter clip names) of a ticket number such as "1005" or "A005".

    Prefix letters come out as ``letter_<x>`` clip names, since a letter's spoken name ("bê", "xê") is
    a clip of its own. In whole-number reading leading zeros are not spoken (A005 → "a năm").
    """
    prefix, digits = split_ticket(str(ticket))
    words = [letter_clip(ch) for ch in prefix]
    if by_digit:
        if words:
            words.append(DIGIT_PAUSE)
        return words + digit_words(digits)
    return words + number_words(int(digits), reading)
