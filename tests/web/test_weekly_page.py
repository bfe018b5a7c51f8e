"""周报: the weekly report in the page, as .docx and .xlsx, and its API twin; who may ask."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from techzone.access import Role, Scope
from techzone.accounts.demo import DEMO_PARK, DEMO_ZONE
from techzone.model import Enterprise, Park
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.policy_support import left_behind
from tests.web.test_applications import _open

WEEK = "2026-W10"
# The applications the tests open are opened on 2026-03-01: in this week's report.
BUSY_WEEK = "2026-W10"


def test_zone_admin_previews_the_week(client_as: Callable[[Role], SessionClient]) -> None:
    page = client_as(Role.ZONE).get(f"/weekly?week={WEEK}")
    assert page.status_code == 200
    assert "白银高新区高新技术企业培育工作周报告（2026年第10周）" in page.text
    assert "一、总体情况" in page.text
    assert "2026年3月2日—2026年3月8日" in page.text


def test_htmx_gets_only_the_report(client_as: Callable[[Role], SessionClient]) -> None:
    part = client_as(Role.ZONE).get(f"/weekly?week={WEEK}", headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and "一、总体情况" in part.text


def test_the_page_without_a_week_offers_the_form(
    client_as: Callable[[Role], SessionClient],
) -> None:
    page = client_as(Role.ZONE).get("/weekly")
    assert page.status_code == 200 and "生成周报" in page.text and "总体情况" not in page.text


def test_docx_and_xlsx_are_the_report_and_nothing_is_left_behind(
    client_as: Callable[[Role], SessionClient],
) -> None:
    client = client_as(Role.ZONE)
    before = left_behind()
    word = client.get(f"/weekly/download?week={WEEK}&format=docx")
    assert word.status_code == 200
    assert "attachment" in word.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "白银高新区高新技术企业培育工作周报告（2026年第10周）" in text
    sheet = client.get(f"/weekly/download?week={WEEK}&format=xlsx")
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    assert "总体情况" in book.sheetnames
    assert left_behind() <= before


def test_api_gives_the_same_tables_as_json(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    answer = client.get(f"/api/v1/reports/weekly?week={WEEK}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["week"] == WEEK
    assert body["sections"][0]["title"] == "一、总体情况"
    header = body["sections"][0]["tables"][0]["header"]
    assert header[0] == "状态" and header[-3:] == ["合计", "上周", "增减"]
    file = client.get(f"/api/v1/reports/weekly?week={WEEK}&format=docx")
    assert file.status_code == 200 and file.content[:2] == b"PK"


@pytest.mark.parametrize(
    ("week", "says"),
    [("2026-W60", "2026年没有第60周"), ("下周", "不是ISO周"), ("1990-W01", "周所在年度")],
)
def test_a_bad_week_is_refused_in_chinese(
    client_as: Callable[[Role], SessionClient], week: str, says: str
) -> None:
    client = client_as(Role.ZONE)
    answer = client.get("/api/v1/reports/weekly", params={"week": week})
    assert answer.status_code == 422
    assert says in answer.json()["error"]["message"]
    page = client.get("/weekly", params={"week": week})
    assert page.status_code == 422 and says in page.text
    assert 'value="' + week + '"' in page.text  # the week as typed, to correct it
    part = client.get("/weekly", params={"week": week}, headers={"HX-Request": "true"})
    assert part.status_code == 422 and 'role="alert"' in part.text and says in part.text
    assert "<html" not in part.text


def test_an_unknown_format_is_refused(client_as: Callable[[Role], SessionClient]) -> None:
    answer = client_as(Role.ZONE).get(f"/api/v1/reports/weekly?week={WEEK}&format=pdf")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_input"


def test_a_park_officers_report_holds_the_parks_applications_and_no_zone_targets(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    """Seed 003 四(三)'s 周调度、周报告 follows each application; its targets (二) are the zone's
    as a whole, which a park's scope does not see."""
    from techzone.cultivation.weekly import parse_week, weekly_report
    from techzone.rules.loader import load_packs

    _open(web_store, "park")
    _open(web_store, "zone_other_park")
    week = parse_week(BUSY_WEEK)
    park = Scope(role=Role.PARK, zone=DEMO_ZONE, park=DEMO_PARK)
    with web_store.transaction() as session:
        zone_report = weekly_report(session, load_packs(), week, DEMO_ZONE)
        park_report = weekly_report(session, load_packs(), week, DEMO_ZONE, scope=park)
        parks = dict(
            session.execute(
                select(Enterprise.uscc, Park.code).join(Park, Enterprise.park_id == Park.id)
            ).all()
        )
    assert zone_report.targets and not park_report.targets
    assert park_report.applications, "the demo park has applications in this week"
    assert len(park_report.applications) < len(zone_report.applications)
    assert {parks[a.uscc] for a in park_report.applications} == {DEMO_PARK}
    assert {a.id for a in park_report.applications} == {
        a.id for a in zone_report.applications if parks[a.uscc] == DEMO_PARK
    }
    client = client_as(Role.PARK)
    body = client.get(f"/api/v1/reports/weekly?week={BUSY_WEEK}").json()
    assert body["title"].startswith(f"{park_report.zone_name}{park_report.park_name}")
    targets = next(s for s in body["sections"] if "目标" in s["title"])
    assert targets["tables"] == [] and "高新区整体的目标" in targets["paragraphs"][0]
    assert client.get(f"/weekly/download?week={BUSY_WEEK}&format=xlsx").status_code == 200
    assert "本园区" in client.get("/weekly").text


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.UNIT, Role.ENTERPRISE])
def test_other_roles_may_not(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    client = client_as(role)
    assert client.get(f"/api/v1/reports/weekly?week={WEEK}").status_code == 403
    assert client.get(f"/weekly?week={WEEK}").status_code == 403
    assert client.get(f"/weekly/download?week={WEEK}&format=xlsx").status_code == 403


def test_a_visitor_must_log_in(anonymous: SessionClient) -> None:
    assert anonymous.get(f"/api/v1/reports/weekly?week={WEEK}").status_code == 401
    answer = anonymous.get(f"/weekly?week={WEEK}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
