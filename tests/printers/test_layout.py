"""Ticket layout: widths, wrapping, Vietnamese glyphs, the QR code and the template's lines."""

from dataclasses import replace

import pytest
from PIL import Image, ImageChops
from pyzbar.pyzbar import decode

from printers.fonts import drawing, font, missing_glyphs
from printers.layout import render_ticket, wrap
from printers.template import default_config, parse_ticket_config
from printers.ticket import sample_ticket

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> str:
    import unicodedata

    base = VOWELS + VOWELS.upper()
    toned = "".join(unicodedata.normalize("NFC", v + t) for v in base for t in TONES)
    return base + toned + "đĐ"


def ink_columns(image: Image.Image) -> tuple[int, int]:
    """First and last column holding a black dot."""
    box = ImageChops.invert(image.convert("L")).getbbox()
    assert box is not None
    return box[0], box[2]


@pytest.mark.parametrize("width", [384, 576])
def test_image_is_exactly_the_paper_width(ticket, width):
    image = render_ticket(ticket, default_config(width)).image
    assert (image.mode, image.width) == ("1", width)


def test_every_vietnamese_letter_has_a_glyph():
    letters = vietnamese_letters()
    assert len(letters) == 24 + 24 * 5 + 2
    for bold in (False, True):
        assert missing_glyphs(letters, 28, bold) == set()


def test_missing_glyph_detection_works():
    assert missing_glyphs("a\U000f0001") == {"\U000f0001"}  # a private-use character has no glyph


@pytest.mark.parametrize("vowel", list(VOWELS + VOWELS.upper()))
def test_each_tone_mark_is_drawn(vowel):
    # Each tone must change the drawing of the letter, and each tone differently.
    import unicodedata

    drawings = {drawing(unicodedata.normalize("NFC", vowel + t), 40, True) for t in ["", *TONES]}
    assert len(drawings) == 6


def test_decomposed_input_is_drawn_like_precomposed(ticket):
    nfd = "Tie\u0302\u0301p nha\u0323\u0302n"  # "Tiếp nhận" typed with combining marks
    a = render_ticket(replace(ticket, field_name=nfd)).image
    b = render_ticket(replace(ticket, field_name="Tiếp nhận")).image
    assert ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


@pytest.mark.parametrize("width", [384, 576])
def test_long_field_name_wraps_inside_the_paper(ticket, width):
    cfg = default_config(width)
    long_name = "Lao động – Thương binh và Xã hội, Giáo dục nghề nghiệp và Bảo hiểm thất nghiệp " * 3
    short = render_ticket(ticket, cfg).image
    image = render_ticket(replace(ticket, field_name=long_name), cfg).image
    assert image.height > short.height + 3 * cfg.sizes["field"]  # more lines, not cut off
    left, right = ink_columns(image)
    assert left >= cfg.margin - 1 and right <= width - cfg.margin + 1


def test_wrap_breaks_a_word_longer_than_the_line():
    f = font(24)
    lines = wrap("https://example.invalid/" + "x" * 80, f, 200)
    assert len(lines) > 2 and all(f.getlength(line) <= 200 for line in lines)


def test_long_number_shrinks_to_fit(ticket):
    cfg = default_config(384)
    image = render_ticket(replace(ticket, number_label="A-1234567"), cfg).image
    left, right = ink_columns(image)
    assert left >= cfg.margin - 1 and right <= 384 - cfg.margin + 1


@pytest.mark.parametrize("width", [384, 576])
def test_qr_decodes_to_the_ticket_url(ticket, width):
    rendered = render_ticket(ticket, default_config(width))
    found = [r.data.decode() for r in decode(rendered.image.convert("L"))]
    assert found == [ticket.qr_url]


def test_configured_url_replaces_the_ticket_url(ticket):
    cfg = parse_ticket_config({"qr_url": "https://dichvucong.gov.vn/"})
    found = [r.data.decode() for r in decode(render_ticket(ticket, cfg).image.convert("L"))]
    assert found == ["https://dichvucong.gov.vn/"]


def test_template_leaves_out_lines(ticket):
    full = render_ticket(ticket).image
    cfg = parse_ticket_config({"layout": {"lines": ["field", "number"]}})
    rendered = render_ticket(ticket, cfg)
    assert rendered.qr_rows is None and rendered.image.height < full.height / 2
    assert decode(rendered.image.convert("L")) == []


def test_optional_lines_disappear_when_empty(ticket):
    plain = replace(ticket, priority=None, counter=None, estimated_wait_minutes=None, qr_url="", footer="")
    assert render_ticket(plain).image.height < render_ticket(ticket).image.height - 200


def test_sizes_change_the_number(ticket):
    small = parse_ticket_config({"layout": {"lines": ["number"], "sizes": {"number": 60}}})
    large = parse_ticket_config({"layout": {"lines": ["number"], "sizes": {"number": 180}}})
    assert render_ticket(ticket, large).image.height > 2 * render_ticket(ticket, small).image.height


def test_logo_is_drawn_at_the_top(ticket, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("L", (300, 300), 0).save(logo)
    cfg = parse_ticket_config({"logo": str(logo), "layout": {"lines": ["logo", "number"], "sizes": {"logo": 80}}})
    image = render_ticket(ticket, cfg).image
    top = image.crop((0, 0, image.width, 40)).convert("L")
    assert ImageChops.invert(top).getbbox() is not None  # black logo dots in the first rows


def test_broken_logo_does_not_stop_the_ticket(ticket, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    image = render_ticket(replace(ticket, logo=logo)).image
    assert image.width == 576


def test_wait_line_reads_naturally():
    from printers.layout import _wait_text

    assert _wait_text(0, "vi") == "Thời gian chờ dự kiến: sắp đến lượt"  # not "khoảng 0 phút"
    assert _wait_text(12, "vi") == "Thời gian chờ dự kiến: khoảng 12 phút"
    assert _wait_text(75, "vi") == "Thời gian chờ dự kiến: khoảng 1 giờ 15 phút"


@pytest.mark.parametrize("width", [384, 576])
def test_lines_never_break_inside_a_compound_or_a_name(width):
    from printers.layout import balanced_wrap

    cfg = default_config(width)
    texts = [
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NINH BÌNH", cfg.sizes["centre_name"], True),
        ("Lao động – Thương binh và Xã hội", cfg.sizes["field"], True),
        ("Số 1 đường Trường Chinh, phường Phủ Lý, tỉnh Ninh Bình", cfg.sizes["centre_address"], False),
    ]
    for text, size, bold in texts:
        lines = balanced_wrap(text, font(size, bold), width - 2 * cfg.margin)
        assert " ".join(lines) == text
        for line in lines[1:]:
            assert not line.upper().startswith(("CHÍNH", "CÔNG", "BINH", "HỘI", "BÌNH", "CHINH", "LÝ")), lines
    # the capital letters that find names are read before the centre's name is set in capitals
    upper = render_ticket(sample_ticket(), cfg)
    assert upper.image.width == width


def test_an_overloaded_field_is_said_in_words_not_a_number(ticket):

    plain = render_ticket(replace(ticket, estimated_wait_minutes=None)).image
    busy = render_ticket(replace(ticket, estimated_wait_minutes=None, overloaded=True)).image
    assert busy.height > plain.height  # one more line of text: the overload sentence
    from assets.texts import tr

    assert "rất đông" in tr("printer.ticket.wait_overloaded", "vi")
