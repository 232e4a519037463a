"""Vietnamese number reading, checked against a table of known readings in each regional choice."""

import pytest

from client.voice.numbers import (
    NORTH,
    SOUTH,
    Reading,
    digit_words,
    number_words,
    split_ticket,
    ticket_words,
)

# Northern reading (linh, nghìn, mốt, bốn, lăm): the default.
NORTH_TABLE = {
    0: "không", 1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám",
    9: "chín", 10: "mười", 11: "mười một", 12: "mười hai", 13: "mười ba", 14: "mười bốn",
    15: "mười lăm", 16: "mười sáu", 17: "mười bảy", 18: "mười tám", 19: "mười chín", 20: "hai mươi",
    21: "hai mươi mốt", 24: "hai mươi bốn", 25: "hai mươi lăm", 30: "ba mươi", 31: "ba mươi mốt",
    100: "một trăm", 101: "một trăm linh một", 104: "một trăm linh bốn", 105: "một trăm linh năm",
    110: "một trăm mười", 111: "một trăm mười một", 115: "một trăm mười lăm",
    1000: "một nghìn", 1001: "một nghìn không trăm linh một",
    1005: "một nghìn không trăm linh năm", 1010: "một nghìn không trăm mười",
    1015: "một nghìn không trăm mười lăm", 1021: "một nghìn không trăm hai mươi mốt",
    1024: "một nghìn không trăm hai mươi bốn", 1105: "một nghìn một trăm linh năm",
    2000: "hai nghìn", 9999: "chín nghìn chín trăm chín mươi chín",
    10005: "mười nghìn không trăm linh năm", 21000: "hai mươi mốt nghìn",
    1_000_000: "một triệu", 1_000_005: "một triệu không trăm linh năm",
}  # fmt: skip

# What each regional choice changes, number by number; unlisted numbers read as in the North.
CHOICE_CHANGES = {
    "zero_tens=lẻ": {
        101: "một trăm lẻ một", 104: "một trăm lẻ bốn", 105: "một trăm lẻ năm",
        1001: "một nghìn không trăm lẻ một",
        1005: "một nghìn không trăm lẻ năm", 1105: "một nghìn một trăm lẻ năm",
        10005: "mười nghìn không trăm lẻ năm", 1_000_005: "một triệu không trăm lẻ năm",
    },
    "thousand=ngàn": {
        1000: "một ngàn", 1001: "một ngàn không trăm linh một", 1005: "một ngàn không trăm linh năm",
        1010: "một ngàn không trăm mười", 1015: "một ngàn không trăm mười lăm",
        1021: "một ngàn không trăm hai mươi mốt", 1024: "một ngàn không trăm hai mươi bốn",
        1105: "một ngàn một trăm linh năm", 2000: "hai ngàn", 9999: "chín ngàn chín trăm chín mươi chín",
        10005: "mười ngàn không trăm linh năm", 21000: "hai mươi mốt ngàn",
    },
    "one_after_tens=một": {
        21: "hai mươi một", 31: "ba mươi một", 1021: "một nghìn không trăm hai mươi một",
        21000: "hai mươi một nghìn",
    },
    "four_after_tens=tư": {24: "hai mươi tư", 1024: "một nghìn không trăm hai mươi tư"},
    # "nhăm" only after "mươi" (25 = hai mươi nhăm); 15 stays "mười lăm" in every region
    "five_after_ten=nhăm": {25: "hai mươi nhăm"},
}  # fmt: skip


def reading_for(choice: str) -> Reading:
    key, value = choice.split("=")
    return Reading(**{key: value})


@pytest.mark.parametrize(("n", "words"), NORTH_TABLE.items())
def test_north_reading(n, words):
    assert " ".join(number_words(n, NORTH)) == words


@pytest.mark.parametrize("choice", CHOICE_CHANGES)
@pytest.mark.parametrize("n", NORTH_TABLE)
def test_each_regional_choice(choice, n):
    expected = CHOICE_CHANGES[choice].get(n, NORTH_TABLE[n])
    assert " ".join(number_words(n, reading_for(choice))) == expected


def test_choice_tables_only_list_known_numbers():
    for changes in CHOICE_CHANGES.values():
        assert set(changes) <= set(NORTH_TABLE)


def test_south_preset_combines_le_and_ngan():
    assert " ".join(number_words(1005, SOUTH)) == "một ngàn không trăm lẻ năm"
    assert " ".join(number_words(105, SOUTH)) == "một trăm lẻ năm"


def test_tu_never_replaces_bon_in_the_teens_or_after_linh():
    reading = Reading(four_after_tens="tư")
    assert number_words(14, reading) == ["mười", "bốn"]
    assert number_words(104, reading) == ["một", "trăm", "linh", "bốn"]


def test_mot_never_after_muoi_or_linh():
    assert number_words(11) == ["mười", "một"]
    assert number_words(101)[-1] == "một"


def test_bad_choice_names_the_key():
    with pytest.raises(ValueError, match="zero_tens"):
        Reading(zero_tens="lẽ")


@pytest.mark.parametrize("n", [-1, 1_000_000_000])
def test_out_of_range(n):
    with pytest.raises(ValueError, match="out of range"):
        number_words(n)


def test_digit_by_digit():
    assert digit_words("1005") == ["một", ",", "không", ",", "không", ",", "năm"]


def test_prefix_letter_read_as_letter():
    assert ticket_words("A005") == ["letter_a", "năm"]
    assert ticket_words("B-105", by_digit=True) == [
        "letter_b", ",", "một", ",", "không", ",", "năm",
    ]  # fmt: skip
    assert ticket_words("Đ12") == ["letter_dd", "mười", "hai"]


def test_ticket_as_int():
    assert ticket_words(1005) == number_words(1005)


@pytest.mark.parametrize("bad", ["", "A", "12A", "1.5", "١٢"])
def test_bad_ticket(bad):
    with pytest.raises(ValueError, match="ticket"):
        split_ticket(bad)
