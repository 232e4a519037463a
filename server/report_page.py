"""The reports page (``/admin/reports``): one server-rendered HTML file — a period form, summary figures,
three charts (inline SVG from server/report_charts.py), the table and download links — whose print
stylesheet makes it the A4 report a centre signs and sends upward (centre, period, signature lines).
Vietnamese first, English under it; nothing is loaded from anywhere else."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlencode

from assets.texts import tr
from core.config import Centre
from core.ratings import ANSWERS
from core.reports import BYS, Report
from core.reports.export import group_label, header, number_text
from server.report_charts import column_chart, share_chart, wait_chart

# The page's table: the figures a director reads; the downloads hold every column.
PAGE_COLUMNS = ("issued", "transferred_in", "served", "no_show", "transferred", "cancelled", "expired",
                "wait_avg_min", "wait_median_min", "wait_p90_min", "wait_max_min", "serve_avg_min",
                "serve_median_min", "serve_p90_min", "within_target_pct", "out_of_turn_calls", "sent_to_counter",
                "rated", "rated_pct", "satisfied_pct")

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f4f6f8;color:#1a2530}
main{max-width:1880px;margin:auto;padding:16px 20px 32px}
header h1{font-size:1.45rem;margin:.2em 0}
header .centre{font-weight:600;text-transform:uppercase;letter-spacing:.02em}
.en{color:#4a5560;font-size:.85em;font-weight:400}
form{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;background:#fff;padding:12px 14px;
border-radius:8px;box-shadow:0 1px 3px #0002;margin:12px 0}
label{display:flex;flex-direction:column;font-size:.9rem;gap:4px}
input,select,button,.button{font:inherit;padding:6px 10px;border:1px solid #6b7782;border-radius:6px;background:#fff;
color:#1a2530}
button,.button{background:#1f5f99;border-color:#1f5f99;color:#fff;text-decoration:none;cursor:pointer}
button .en,.button .en{color:#e3ecf5}
.unit{font-size:.55em;font-weight:400;color:#4a5560}
tbody th{min-width:8em;max-width:14em;font-weight:600}
.quick a{margin-right:10px;color:#1f5f99}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a500;outline-offset:2px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:12px 0}
.card{background:#fff;border-radius:8px;padding:10px 14px;box-shadow:0 1px 3px #0002}
.card .value{font-size:1.7rem;font-weight:700}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(480px,100%),1fr));gap:12px}
figure{background:#fff;border-radius:8px;padding:10px 14px;margin:0;box-shadow:0 1px 3px #0002}
figcaption{font-weight:600;margin-bottom:6px}
svg.chart{width:100%;height:auto;display:block}
section.figures{background:#fff;border-radius:8px;padding:10px 14px;margin-top:12px;box-shadow:0 1px 3px #0002;
overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.8rem}
th,td{border:1px solid #b8c0c8;padding:3px 4px;text-align:right;vertical-align:top}
th{background:#e8edf2;font-weight:600}
/* headings wrap between words, so that the whole table fits a desktop screen (1366 px and up) */
thead th{font-size:.72rem;line-height:1.2;hyphens:auto}
thead th .en{font-size:.9em}
td{white-space:nowrap}
@media (max-width:900px){
/* a phone scrolls the table sideways, the group's name staying in view */
th:first-child,td:first-child{position:sticky;left:0;z-index:1}
tbody th{min-width:6em;background:#fff}
}
th:first-child,td:first-child{text-align:left}
tr.total td{font-weight:700;background:#f4f6f8}
.downloads{margin:12px 0;display:flex;gap:10px;flex-wrap:wrap}
.signatures,.print-only{display:none}
@page{size:A4 landscape;margin:12mm 10mm}
@media print{
body{background:#fff;font-size:10pt}
main{max-width:none;padding:0;display:flex;flex-direction:column}
/* on paper the table comes first, under the title; the charts and the signatures follow */
header{order:1}.cards{order:2}section.figures{order:3}.charts{order:4;margin-top:6px;break-inside:avoid}
.generated{order:5}.signatures{order:6}
form,.downloads,.quick,.no-print{display:none!important}
.card,figure,section.figures{box-shadow:none;border:1px solid #b8c0c8;padding:4px 8px}
.cards{grid-template-columns:repeat(5,1fr);gap:6px;margin:6px 0}
.card{padding:2px 8px}
.card .value{font-size:13pt}
header h1{font-size:14pt}
.charts{grid-template-columns:1fr 1fr 1fr;gap:6px}
svg.chart{max-height:44mm;width:auto;max-width:100%}
figcaption{font-size:8.5pt}
table{font-size:7pt}
th,td{padding:1px 3px}
section.figures{break-before:auto;overflow:visible}
tr{break-inside:avoid}
tbody th{min-width:6.5em;max-width:none}
thead th{font-size:6.5pt}
.print-only{display:block}
.signatures{display:grid;grid-template-columns:1fr 1fr;text-align:center;margin-top:10mm;break-inside:avoid}
.signatures .who{font-weight:700}
.signatures .space{height:22mm}
}
"""


def _both(key: str, **values: object) -> str:
    """Vietnamese, then the English in a quieter line."""
    return (f"{escape(tr(f'report_page.{key}', 'vi', **values))}"
            f" <span class='en' lang='en'>{escape(tr(f'report_page.{key}', 'en', **values))}</span>")


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    return escape(number_text(value, "vi"))  # the decimal comma, as the charts and the printed report read


def _query(report: Report, **extra: str) -> str:
    return urlencode({"from": report.period.first.isoformat(), "to": report.period.last.isoformat(),
                      "by": report.by, **extra})


def _form(report: Report, today: str) -> str:
    options = "".join(f"<option value='{b}'{' selected' if b == report.by else ''}>"
                      f"{escape(tr(f'report.by_{b}', 'vi'))} / {escape(tr(f'report.by_{b}', 'en'))}</option>"
                      for b in BYS)
    quick = "".join(f"<a href='?{escape(urlencode({'period': p, 'from': today, 'by': report.by}))}'>{_both(key)}</a>"
                    for p, key in (("day", "today"), ("week", "this_week"), ("month", "this_month")))
    return (f"<form method='get' action='/admin/reports'>"
            f"<label>{_both('from')}<input type='date' name='from' value='{report.period.first.isoformat()}' "
            f"required></label>"
            f"<label>{_both('to')}<input type='date' name='to' value='{report.period.last.isoformat()}' required>"
            f"</label><label>{_both('by')}<select name='by'>{options}</select></label>"
            f"<button type='submit'>{_both('show')}</button></form><p class='quick'>{quick}</p>")


def _cards(report: Report) -> str:
    t = report.total
    wait = t["wait_avg_min"]
    cards = [("issued", _cell(t["issued"])), ("served", _cell(t["served"])),
             ("wait_avg", f"{_cell(wait)} <span class='unit'>{escape(tr('report_page.unit_minutes', 'vi'))} / "
                          f"{escape(tr('report_page.unit_minutes', 'en'))}</span>" if wait is not None else "–"),
             ("within_target", f"{_cell(t['within_target_pct'])} %" if t["within_target_pct"] is not None else "–"),
             ("satisfied", f"{_cell(t['satisfied_pct'])} %" if t["satisfied_pct"] is not None else "–")]
    return "<div class='cards'>" + "".join(
        f"<div class='card'><div>{_both(key, minutes=report.target_minutes)}</div><div class='value'>{value}</div>"
        f"</div>" for key, value in cards) + "</div>"


def _charts(report: Report, charts: dict[str, Report], centre: Centre) -> str:
    hours = {r["hour"]: r["issued"] + r["transferred_in"] for r in charts["hour"].rows}
    span = range(min(hours, default=7), max(hours, default=17) + 1)
    per_hour = column_chart([(f"{h}h", hours.get(h, 0)) for h in span], tr("report_page.chart_hours", "vi"))
    names = {f.code: f.name_vi for f in centre.fields}
    waits = wait_chart([(names.get(r["field"], r["field"]), r["wait_avg_min"], r["wait_p90_min"])
                        for r in charts["field"].rows], report.target_minutes, tr("report_page.chart_wait", "vi"),
                       tr("report_page.target_mark", "vi", minutes=report.target_minutes))
    answers = [(tr(f"rating.answer_{a.value}", "vi"), report.total[a.value]) for a in ANSWERS]
    rated = report.total["rated"]
    return ("<div class='charts'>"
            f"<figure><figcaption>{_both('chart_hours')}</figcaption>{per_hour}</figure>"
            f"<figure><figcaption>{_both('chart_wait')}</figcaption>{waits}</figure>"
            f"<figure><figcaption>{_both('chart_satisfaction', rated=rated)}</figcaption>"
            f"{share_chart(answers, tr('report_page.chart_satisfaction', 'vi', rated=rated))}</figure></div>")


def _table(report: Report, centre: Centre) -> str:
    columns = [report.by, *PAGE_COLUMNS, *report.extra]
    head = "".join(f"<th scope='col'>{escape(header(report, c, 'vi'))}<br><span class='en' lang='en'>"
                   f"{escape(header(report, c, 'en'))}</span></th>" for c in columns)
    names = {f.code: f.name_vi for f in centre.fields}
    body = []
    for row in [*report.rows, report.total]:
        label = escape(group_label(report.by, row[report.by], "vi", names))
        css = " class='total'" if row[report.by] is None else ""
        body.append(f"<tr{css}><th scope='row'>{label}</th>"
                    + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns[1:]) + "</tr>")
    empty = f"<p>{_both('no_data')}</p>" if not report.total["issued"] and not report.rows else ""
    return (f"<section class='figures'><h2>{_both('table')}</h2>{empty}<table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table><p class='en'>{_both('units')}</p></section>")


def render_page(centre: Centre, report: Report, charts: dict[str, Report], now: datetime) -> str:
    """The whole page for *report* (grouped as asked) with the charts of *charts* (by field and hour)."""
    local = now.astimezone(centre.timezone)
    period_text = str(report.period)
    downloads = "".join(f"<a class='button' href='/api/v1/reports?{escape(_query(report, format=fmt))}' download>"
                        f"{_both(key)}</a>" for fmt, key in (("csv", "download_csv"), ("xlsx", "download_xlsx")))
    downloads += f"<button type='button' onclick='window.print()'>{_both('print')}</button>"
    dated = escape(tr("report_page.place_date", "vi", day=f"{local:%d}", month=f"{local:%m}", year=local.year))
    signatures = (f"<div class='signatures'><div><div>&nbsp;</div><div class='who'>{_both('preparer')}</div>"
                  f"<div class='en'>{_both('sign')}</div><div class='space'></div></div>"
                  f"<div><div>{dated}</div><div class='who'>{_both('director')}</div>"
                  f"<div class='en'>{_both('sign')}</div><div class='space'></div></div></div>")
    title = tr("report_page.title", "vi")
    return (f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>{escape(title)} — {escape(period_text)}</title><style>{STYLE}</style></head><body><main>"
            f"<header><div class='centre'>{escape(centre.name)}</div><h1>{_both('title')}</h1>"
            f"<div>{_both('period', period=period_text)} · "
            f"{escape(tr('report.title', 'vi', by=tr(f'report.by_{report.by}', 'vi')))}</div></header>"
            f"{_form(report, (local.date()).isoformat())}<div class='downloads'>{downloads}</div>"
            f"{_cards(report)}{_charts(report, charts, centre)}{_table(report, centre)}"
            f"<p class='en print-only generated'>{_both('generated', time=f'{local:%H:%M %d/%m/%Y}')}</p>{signatures}"
            f"</main></body></html>")

