"""``GET /api/v1/reports`` and the page ``/admin/reports`` on a simulated day: the JSON, the CSV and the
XLSX (opened with openpyxl) hold the same numbers; bad periods get the documented error; only an
administrator reads them."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from core.clock import ManualClock
from core.engine import QueueEngine
from core.reference_data import install_centre
from core.simulate import simulate_day
from core.storage import connect
from server.app import create_app
from server.settings import Settings
from tests.fakes.centre import Centre, make_centre
from tests.fakes.http import bearer, in_process, login

DAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Centre:
    centre = make_centre(tmp_path_factory.mktemp("reports"), "issue_interval_seconds = 0\n")
    from core.config import load_centre

    config = load_centre(centre.data.config)
    clock = ManualClock(datetime.combine(DAY, datetime.min.time(), tzinfo=config.timezone))
    db = connect(centre.data.database)
    install_centre(db, config, clock)
    simulate_day(QueueEngine(db, config, clock), clock, DAY, 240, seed=3)
    db.conn.close()
    return centre


@pytest.fixture(scope="module")
def client(centre: Centre):
    with in_process(create_app(Settings(issue_interval_seconds=0), centre.data)) as client:
        yield client


@pytest.fixture(scope="module")
def admin(client) -> dict[str, str]:
    return bearer(login(client, "admin", None))


def get_json(client, admin: dict[str, str], query: str) -> dict:
    r = client.get(f"/api/v1/reports?{query}", headers=admin)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_xlsx_holds_the_numbers_of_the_json(client, admin: dict[str, str]) -> None:
    report = get_json(client, admin, "from=2026-11-23&to=2026-11-23&by=field")
    r = client.get("/api/v1/reports?from=2026-11-23&to=2026-11-23&by=field&format=xlsx", headers=admin)
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    assert 'filename="bao-cao-field-2026-11-23-2026-11-23.xlsx"' in r.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(r.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == report["centre"] and cells[2][0] == "Từ ngày 23/11/2026 đến ngày 23/11/2026"
    head = cells.index(next(row for row in cells if row[0] == "Lĩnh vực"))
    assert cells[head][1:4] == ["Cấp số", "Chuyển đến", "Đã xong"]
    table = cells[head + 1:]
    assert len(table) == len(report["rows"]) + 1 and table[-1][0] == "Tổng cộng"
    for row, cells_row in zip([*report["rows"], report["total"]], table, strict=True):
        assert cells_row[1:] == [row[c] for c in report["columns"][1:]]
    assert sum(r["issued"] for r in report["rows"]) == report["total"]["issued"] > 200


def test_csv_has_vietnamese_headers_under_the_centre_and_period(client, admin: dict[str, str]) -> None:
    report = get_json(client, admin, "from=2026-11-23&by=hour")
    r = client.get("/api/v1/reports?from=2026-11-23&by=hour&format=csv", headers=admin)
    assert r.content.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need to read UTF-8
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0] == report["centre"] and lines[1].endswith("theo giờ trong ngày")
    assert lines[5].startswith("Giờ,Cấp số,")
    first = report["rows"][0]
    assert lines[6].split(",")[:3] == [f"{first['hour']:02d}:00–{first['hour'] + 1:02d}:00", str(first["issued"]),
                                       str(first["transferred_in"])]


def test_per_officer_carries_time_logged_in(client, admin: dict[str, str]) -> None:
    report = get_json(client, admin, "from=2026-11-23&to=2026-11-23&by=officer")
    assert report["columns"][-3:] == ["on_duty_min", "paused_min", "serving_min"]
    assert all(r["on_duty_min"] > r["serving_min"] > 0 for r in report["rows"] if r["served"])


def test_a_week_holds_the_day(client, admin: dict[str, str]) -> None:
    week = get_json(client, admin, "from=2026-11-25&period=week&by=weekday")
    assert (week["from"], week["to"]) == ("2026-11-23", "2026-11-29")
    assert [r["weekday"] for r in week["rows"]] == [1]


@pytest.mark.parametrize("query", ["from=2026-11-30&to=2026-11-01", "from=30/11/2026", "to=2026-13-01"])
def test_a_bad_period_gets_the_documented_error(client, admin: dict[str, str], query: str) -> None:
    r = client.get(f"/api/v1/reports?{query}", headers=admin)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "bad_period" and "Khoảng thời gian" in error["message_vi"]
    assert "period" in error["message_en"]


def test_an_officer_may_not_read_reports(client, centre: Centre) -> None:
    officer = bearer(login(client, "nguyenvanan", 1))
    assert client.get("/api/v1/reports", headers=officer).status_code == 403
    assert client.get("/admin/reports", headers=officer).status_code == 403
    assert client.get("/admin/reports").status_code == 401


def test_the_page_shows_the_tables_charts_and_downloads(client, admin: dict[str, str]) -> None:
    report = get_json(client, admin, "from=2026-11-23&to=2026-11-23&by=counter")
    r = client.get("/admin/reports?from=2026-11-23&to=2026-11-23&by=counter", headers=admin)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert page.count("<svg") == 3 and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "Người lập biểu" in page and "Giám đốc" in page and "@page{size:A4" in page
    assert "/api/v1/reports?from=2026-11-23&amp;to=2026-11-23&amp;by=counter&amp;format=xlsx" in page
    total = report["total"]
    assert f"<tr class='total'><th scope='row'>Tổng cộng</th><td>{total['issued']}</td>" in page
    assert "Quầy" in page and "Counter" in page


def test_an_empty_period_says_so(client, admin: dict[str, str]) -> None:
    r = client.get("/admin/reports?from=2020-01-01&to=2020-01-31", headers=admin)
    assert r.status_code == 200 and "Không có số nào trong kỳ này." in r.text
