"""预算 and 政策调整测算: the budget in scope, reforms run from the form and the API, bad values
refused in Chinese (never a server error), workbooks downloaded and not left behind."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from techzone.access import Role
from techzone.store import Store
from tests.web.conftest import SessionClient
from tests.web.policy_support import left_behind

YEAR = 2025
# 甘肃 措施: 新认定高新技术企业 20万元 (gansu_zone_measures.new_hnte_award).
NEW_HNTE = "gansu_zone_measures.new_hnte_award"


def _reform(value: Any, key: str = NEW_HNTE) -> dict[str, Any]:
    return {"name": "提高新认定高企奖补", "parameters": {key: {f"{YEAR}-01-01": value}}}


def _post(client: SessionClient, body: Any, query: str = "") -> Any:
    return client.post(
        f"/api/v1/reform?year={YEAR}{query}", json=body, headers={"X-CSRF-Token": client.csrf}
    )


@pytest.mark.parametrize("role", [Role.ZONE, Role.PROVINCE])
def test_admins_see_the_budget(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    client = client_as(role)
    body = client.get(f"/api/v1/budget?year={YEAR}").json()
    assert body["year"] == YEAR
    for key in ("policy", "payer", "park", "industry"):
        assert sum(row["planned"] for row in body["by"][key]) == body["total"]
    assert "有上限（最高）的奖补按上限的100%列入预算" in body["assumption"]
    page = client.get(f"/budget?year={YEAR}")
    assert page.status_code == 200 and body["total_text"] in page.text


def test_the_zone_budget_is_part_of_the_province_budget(
    client_as: Callable[[Role], SessionClient],
) -> None:
    zone = client_as(Role.ZONE).get(f"/api/v1/budget?year={YEAR}").json()
    province = client_as(Role.PROVINCE).get(f"/api/v1/budget?year={YEAR}").json()
    zone_parks = {row["name"] for row in zone["by"]["park"]}
    province_parks = {row["name"]: row["planned"] for row in province["by"]["park"]}
    assert zone["total"] <= province["total"]
    for row in zone["by"]["park"]:
        assert province_parks[row["name"]] == row["planned"]
    assert zone_parks <= set(province_parks)


def test_the_budget_workbook_downloads(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    before = left_behind()
    answer = client.get(f"/budget/download?year={YEAR}")
    assert answer.status_code == 200
    assert "按政策" in load_workbook(io.BytesIO(answer.content)).sheetnames
    api = client.get(f"/api/v1/budget?year={YEAR}&format=xlsx")
    assert api.status_code == 200 and api.content[:2] == b"PK"
    assert left_behind() <= before


def test_a_reform_costs_the_difference_by_park(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    same = _post(client, _reform(200000)).json()
    assert same["difference"] == 0 and same["affected"] == []
    raised = _post(client, _reform(300000)).json()
    assert raised["changes"] == ["新认定高新技术企业一次性奖补：自2025-01-01起改为30.00万元"]
    # Each first recognition paid under the measure gains 10万元 = 10,000,000 fen.
    assert raised["difference"] > 0 and raised["difference"] % 10_000_000 == 0
    assert sum(row["difference"] for row in raised["by"]["park"]) == raised["difference"]
    assert sum(row["difference"] for row in raised["by"]["size"]) == raised["difference"]
    assert sum(row["difference"] for row in raised["affected"]) == raised["difference"]
    assert raised["baseline"] == same["baseline"]


def test_the_form_runs_the_same_reform(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    form = {
        "year": str(YEAR),
        "name": "提高",
        "parameter": NEW_HNTE,
        "effective": f"{YEAR}-01-01",
        "value": "300000",
    }
    part = client.form_post("/budget/reform", form, headers={"HX-Request": "true"})
    assert part.status_code == 200
    expected = _post(client, _reform(300000)).json()["summary"]
    assert expected in part.text and "按规模" in part.text
    before = left_behind()
    book = client.form_post("/budget/reform", {**form, "output": "xlsx"})
    assert book.status_code == 200
    assert "受影响企业" in load_workbook(io.BytesIO(book.content)).sheetnames
    assert left_behind() <= before


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (1e30, "超出可以计算的范围"),
        (-5, "不能为负数"),
        ("很多", "不是有效的参数值"),
        ({"一等奖": -1}, "不能为负数"),
    ],
)
def test_bad_values_are_refused_in_chinese(
    client_as: Callable[[Role], SessionClient], value: Any, says: str
) -> None:
    client = client_as(Role.ZONE)
    answer = _post(client, _reform(value))
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "reform_rejected"
    assert says in answer.json()["error"]["message"]


def test_the_apis_refusal_names_the_key_it_was_sent_beside_the_chinese_message(
    client_as: Callable[[Role], SessionClient],
) -> None:
    """The message is said by the parameter's name (as the form shows it); a program finds the
    key it sent, the name and the reason apart in ``fields``. Each refused key, and only those."""
    client = client_as(Role.ZONE)
    body = _reform(-5)
    body["parameters"]["no_such_pack.rate"] = {f"{YEAR}-01-01": 1}
    answer = _post(client, body)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "reform_rejected"
    assert NEW_HNTE not in error["message"] and "不能为负数" in error["message"]
    refused, unknown = error["fields"]
    assert refused["field"] == f"parameters.{NEW_HNTE}" and refused["parameter"] == NEW_HNTE
    assert refused["label"] and refused["label"] in error["message"]
    assert "不能为负数" in refused["message"] and refused["label"] not in refused["message"]
    assert unknown["parameter"] == "no_such_pack.rate" and unknown["label"] is None
    assert "未知参数" in unknown["message"]
    # A patch with nothing in it is refused as a whole: no parameter to name.
    empty = _post(client, {"name": "空", "parameters": {}}).json()["error"]
    assert empty["fields"] == [
        {
            "field": "parameters",
            "parameter": None,
            "label": None,
            "message": "方案中没有任何参数改动",
        }
    ]
    # The page (the form chose parameters by name) shows no key.
    form = {"year": str(YEAR), "parameter": NEW_HNTE, "effective": f"{YEAR}-01-01", "value": "-5"}
    part = client.form_post("/budget/reform", form, headers={"HX-Request": "true"})
    assert part.status_code == 422 and refused["label"] in part.text and NEW_HNTE not in part.text


def test_full_width_digits_in_the_form_are_read(client_as: Callable[[Role], SessionClient]) -> None:
    client = client_as(Role.ZONE)
    form = {
        "year": str(YEAR),
        "parameter": NEW_HNTE,
        "effective": f"{YEAR}-01-01",
        "value": "３０００００",
    }
    part = client.form_post("/budget/reform", form, headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert _post(client, _reform(300000)).json()["summary"] in part.text


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1e30", "超出可以计算的范围"),
        ("-5", "不能为负数"),
        ("abc", "不是有效的参数值"),
        # A footnote mark is no digit (read as 2001 it would cost a reform ten times over).
        ("200①", "不是有效的参数值"),
        ("10²", "不是有效的参数值"),
    ],
)
def test_bad_values_in_the_form_are_refused_in_the_page(
    client_as: Callable[[Role], SessionClient], typed: str, says: str
) -> None:
    client = client_as(Role.ZONE)
    form = {"year": str(YEAR), "parameter": NEW_HNTE, "effective": f"{YEAR}-01-01", "value": typed}
    part = client.form_post("/budget/reform", form, headers={"HX-Request": "true"})
    assert part.status_code == 422 and says in part.text and 'role="alert"' in part.text
    full = client.form_post("/budget/reform", form)
    assert full.status_code == 422 and says in full.text


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"parameters": {"no.such": {"2025-01-01": 1}}}, "未知参数"),
        ({"parameters": {NEW_HNTE: {"明天": 1}}}, "生效日期"),
        ({"parameters": {NEW_HNTE: {"1800-01-01": 1}}}, "生效日期"),
        ({"parameters": {}}, "没有任何参数改动"),
    ],
)
def test_bad_reforms_are_refused(
    client_as: Callable[[Role], SessionClient], body: dict[str, Any], says: str
) -> None:
    answer = _post(client_as(Role.ZONE), body)
    assert answer.status_code == 422 and says in answer.json()["error"]["message"]


def test_a_malformed_body_is_a_field_error(client_as: Callable[[Role], SessionClient]) -> None:
    answer = _post(client_as(Role.ZONE), {"name": "x"})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_input"


def test_a_change_without_the_csrf_token_is_refused(
    client_as: Callable[[Role], SessionClient],
) -> None:
    answer = client_as(Role.ZONE).post(f"/api/v1/reform?year={YEAR}", json=_reform(300000))
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "csrf_rejected"


@pytest.mark.parametrize("role", [Role.PARK, Role.UNIT, Role.ENTERPRISE])
def test_other_roles_may_not(client_as: Callable[[Role], SessionClient], role: Role) -> None:
    client = client_as(role)
    assert client.get(f"/api/v1/budget?year={YEAR}").status_code == 403
    assert client.get("/budget").status_code == 403
    assert client.get("/budget/download").status_code == 403
    assert _post(client, _reform(300000)).status_code == 403


def test_the_budget_lists_what_zones_are_owed_within_scope(
    web_store: Store, client_as: Callable[[Role], SessionClient]
) -> None:
    """Seed 001 措施1 "于下年度由省级财政一次性给予不少于5000万元": the province's money for a
    新获批国家高新区 is shown beside the budget (payer, 下年度), apart from the totals, and only
    to those whose scope holds the zone (blind3). 2023: a year the other tests do not read."""
    from datetime import date

    from techzone.model import Zone, ZoneEvent
    from techzone.model.codes import ZoneEventKind

    with web_store.transaction() as session:
        zone = session.query(Zone).filter_by(code="GS-PL").one()
        session.add(
            ZoneEvent(
                zone_id=zone.id,
                ref="国函〔2023〕9号",
                kind=ZoneEventKind.NEW_NATIONAL_ZONE,
                occurred_on=date(2023, 8, 1),
            )
        )
    province = client_as(Role.PROVINCE).get("/api/v1/budget?year=2023").json()
    (owed,) = province["zone_awards"]
    assert owed["zone"] == "平凉高新区" and owed["payer"] == "省级" and owed["window"] == "下年度"
    # 下年度: the 2024 budget holds it, said as carried from 2023; 2023's lists it for 2024.
    assert (owed["approved_in"], owed["paid_in"]) == (2023, 2024)
    assert "列入2024年预算" in owed["paid"] and "2023年应拨付高新区奖励0笔" in province["zones_due"]
    (carried,) = client_as(Role.PROVINCE).get("/api/v1/budget?year=2024").json()["zone_awards"]
    assert carried["paid"] == "2024年拨付（2023年获批，下年度）"
    assert "不少于5,000.00万元" in owed["amount"]
    for key in ("policy", "payer", "park", "industry"):
        assert sum(row["planned"] for row in province["by"][key]) == province["total"]
    page = client_as(Role.PROVINCE).get("/budget?year=2023")
    assert "高新区奖励" in page.text and "平凉高新区" in page.text and "不计入" in page.text
    book = load_workbook(
        io.BytesIO(client_as(Role.PROVINCE).get("/budget/download?year=2023").content)
    )
    (row,) = list(book["高新区奖励"].iter_rows(min_row=2, values_only=True))
    assert row[0] == "平凉高新区" and row[4] == 50000000 and row[5] == "省级"
    # 白银's administrator does not see 平凉's money.
    assert client_as(Role.ZONE).get("/api/v1/budget?year=2023").json()["zone_awards"] == []
    zone_book = client_as(Role.ZONE).get("/budget/download?year=2023").content
    assert "高新区奖励" not in load_workbook(io.BytesIO(zone_book)).sheetnames
