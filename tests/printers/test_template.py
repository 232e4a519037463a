"""The [ticket] table: a good default, custom lines and sizes, errors that name the key."""

import pytest

from printers.errors import TicketConfigError
from printers.template import LINE_KINDS, default_config, parse_ticket_config


def test_absent_table_gives_the_default_80mm_ticket():
    cfg = parse_ticket_config(None)
    assert (cfg.width, cfg.lines, cfg.escpos.image_impl, cfg.escpos.cut) == (576, LINE_KINDS, "bitImageRaster", "full")


def test_58mm_paper_scales_sizes_down():
    small, large = parse_ticket_config({"paper": "58mm"}), default_config(576)
    assert small.width == 384
    assert small.sizes["number"] < large.sizes["number"]
    assert small.sizes["footer"] >= round(large.sizes["footer"] * 0.8)


def test_lines_order_and_sizes():
    cfg = parse_ticket_config(
        {"layout": {"lines": ["number", "field", "qr"], "sizes": {"number": 200, "qr": 6}}, "width_dots": 512}
    )
    assert (cfg.lines, cfg.sizes["number"], cfg.sizes["qr"], cfg.width) == (("number", "field", "qr"), 200, 6, 512)


def test_escpos_options():
    escpos = {"image_impl": "graphics", "cut": "partial", "buzzer": True, "native_qr": True}
    cfg = parse_ticket_config({"escpos": escpos})
    assert (cfg.escpos.image_impl, cfg.escpos.cut, cfg.escpos.buzzer, cfg.escpos.native_qr) == (
        "graphics",
        "partial",
        2,
        True,
    )


def test_width_argument_overrides_the_table():
    assert parse_ticket_config({"paper": "80mm"}, width=384).width == 384


@pytest.mark.parametrize(
    ("raw", "key", "words"),
    [
        ({"paper": "76mm"}, "ticket.paper", "58mm, 80mm"),
        ({"colour": "red"}, "ticket.colour", "valid keys"),
        ({"layout": {"lines": "number"}}, "ticket.layout.lines", "list of line names"),
        ({"layout": {"lines": ["number", "weather"]}}, "ticket.layout.lines[1]", "no line “weather”"),
        ({"layout": {"lines": ["number", "qr", "qr"]}}, "ticket.layout.lines[2]", "more than once"),
        ({"layout": {"lines": ["field", "qr"]}}, "ticket.layout.lines", "“number” line"),
        ({"layout": {"sizes": {"number": "big"}}}, "ticket.layout.sizes.number", "whole number from 24 to 600"),
        ({"layout": {"sizes": {"qr": 40}}}, "ticket.layout.sizes.qr", "from 1 to 16"),
        ({"layout": {"sizes": {"headline": 30}}}, "ticket.layout.sizes.headline", "valid keys"),
        ({"escpos": {"cut": "half"}}, "ticket.escpos.cut", "full, partial, none"),
        ({"escpos": {"native_qr": "yes"}}, "ticket.escpos.native_qr", "true or false"),
        ({"escpos": {"buzzer": 12}}, "ticket.escpos.buzzer", "from 0 to 9"),
        ({"logo": "/nonexistent/logo.png"}, "ticket.logo", "not found"),
        ({"layout": []}, "ticket.layout", "TOML table"),
    ],
)
def test_errors_name_the_key(raw, key, words):
    with pytest.raises(TicketConfigError) as err:
        parse_ticket_config(raw)
    assert err.value.config_key == key
    assert key in err.value.message("en") and words in err.value.message("en")
    assert key in err.value.message("vi")


def test_rule_may_repeat():
    assert parse_ticket_config({"layout": {"lines": ["rule", "number", "rule"]}}).lines.count("rule") == 2
