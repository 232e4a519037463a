"""Reports for administrators: ``GET /api/v1/reports`` (JSON, CSV, XLSX) and the page
``GET /admin/reports`` (server/report_page.py) — figures from ``core.reports``."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from core.reports import Period, Report, build, resolve, staff_days
from core.reports.export import to_csv, to_json, to_xlsx
from server.auth import require
from server.deps import CallerDep, Services, ServicesDep, errors

router = APIRouter(prefix="/api/v1", tags=["admin"])
pages = APIRouter(include_in_schema=False)
ERRORS = errors(400, 401, 403, 422)
By = Literal["field", "counter", "officer", "hour", "weekday", "day", "staff"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST = Query(None, alias="from", max_length=10, description="First local day, YYYY-MM-DD (default: today).")
LAST = Query(None, alias="to", max_length=10, description="Last local day, YYYY-MM-DD (default: the first).")


def period_asked(qms: Services, first: str | None, last: str | None, period: str | None) -> Period:
    """The period of the request (``bad_period`` 400 for a day that is not one, or a reversed range)."""
    today: date = qms.clock.now().astimezone(qms.centre.timezone).date()
    return resolve(first, last, period, today)


async def make_report(qms: Services, by: str, span: Period) -> Report:
    """The report, computed on a reader connection (never on the writer)."""
    centre = qms.centre
    return await qms.readers.run(lambda b: build(b.db, by, span, centre.timezone, centre.waiting_target_minutes,
                                                 qms.clock.now()))


def field_names(qms: Services) -> dict[str, str]:
    """Field code → Vietnamese name, for the spreadsheets' first column."""
    return {f.code: f.name_vi for f in qms.centre.fields}


def _download(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/reports", summary="Reports: tickets, waiting and serving times, satisfaction",
            description="For the local days `from`–`to` (or the `period` — day, week Monday to Sunday, month — "
                        "holding `from`), one row per `by` group and the total: issued, transferred in, served, "
                        "no-show, transferred, cancelled, expired, still waiting; waiting and serving minutes "
                        "(average, median, 90th percentile, maximum); the share called within the centre's "
                        "waiting target; calls out of turn (`out_of_turn_calls`: by number; `sent_to_counter`: "
                        "transfers to a named counter); ratings (counts, `rated_pct` = rated ÷ served, "
                        "`satisfied_pct` = satisfied ÷ rated); per officer also minutes logged in, paused and "
                        "serving. `by=staff`: per day and officer (JSON or CSV rows). `format=csv` and `xlsx` "
                        "are downloads with Vietnamese headers under the centre's name and the period. A day "
                        "that is not a calendar day, or `from` after `to`, answers 400 `bad_period`.",
            responses={200: {"content": {"application/json": {}, "text/csv": {}, XLSX: {}},
                             "description": "The report."}, **ERRORS})
async def reports(qms: ServicesDep, who: CallerDep, by: By = "field", first: str | None = FIRST,
                  last: str | None = LAST, period: Literal["day", "week", "month"] | None = None,
                  format: Literal["json", "csv", "xlsx"] = "json") -> Response:
    require(who, "admin")
    span = period_asked(qms, first, last, period)
    name = f"bao-cao-{by}-{span.first.isoformat()}-{span.last.isoformat()}"
    if by == "staff":
        import csv
        import io
        import json

        rows = await qms.readers.run(lambda b: staff_days(b.db, span, qms.centre.timezone, qms.clock.now()))
        if format == "json":
            return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json")
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["day", "officer"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return _download(buf.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", f"{name}.csv")
    report = await make_report(qms, by, span)
    if format == "csv":
        text = to_csv(report, qms.centre.name, "vi", field_names(qms))
        return _download(text.encode("utf-8-sig"), "text/csv; charset=utf-8", f"{name}.csv")
    if format == "xlsx":
        return _download(to_xlsx(report, qms.centre.name, "vi", field_names(qms)), XLSX, f"{name}.xlsx")
    return Response(to_json(report, qms.centre.name), media_type="application/json")


# The path this endpoint had before it took periods and workbooks; clients written for it keep working.
router.add_api_route("/admin/reports", reports, methods=["GET"], include_in_schema=False)


@pages.get("/admin/reports", response_class=HTMLResponse)
async def report_page(qms: ServicesDep, who: CallerDep, by: By = "field", first: str | None = FIRST,
                      last: str | None = LAST, period: Literal["day", "week", "month"] | None = None) -> Any:
    """The reports page: period form, tables, charts and downloads; prints as the A4 report."""
    from server.report_page import render_page

    require(who, "admin")
    span = period_asked(qms, first, last, period)
    shown = "field" if by == "staff" else by
    report = await make_report(qms, shown, span)
    charts = {b: report if b == shown else await make_report(qms, b, span) for b in ("field", "hour")}
    return HTMLResponse(render_page(qms.centre, report, charts, qms.clock.now()))
