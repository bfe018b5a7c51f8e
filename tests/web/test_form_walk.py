"""The web forms walked as careless and hostile users would (issue #14): every refusal is a 4xx
that names the field in Chinese, and nothing is written — found by walking each form and query
string with empty, huge, impossible and non-numeric values for every role."""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from sqlalchemy import MetaData, func, select

from techzone.access import Role
from techzone.glossary import _INTERNAL
from techzone.store import Store
from techzone.web.errors import FIELD_NAMES
from tests.web.conftest import SessionClient
from tests.web.fulfilment_support import ACCOUNT, make_cases

HOSTILE = "<script>alert(1)</script>"


def stored(store: Store) -> dict[str, int]:
    """Rows in every table but the web sessions (logging in writes one)."""
    meta = MetaData()
    meta.reflect(store.engine)
    with store.engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in meta.tables.items()
            if name != "web_session"
        }


def shown(page: str) -> str:
    """The words a page shows (its markup, scripts and styles taken out)."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


FUNDS = {
    "key": "baiyin_policy_list.first_hnte",
    "year": "2026",
    "payer": "zone",
    "budget": "100000",
    "reason": "年初安排",
    "warn_percent": "90",
}

REFUSED_FIELDS = [
    (Role.ZONE, "/fulfilment/funds", {**FUNDS, "year": "abc"}, "「年度」须为整数"),
    (Role.ZONE, "/fulfilment/funds", {**FUNDS, "year": "1999"}, "「年度」不能小于2000"),
    (Role.ZONE, "/fulfilment/funds", {**FUNDS, "year": "２０２６"}, "「年度」须为整数"),
    (Role.ZONE, "/fulfilment/funds", {**FUNDS, "warn_percent": "1e400"}, "「预警比例（%）」"),
    (Role.ZONE, "/fulfilment/funds", {**FUNDS, "year": ""}, "「年度」"),
    (Role.ZONE, "/fulfilment/funds", {**FUNDS, "reason": "长" * 10_000}, "「原因」最多500个字"),
    (Role.PARK, "/fulfilment/notices", {"working_days": "0"}, "「公示期（工作日）」不能小于1"),
    (Role.PARK, "/fulfilment/notices", {"working_days": "-1"}, "「公示期（工作日）」"),
    (Role.PARK, "/registrations/invite", {"uscc": "9" * 10_000}, "「统一社会信用代码」最多64个字"),
    (Role.ZONE, "/budget/reform", {"year": "2026-02-30"}, "「年度」须为整数"),
    (Role.ZONE, "/budget/reform", {"year": "2025", "planning_share": "2"}, "不能大于1"),
]


@pytest.mark.parametrize(("role", "url", "data", "said"), REFUSED_FIELDS)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_form_names_its_field_in_chinese_and_writes_nothing(
    client_as: Callable[[Role], SessionClient],
    web_store: Store,
    role: Role,
    url: str,
    data: dict[str, str],
    said: str,
    htmx: bool,
) -> None:
    client = client_as(role)
    before = stored(web_store)
    headers = {"HX-Request": "true"} if htmx else {}
    answer = client.form_post(url, data, headers=headers, follow_redirects=False)
    assert answer.status_code == 422
    assert said in shown(answer.text)
    assert stored(web_store) == before


def test_the_register_form_names_an_overlong_field(
    anonymous: SessionClient, web_store: Store
) -> None:
    page = anonymous.get("/register")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    before = stored(web_store)
    answer = anonymous.post(
        "/register",
        data={"uscc": "9" * 100, "username": "x", "password": "p", "csrf_token": token.group(1)},
    )
    assert answer.status_code == 422
    assert "「统一社会信用代码」最多64个字" in shown(answer.text)
    assert stored(web_store) == before


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("uscc", "「统一社会信用代码」最多64个字"),
        ("username", "「用户名」最多64个字"),
        ("password", "「密码」最多256个字"),
        ("confirm", "「确认密码」最多256个字"),
    ],
)
def test_a_register_form_with_an_overlong_field_comes_back_as_typed(
    anonymous: SessionClient, web_store: Store, field: str, said: str
) -> None:
    """It showed the error page: the visitor lost what was typed. The form comes back with the
    message beside the field and the values kept, the passwords never."""
    page = anonymous.get("/register")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    typed = {"uscc": "91620400MA00000022", "username": "敦煌<b>某某</b>", "password": "pw-secret-1"}
    typed["confirm"] = typed["password"]
    long = {"uscc": "9" * 65, "username": "用" * 65, "password": "p" * 257, "confirm": "p" * 257}
    typed[field] = long[field]
    before = stored(web_store)
    answer = anonymous.post("/register", data={**typed, "csrf_token": token.group(1)})
    assert answer.status_code == 422
    assert said in shown(answer.text)
    assert '<form class="login" method="post" action="/register">' in answer.text
    # The message stands beside its field, which says so to a screen reader.
    assert f'aria-invalid="true" aria-describedby="{field}-error"' in answer.text
    assert f'<span class="field-error" id="{field}-error">' in answer.text
    assert answer.text.count('aria-invalid="true"') == 1
    assert f'value="{html.escape(typed["uscc"])}"' in answer.text
    assert f'value="{html.escape(typed["username"])}"' in answer.text
    assert typed["password"] not in answer.text and long["password"] not in answer.text
    # A fresh token with the form, so that it can be sent again as it is.
    again = re.search(r'name="csrf_token" value="([^"]+)"', answer.text)
    assert again is not None
    assert stored(web_store) == before


def test_a_register_field_at_its_limit_is_not_refused_for_length(
    anonymous: SessionClient,
) -> None:
    page = anonymous.get("/register")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    data = {"uscc": "9" * 64, "username": "u" * 64, "password": "p" * 256, "confirm": "p" * 256}
    answer = anonymous.post("/register", data={**data, "csrf_token": token.group(1)})
    # Refused by the core for the code's form, not for any field's length.
    assert answer.status_code == 400
    assert "最多" not in shown(answer.text)


def test_the_api_names_the_field_too(client_as: Callable[[Role], SessionClient]) -> None:
    answer = client_as(Role.ZONE).get("/api/v1/applications", params={"year": "abc"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["fields"] == [{"field": "query.year", "label": "年度", "message": "须为整数"}]


def _routers() -> list[Any]:
    """Every router the web package's modules define (pages and API alike)."""
    import techzone.web

    found = []
    for module in pkgutil.iter_modules(techzone.web.__path__):
        loaded = importlib.import_module(f"techzone.web.{module.name}")
        found += [value for value in vars(loaded).values() if isinstance(value, APIRouter)]
    return found


def _fields(dependant: Any) -> set[str]:
    found = {p.alias for p in (*dependant.path_params, *dependant.query_params)}
    found |= {p.alias for p in dependant.body_params}
    for inner in dependant.dependencies:
        found |= _fields(inner)
    return found


def test_every_field_a_route_reads_has_a_chinese_name() -> None:
    """A refusal names the field as the form labels it; a new field without a name would be
    refused as 「year」."""
    names: set[str] = set()
    for router in _routers():
        for route in router.routes:
            if isinstance(route, APIRoute):
                names |= _fields(route.dependant)
    assert len(names) > 60
    assert sorted(names - set(FIELD_NAMES)) == []
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in FIELD_NAMES.values())


@pytest.mark.parametrize("amount", ["1e400", "99999999999999999999", "-1e400"])
def test_a_budget_past_what_can_be_held_is_refused_not_an_internal_error(
    client_as: Callable[[Role], SessionClient], web_store: Store, amount: str
) -> None:
    client = client_as(Role.ZONE)
    before = stored(web_store)
    answer = client.form_post("/fulfilment/funds", {**FUNDS, "budget": amount})
    assert answer.status_code == 422
    assert "预算" in shown(answer.text)
    assert "超出可以记录的数值范围" in shown(answer.text) or "不小于零" in shown(answer.text)
    assert stored(web_store) == before


@pytest.mark.parametrize("amount", ["1e400", "99999999999999999999"])
def test_an_approved_amount_past_what_can_be_held_is_refused(
    client_as: Callable[[Role], SessionClient],
    fresh_client: Callable[..., SessionClient],
    web_store: Store,
    amount: str,
) -> None:
    made = make_cases(web_store)
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    confirmed = enterprise.form_post(
        f"/fulfilment/cases/{made.apply}/confirm", ACCOUNT, follow_redirects=False
    )
    assert confirmed.status_code == 303
    park = client_as(Role.PARK)
    before = stored(web_store)
    answer = park.form_post(
        f"/fulfilment/cases/{made.apply}/approve",
        {"amount": amount, "reason": "按研发投入核定"},
        follow_redirects=False,
    )
    assert answer.status_code == 422
    assert "超出可以记录的数值范围" in shown(answer.text) or "上限" in shown(answer.text)
    assert stored(web_store) == before


@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "1999", "2101"])
@pytest.mark.parametrize("url", ["/enterprises", "/api/v1/enterprises"])
def test_an_application_year_past_the_calendar_is_refused(
    client_as: Callable[[Role], SessionClient], url: str, year: str
) -> None:
    answer = client_as(Role.ZONE).get(url, params={"applied_in": year})
    assert answer.status_code == 422
    assert "申报年度须在 2000 到 2100 之间" in answer.text


def test_an_application_year_within_the_calendar_is_searched(
    client_as: Callable[[Role], SessionClient],
) -> None:
    answer = client_as(Role.ZONE).get("/api/v1/enterprises", params={"applied_in": "2100"})
    assert answer.status_code == 200


def test_the_public_self_assessment_shows_no_maintainers_notes(anonymous: SessionClient) -> None:
    """The criteria's sources cite documents; the notes on where a maintainer read them
    ([SINGLE], qualification-criteria.md §3.1, S-PT miit.js, seed 000) are not for the public."""
    page = shown(anonymous.get("/self-assessment").text)
    assert "工信部企业〔2022〕63号" in page
    assert _INTERNAL.search(page) is None, _INTERNAL.search(page)
    assert "seed " not in page
    # A website's short name and the day it was read (「gxkjj 2023-10-30」).
    assert re.search(r"[a-z]{2,}\s*\d{4}-\d{2}-\d{2}", page) is None
    assert "工信部企业〔2022〕63号 评价和认定的共同条件" in page


def test_text_typed_into_a_form_is_shown_as_text(
    client_as: Callable[[Role], SessionClient],
) -> None:
    answer = client_as(Role.ZONE).form_post("/fulfilment/funds", {**FUNDS, "budget": HOSTILE})
    assert answer.status_code == 422
    assert HOSTILE not in answer.text
    assert html.escape(HOSTILE, quote=False) in answer.text


def test_a_coded_value_in_an_explanation_is_shown_in_chinese(
    client_as: Callable[[Role], SessionClient], web_store: Store
) -> None:
    """The dossier's criteria showed 「上市状态 = unlisted」: the code, not its name."""
    from techzone.accounts.demo import demo_enterprise
    from techzone.web.support import measured

    assert measured("unlisted", "listing") == "未上市"
    assert measured("main_board", "listing") == "主板"
    assert measured("某某说明", "note") == "某某说明"
    with web_store.transaction() as session:
        uscc = demo_enterprise(session)
    page = shown(client_as(Role.ZONE).get(f"/enterprises/{uscc}/assessment").text)
    assert "上市状态 = " in page
    assert re.search(r"= [a-z_]{3,}", page) is None


def test_the_fund_pools_are_named_by_their_policy_and_offered_by_title(
    client_as: Callable[[Role], SessionClient],
) -> None:
    """The pools table showed 「baiyin_policy_list.first_hnte」 and the form asked for that id
    with nothing to choose from."""
    zone = client_as(Role.ZONE)
    saved = zone.form_post("/fulfilment/funds", FUNDS, follow_redirects=False)
    assert saved.status_code == 303
    page = zone.get("/fulfilment/funds", params={"year": "2026"}).text
    assert "baiyin_policy_list" not in shown(page)
    assert "首次认定高新技术企业奖励" in shown(page)
    # Offered by title: a datalist fills the field with the option's value, so a code there would
    # be what the officer then reads in the field.
    assert '<option value="首次认定高新技术企业奖励（高新区）">' in page
    assert "baiyin_policy_list" not in page


def _reform_choices(client: SessionClient) -> dict[str, str]:
    page = client.get("/budget").text
    return dict(re.findall(r'<option value="([a-z_]+\.[a-z_0-9]+)">([^<]+)</option>', page))


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ({"parameter": "", "value": "300000"}, "第1项：请选择要调整的参数"),
        ({"effective": "2026-02-30"}, "生效日期「2026-02-30」无效"),
        ({"value": "1e400"}, "超出可以计算的范围"),
        ({"value": "NaN"}, "超出可以计算的范围"),
        ({"parameter": "baiyin_policy_list.china_patent_prize_awards"}, "取值类型应与原参数一致"),
        ({"parameter": "no.such"}, "未知参数"),
    ],
)
def test_a_refused_reform_row_is_said_by_the_parameters_name(
    client_as: Callable[[Role], SessionClient],
    web_store: Store,
    row: dict[str, str],
    said: str,
) -> None:
    """The reform form's refusals named the parameter by its id, said 「（dict）」 and 「数值inf」,
    and a value typed beside 「（不改）」 pointed at the command line (「见 techzone policies」)."""
    zone = client_as(Role.ZONE)
    choices = _reform_choices(zone)
    data = {
        "year": "2025",
        "parameter": "baiyin_policy_list.standard_cap",
        "effective": "2025-01-01",
        "value": "300000",
        **row,
    }
    before = stored(web_store)
    answer = zone.form_post("/budget/reform", data, headers={"HX-Request": "true"})
    assert answer.status_code == 422
    text = shown(answer.text)
    assert said in text
    for word in ("techzone", "dict", "inf", "nan", "baiyin_policy_list", "<规则包id>"):
        assert word not in text
    if data["parameter"] in choices:
        assert choices[data["parameter"]].split("（")[0] in text
    assert stored(web_store) == before


def test_a_reform_value_in_full_width_digits_is_read(
    client_as: Callable[[Role], SessionClient],
) -> None:
    data = {
        "year": "2025",
        "parameter": "baiyin_policy_list.standard_cap",
        "effective": "2025-01-01",
        "value": "３０００００",
    }
    answer = client_as(Role.ZONE).form_post("/budget/reform", data, headers={"HX-Request": "true"})
    assert answer.status_code == 200, shown(answer.text)


@pytest.mark.parametrize("typed", ["年初\x00安排", "年初\x01安排", "年初\x1b安排"])
def test_text_with_a_control_character_is_refused_before_the_database(
    client_as: Callable[[Role], SessionClient], web_store: Store, typed: str
) -> None:
    """SQLite stored a NUL typed into a reason or a certificate number; PostgreSQL refuses one
    (an internal error), and other control characters are not text an officer means."""
    zone = client_as(Role.ZONE)
    before = stored(web_store)
    answer = zone.form_post("/fulfilment/funds", {**FUNDS, "reason": typed})
    assert answer.status_code == 422
    assert "控制字符" in shown(answer.text)
    assert stored(web_store) == before


def test_tabs_and_line_breaks_are_text(client_as: Callable[[Role], SessionClient]) -> None:
    answer = client_as(Role.ZONE).form_post(
        "/fulfilment/funds", {**FUNDS, "reason": "年初安排\r\n第二行\t附注"}, follow_redirects=False
    )
    assert answer.status_code == 303


def test_a_nul_in_what_is_looked_up_is_refused_not_an_internal_error(
    anonymous: SessionClient, client_as: Callable[[Role], SessionClient]
) -> None:
    """On PostgreSQL a NUL in any text a query is given is a DataError: logging in as 「a\\0b」
    or opening /public/notices/a%00b answered 500 (found with a throwaway PostgreSQL 15)."""
    page = anonymous.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    login = anonymous.post(
        "/login", data={"username": "a\x00b", "password": "x", "csrf_token": token.group(1)}
    )
    assert login.status_code == 422
    assert "控制字符" in shown(login.text)
    notice = anonymous.get("/public/notices/a%00b")
    assert notice.status_code == 422 and "控制字符" in shown(notice.text)
    decided = client_as(Role.ZONE).form_post(
        "/registrations/decide", {"username": "a\x00b", "decision": "approve"}
    )
    assert decided.status_code in (400, 422) and "控制字符" in shown(decided.text)


@pytest.mark.parametrize("typed", ["1e400", "99999999999999999999", "NaN", "-5"])
@pytest.mark.parametrize("field", ["d-equity_financing_2y", "d-gazelle_base_year_revenue"])
def test_a_self_assessment_amount_past_what_can_be_held_is_named_not_an_internal_error(
    anonymous: SessionClient, field: str, typed: str
) -> None:
    """1e400 or 10^20 typed as a declared amount answered 500 on the public form (rounding to
    the fen; the fen past a 64-bit integer); the refusals that were said named the field
    「declarations.equity_financing_2y」."""
    from techzone.web.selfassess import _packs

    label = _packs().declarations[field.removeprefix("d-")].label
    for headers in ({}, {"HX-Request": "true"}):
        answer = anonymous.post("/self-assessment", data={field: typed}, headers=headers)
        assert answer.status_code == 422
        text = shown(answer.text)
        assert f"{label}：" in text
        assert "declarations" not in text and field.removeprefix("d-") not in text


@pytest.mark.parametrize("typed", ["abc", "-5", "1e400"])
def test_a_self_assessment_figure_is_named_by_its_year_and_label(
    anonymous: SessionClient, typed: str
) -> None:
    from techzone.web.selfassess import figure_years

    year = figure_years(date.today())[-1]
    answer = anonymous.post("/self-assessment", data={f"f-{year}-domestic_rd_expense": typed})
    assert answer.status_code == 422
    text = shown(answer.text)
    assert f"{year}年境内研发费用(元)：" in text
    assert "domestic_rd_expense" not in text


def test_a_self_assessment_row_is_named_by_its_table_and_column(anonymous: SessionClient) -> None:
    answer = anonymous.post("/self-assessment", data={"incidents-2-kind": "abc"})
    assert answer.status_code == 422
    text = shown(answer.text)
    assert "违规事件「类型」：「abc」不在允许的取值中" in text
    assert "kind" not in text


def test_a_done_message_in_a_link_is_not_shown_unless_this_session_made_it(
    client_as: Callable[[Role], SessionClient],
    fresh_client: Callable[..., SessionClient],
    web_store: Store,
) -> None:
    """/fulfilment/cases/N?done=… showed any text as the page's own confirmation: a link sent
    to an officer could say 「已支付，请将…」 in the system's voice. The confirmation after an
    action still shows; one typed into a link does not."""
    made = make_cases(web_store)
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    forged = "已核准，请将材料费汇至账户6222"
    page = enterprise.get(f"/fulfilment/cases/{made.apply}", params={"done": forged})
    assert page.status_code == 200 and forged not in page.text
    answer = enterprise.form_post(f"/fulfilment/cases/{made.apply}/confirm", ACCOUNT)
    assert answer.status_code == 200
    assert "已提交，进入审核" in shown(answer.text)
    elsewhere = client_as(Role.PARK).get(str(answer.url))
    assert "已提交，进入审核" not in shown(elsewhere.text)
    officer = client_as(Role.ZONE).get("/fulfilment/payments", params={"done": forged})
    assert forged not in officer.text


@pytest.mark.parametrize(
    ("typed", "said"),
    [("NaN", "「次年获认定的概率」须为数字"), ("inf", "「次年获认定的概率」须为数字"),
     ("2", "「次年获认定的概率」不能大于1"), ("-0.5", "「次年获认定的概率」不能小于0")],
)  # fmt: skip
def test_a_share_that_is_no_number_is_not_said_to_be_too_large(
    client_as: Callable[[Role], SessionClient], typed: str, said: str
) -> None:
    answer = client_as(Role.ZONE).get("/budget", params={"probability": typed})
    assert answer.status_code == 422
    assert said in shown(answer.text)
    assert "1.0" not in shown(answer.text)


def test_a_uscc_typed_in_full_width_is_told_so(anonymous: SessionClient) -> None:
    """A Chinese input method in full-width mode types ９１６２…ＭＡ…; the refusal said 「第9位
    「Ｍ」不是数字或大写字母」, and Ｍ looks like M. (Refused, not read: a code is compared
    as python-stdnum reads it, tests/io/test_fields.py.)"""
    page = anonymous.get("/register")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    wide = "９１６２０４００ＭＡ００００００２２"
    data = {"uscc": wide, "username": "wide-uscc", "password": "pw-123456789"}
    answer = anonymous.post(
        "/register", data={**data, "confirm": data["password"], "csrf_token": token.group(1)}
    )
    assert answer.status_code == 400
    assert "第9位「Ｍ」是全角字符，请切换到半角（英文）输入" in shown(answer.text)
