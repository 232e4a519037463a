"""The reports' figures as people read them (a decimal comma in Vietnamese, a point in English) and the
waiting-time chart's figures kept clear of its 90th-percentile marks."""

from __future__ import annotations

import re

from core.reports.export import number_text
from server.report_charts import column_chart, wait_chart


def test_vietnamese_figures_use_a_decimal_comma_and_english_a_point() -> None:
    assert [number_text(v, "vi") for v in (7.08, 1234.5, 205776, 7.0, 0.17, 3_000_000.0)] == [
        "7,08", "1.234,5", "205.776", "7", "0,17", "3.000.000"]
    assert [number_text(v, "en") for v in (7.08, 1234.5, 205776, 7.0)] == ["7.08", "1,234.5", "205,776", "7"]
    assert number_text("1, 2", "vi") == "1, 2"  # text (counters worked at) passes unchanged


def _texts(svg: str) -> list[tuple[float, str]]:
    return [(float(x), t) for x, t in re.findall(r"<text x='([\d.]+)'[^>]*>([^<]*)</text>", svg)]


def _marks(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r"<line x1='([\d.]+)' x2='[\d.]+' y1='[\d.]+' y2='[\d.]+' stroke='#1a2530'",
                                         svg)]


def test_the_wait_chart_writes_its_figures_with_a_decimal_comma() -> None:
    svg = wait_chart([("Bảo hiểm xã hội", 2.54, 7.3), ("Đất đai", 16.09, 20.53)], 20, "Chờ", "Hạn 20 phút")
    figures = [t for _, t in _texts(svg)]
    assert "2,54" in figures and "16,09" in figures and "2.54" not in svg
    english = wait_chart([("Social insurance", 2.54, 7.3)], 20, "Wait", "Target", lang="en")
    assert "2.54" in [t for _, t in _texts(english)]


def test_a_short_bars_figure_is_written_after_its_p90_mark() -> None:
    # the scale runs to 50 minutes for the other field: 2.54 is a bar too short to hold its figure
    svg = wait_chart([("Bảo hiểm xã hội", 2.54, 7.3), ("Nông nghiệp", 12.76, 40.98)], 20, "Chờ", "Hạn 20 phút")
    mark = _marks(svg)[0]
    (figure_x,) = [x for x, t in _texts(svg) if t == "2,54"]
    assert figure_x > mark  # before, the figure started at the bar's end and the mark ran through it


def test_a_long_bars_figure_is_written_inside_the_bar_clear_of_the_mark() -> None:
    svg = wait_chart([("Đất đai", 16.09, 20.53)], 20, "Chờ", "Hạn 20 phút")
    (mark,) = _marks(svg)
    figure = re.search(r"<text x='([\d.]+)'[^>]*text-anchor='end'[^>]*fill='#fff'>16,09</text>", svg)
    assert figure is not None and float(figure.group(1)) < mark


def test_the_hours_chart_axis_reads_in_vietnamese() -> None:
    svg = column_chart([("8h", 1250), ("9h", 3)], "Số phiếu")
    assert "1.250" in [t for _, t in _texts(svg)]  # thousands by a dot: the value above the bar
