"""ESC/POS bytes: exact commands from python-escpos's Dummy, and the raster read back pixel for pixel."""

from dataclasses import replace

import pytest
from PIL import ImageChops
from pyzbar.pyzbar import decode

from printers.encode import encode_ticket, prepare_ticket
from printers.layout import render_ticket
from printers.template import EscposOptions, default_config, parse_ticket_config
from tests.fakes.printer import decode_raster, raster_image

ESC_INIT = b"\x1b@"
FEED_6 = b"\x1bd\x06"
FULL_CUT, PART_CUT = b"\x1dV\x00", b"\x1dV\x01"


def same_pixels(a, b) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


@pytest.mark.parametrize("width", [384, 576])
def test_raster_decodes_back_to_the_rendered_image(ticket, width):
    prepared = prepare_ticket(ticket, default_config(width))
    assert same_pixels(raster_image(prepared.data), prepared.image)


@pytest.mark.parametrize("width", [384, 576])
def test_printed_qr_decodes_from_the_bytes(ticket, width):
    data = prepare_ticket(ticket, default_config(width)).data
    assert [r.data.decode() for r in decode(raster_image(data).convert("L"))] == [ticket.qr_url]


def test_exact_header_and_trailer(ticket):
    rendered = render_ticket(ticket, default_config(576))
    data = encode_ticket(rendered)
    height = rendered.image.height
    first = min(height, 960)
    assert data.startswith(ESC_INIT + b"\x1dv0\x00" + bytes((72, 0)) + first.to_bytes(2, "little"))
    assert data.endswith(FEED_6 + FULL_CUT)
    blocks = decode_raster(data)
    assert [h for _, h, _ in blocks] == [first] + ([height - 960] if height > 960 else [])
    assert all(w == 576 for w, _, _ in blocks)


def test_tall_images_are_sent_in_fragments(ticket):
    rendered = render_ticket(ticket, default_config(384))
    data = encode_ticket(rendered, EscposOptions(fragment_height=128))
    heights = [h for _, h, _ in decode_raster(data)]
    assert max(heights) == 128 and sum(heights) == rendered.image.height
    assert same_pixels(raster_image(data), rendered.image)


def test_partial_cut_and_buzzer(ticket):
    data = encode_ticket(render_ticket(ticket), EscposOptions(cut="partial", buzzer=2))
    assert data.endswith(b"\x1bB\x02\x03" + FEED_6 + PART_CUT)


def test_no_cut(ticket):
    data = encode_ticket(render_ticket(ticket), EscposOptions(cut="none"))
    assert PART_CUT not in data[-8:] and FULL_CUT not in data[-8:] and not data.endswith(FEED_6)


def test_graphics_implementation_for_old_printers(ticket):
    data = encode_ticket(render_ticket(ticket), EscposOptions(image_impl="graphics"))
    assert b"\x1d(L" in data and b"\x1dv0" not in data


def test_column_implementation(ticket):
    data = encode_ticket(render_ticket(ticket, default_config(384)), EscposOptions(image_impl="bitImageColumn"))
    assert data.count(b"\x1b*\x21" + (384).to_bytes(2, "little")) > 10 and b"\x1dv0" not in data


def test_native_qr_sends_the_url_to_the_printer(ticket):
    cfg = parse_ticket_config({"escpos": {"native_qr": True}})
    rendered = render_ticket(ticket, cfg)
    data = encode_ticket(rendered, cfg.escpos)
    url = ticket.qr_url.encode()
    store = b"\x1d(k" + (len(url) + 3).to_bytes(2, "little") + b"1P0" + url
    assert store in data and b"\x1d(k\x03\x001Q0" in data  # store the data, then print it
    top, bottom = rendered.qr_rows
    assert sum(h for _, h, _ in decode_raster(data)) == rendered.image.height - (bottom - top)
    assert decode(raster_image(data).convert("L")) == []  # no QR image: the printer draws it


def test_every_ticket_gets_its_own_bytes(ticket):
    a = prepare_ticket(ticket).data
    b = prepare_ticket(replace(ticket, number_label="1006")).data
    assert a != b and len(a) == len(b)
