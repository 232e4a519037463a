"""A report written out: an aligned text table, JSON (stable English keys, for programs), or CSV and
XLSX for spreadsheets — with Vietnamese headers (or English) and the centre's name and the period in
title rows above the table, as a report sent to the province carries them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from assets.texts import tr
from core.reports.figures import Report

FORMATS = ("table", "csv", "json", "xlsx")
Label = Callable[[str, Any], str]


def group_label(by: str, key: Any, lang: str = "vi", names: dict[str, str] | None = None) -> str:
    """How a group is named in a table: a weekday's name, an hour as 08:00–09:00, a field's name."""
    if key is None:
        return tr("report.total", lang)
    if by == "weekday":
        return tr(f"report.weekday_{key}", lang)
    if by == "hour":
        return f"{key:02d}:00–{(key + 1) % 24:02d}:00"
    if by == "field" and names and key in names:
        return f"{key} — {names[key]}"
    return str(key)


def header(report: Report, column: str, lang: str = "vi") -> str:
    """A column's heading in *lang*; per counter or officer "issued" counts the tickets handled there."""
    if column == "issued" and report.by in ("counter", "officer"):
        return tr("report.issued_at_counter", lang)
    return tr(f"report.{column}", lang)


def title_rows(report: Report, centre: str, lang: str = "vi") -> list[str]:
    """The lines above the table: the centre, what the report is, the period and the waiting target."""
    return [centre, tr("report.title", lang, by=tr(f"report.by_{report.by}", lang)),
            tr("report.period", lang, first=f"{report.period.first:%d/%m/%Y}", last=f"{report.period.last:%d/%m/%Y}"),
            tr("report.target", lang, minutes=report.target_minutes)]


def table_cells(report: Report, lang: str = "vi", names: dict[str, str] | None = None) -> list[list[Any]]:
    """The header row, one row per group and the total row, as values (numbers stay numbers)."""
    columns = report.columns
    cells: list[list[Any]] = [[header(report, c, lang) for c in columns]]
    for row in [*report.rows, report.total]:
        key = row[report.by]
        cells.append([group_label(report.by, key, lang, names)] + [row.get(c) for c in columns[1:]])
    return cells


def to_json(report: Report, centre: str) -> str:
    """The report as JSON: the centre, the period, the columns, the rows and the total."""
    return json.dumps({"centre": centre, **report.to_dict()}, ensure_ascii=False, indent=2)


def to_csv(report: Report, centre: str, lang: str = "vi", names: dict[str, str] | None = None) -> str:
    """CSV with the title rows, a blank row, then the table (UTF-8; spreadsheets want the BOM the
    server adds in front)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for line in title_rows(report, centre, lang):
        writer.writerow([line])
    writer.writerow([])
    for row in table_cells(report, lang, names):
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def to_xlsx(report: Report, centre: str, lang: str = "vi", names: dict[str, str] | None = None) -> bytes:
    """An XLSX workbook: one sheet with the title rows, the table (numbers as numbers) and the total."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = tr(f"report.by_{report.by}", lang)[:31]
    titles = title_rows(report, centre, lang)
    for line in titles:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].font = Font(bold=True, size=12)
    sheet.append([])
    cells = table_cells(report, lang, names)
    head = len(titles) + 2
    for row in cells:
        sheet.append(row)
    for cell in sheet[head]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[head + len(cells) - 1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=head + 1, column=2)
    sheet.column_dimensions["A"].width = 28
    for i in range(2, len(cells[0]) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 12
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def number_text(value: Any, lang: str = "vi") -> str:
    """A figure as people read it: Vietnamese ``1.234,5`` (a decimal comma, thousands by dots), English
    ``1,234.5``; figures are rounded to at most two decimals already, and a whole number shows none. Text
    passes unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def to_table(report: Report, centre: str, lang: str = "vi", names: dict[str, str] | None = None) -> str:
    """An aligned text table for a terminal, under the title rows."""
    cells = [["" if v is None else number_text(v, lang) for v in row] for row in table_cells(report, lang, names)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join([*title_rows(report, centre, lang), "", *lines]) + "\n"


def rows_table(rows: list[dict[str, Any]], lang: str = "vi") -> str:
    """Plain rows (the per-day staff report) as an aligned text table."""
    if not rows:
        return ""
    names = list(rows[0])
    cells = [[tr(f"report.{n}", lang) for n in names]] + [
        ["" if r[n] is None else number_text(r[n], lang) for n in names] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(names))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
