"""公示, payment batches, fund pools and measures through the pages, by role."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, unquote

import docx
import openpyxl

from techzone.access import Role, Scope
from techzone.fulfilment.cases import get_case
from techzone.store import Store
from tests.web.fulfilment_support import (
    CONTACT_FORM,
    Made,
    new_cases,
    set_day,
    take_to_approved,
)

__all__ = ["new_cases"]

PUBLISHED = date(2026, 6, 1)  # a Monday; 5 working days later is Monday 8 June
AFTER = date(2026, 6, 9)


def state(store: Store, case_id: int) -> str:
    with store.transaction() as session:
        return get_case(session, Scope.everything(), case_id).state


def published(made: Made, clock: Any, client_as: Any, fresh_client: Any) -> tuple[Any, str]:
    """``made.auto`` approved and published today (PUBLISHED) by the zone; (zone client, number)."""
    set_day(clock, PUBLISHED)
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    take_to_approved(made.auto, enterprise, client_as)
    zone = client_as(Role.ZONE)
    notices = zone.get("/fulfilment/notices")
    assert made.name in notices.text
    answer = zone.form_post(
        "/fulfilment/notices", {"title": "测试公示", **CONTACT_FORM}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/public/notices/")
    return zone, location


def test_publish_the_public_page_and_the_document(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    anonymous: Any,
    web_store: Store,
) -> None:
    made = new_cases()
    zone, location = published(made, clock, client_as, fresh_client)
    assert state(web_store, made.auto) == "publicised"
    public = anonymous.get(location)
    assert public.status_code == 200
    assert made.name in public.text and "200,000.00" in public.text
    assert made.uscc not in public.text and "6216610000001234567" not in public.text
    assert "2026-06-08" in public.text
    # The period is counted from the day after publication, and the page says so.
    assert "发布次日起计算，至2026-06-08止" in public.text
    number = re.search(r"公示〔2026〕\d+号", public.text)
    assert number is not None
    api = anonymous.get(f"/api/v1/notices/{quote(number.group(0))}/public")
    assert api.status_code == 200
    rows = api.json()["rows"]
    assert {
        "name": made.name,
        "policy": rows[0]["policy"],
        "amount": "200000.00",
        "status": None,
        "withdrawn": False,
    } in rows
    # Nothing private: what became of a row since publication is public, nothing else is added.
    assert all(set(row) == {"name", "policy", "amount", "status", "withdrawn"} for row in rows)
    document = zone.get(f"/fulfilment/notices/{quote(number.group(0))}.docx")
    assert document.status_code == 200
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(document.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert made.name in text
    assert anonymous.get("/public/notices/没有这个公示").status_code == 404
    # Closing before the period has run is refused; after it, the case goes to payment.
    early = zone.form_post(f"/fulfilment/notices/{quote(number.group(0))}/close")
    assert early.status_code == 422 and "期满后方可结束" in early.text
    set_day(clock, AFTER)
    zone = client_as(Role.ZONE)
    closed = zone.form_post(
        f"/fulfilment/notices/{quote(number.group(0))}/close", follow_redirects=False
    )
    assert closed.status_code == 303
    assert state(web_store, made.auto) == "to_pay"


def test_an_objection_holds_the_case_and_a_dismissal_releases_it(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone, _ = published(made, clock, client_as, fresh_client)
    url = f"/fulfilment/cases/{made.auto}"
    outside = zone.form_post(
        f"{url}/object", {"text": "该企业研发人员不足", "received_on": "2026-06-20"}
    )
    assert outside.status_code == 422 and "不在公示期" in outside.text
    # A letter of tomorrow cannot have come yet; logged on the day it came, it holds the case.
    ahead = zone.form_post(
        f"{url}/object", {"text": "该企业研发人员不足", "received_on": "2026-06-02"}
    )
    assert ahead.status_code == 422 and "晚于今天" in ahead.text
    set_day(clock, date(2026, 6, 2))
    zone = client_as(Role.ZONE)
    held = zone.form_post(
        f"{url}/object",
        {"text": "该企业研发人员不足", "raised_by": "匿名来信", "received_on": "2026-06-02"},
        follow_redirects=False,
    )
    assert held.status_code == 303
    assert state(web_store, made.auto) == "on_hold"
    page = zone.get(url)
    found = re.search(r'action="/fulfilment/objections/(\d+)/resolve"', page.text)
    assert found is not None and "该企业研发人员不足" in page.text
    resolved = zone.form_post(
        f"/fulfilment/objections/{found.group(1)}/resolve",
        {"case_id": str(made.auto), "resolution": "经核实人员符合"},
        follow_redirects=False,
    )
    assert resolved.status_code == 303
    assert state(web_store, made.auto) == "publicised"


def test_payment_export_and_the_returned_sheet(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
    tmp_path: Any,
) -> None:
    made = new_cases()
    zone, location = published(made, clock, client_as, fresh_client)
    number = location.rsplit("/", 1)[1]
    set_day(clock, AFTER)
    zone = client_as(Role.ZONE)
    assert zone.form_post(f"/fulfilment/notices/{number}/close").status_code == 200
    assert made.name in zone.get("/fulfilment/payments").text
    unknown = zone.form_post("/fulfilment/payments/export", {"payer": "moon"})
    assert unknown.status_code == 422 and "出资层级" in unknown.text
    exported = zone.form_post("/fulfilment/payments/export", {"payer": "province"})
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    ours = next(row for row in rows[1:] if row[1] == str(made.auto))
    assert ours[header.index("企业名称")] == made.name
    assert ours[header.index("统一社会信用代码")] == made.uscc
    assert ours[header.index("银行账号")] == "6216610000001234567"
    assert float(ours[header.index("金额（元）")]) == 200000.0
    assert state(web_store, made.auto) == "in_batch"

    def returned(amount: float, voucher: str) -> bytes:
        book = openpyxl.Workbook()
        page = book.active
        page.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
        page.append([str(made.auto), amount, "2026-06-09", voucher])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wrong = zone.post(
        "/fulfilment/payments/import",
        data={"csrf_token": zone.csrf},
        files={"file": ("回单.xlsx", returned(199999.99, "PZ-1"), xlsx)},
    )
    assert wrong.status_code == 422
    assert "第2行「金额（元）」" in wrong.text and "未登记任何支付" in wrong.text
    assert state(web_store, made.auto) == "in_batch"
    right = zone.post(
        "/fulfilment/payments/import",
        data={"csrf_token": zone.csrf},
        files={"file": ("回单.xlsx", returned(200000, "PZ-1"), xlsx)},
    )
    assert right.status_code == 200 and "已登记支付1条" in right.text
    assert state(web_store, made.auto) == "paid"
    # The park officer reads payments; the province too; the enterprise and unit do not.
    assert client_as(Role.PROVINCE).get("/fulfilment/payments").status_code == 200
    assert client_as(Role.UNIT).get("/fulfilment/payments").status_code == 403
    assert (
        client_as(Role.PROVINCE)
        .form_post("/fulfilment/payments/export", {"payer": "province"})
        .status_code
        == 403
    )


def test_record_a_payment_by_hand(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    _, location = published(made, clock, client_as, fresh_client)
    set_day(clock, AFTER)
    zone = client_as(Role.ZONE)
    zone.form_post(f"/fulfilment/notices/{location.rsplit('/', 1)[1]}/close")
    assert zone.form_post("/fulfilment/payments/export", {"payer": "province"}).status_code == 200
    url = f"/fulfilment/cases/{made.auto}/pay"
    future = zone.form_post(url, {"paid_on": "2026-06-30", "voucher": "PZ-9"})
    assert future.status_code == 422 and "晚于今天" in future.text
    done = zone.form_post(url, {"paid_on": "2026-06-09", "voucher": "PZ-9"}, follow_redirects=False)
    assert done.status_code == 303
    assert state(web_store, made.auto) == "paid"


def test_a_case_recomputed_outside_matching_is_held_and_said_at_export(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    from techzone.awards import ledger
    from techzone.awards.calculate import Settings, entitlements
    from techzone.fulfilment import worklist
    from techzone.rules.profile import parse_profile, profile_records

    made = new_cases()
    _, location = published(made, clock, client_as, fresh_client)
    set_day(clock, AFTER)
    zone = client_as(Role.ZONE)
    zone.form_post(f"/fulfilment/notices/{location.rsplit('/', 1)[1]}/close")
    assert state(web_store, made.auto) == "to_pay"
    # ``awards --record`` after the recognition was struck, with no matching run since.
    plain = {
        "zone_code": "GS-BY",
        "uscc": made.uscc,
        "name": made.name,
        "registered_on": "2015-01-01",
    }
    found = profile_records(parse_profile(plain), {})
    with web_store.transaction() as session:
        rows = entitlements(
            worklist.catalogue(), found, 2025, Settings(), recorded=ledger.recorded(session)
        )
        ledger.record(session, rows, 2025, [made.uscc], "李四", "奖补测算入账")
    said = zone.form_post("/fulfilment/payments/export", {"payer": "province"})
    assert said.status_code == 409 and f"案件 {made.auto} 批准后台账已重新测算" in said.text
    assert state(web_store, made.auto) == "on_hold"


def test_fund_pools_set_by_the_zone_refuse_an_approval_past_the_budget(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    from decimal import Decimal

    from techzone.audit import Actor
    from techzone.fulfilment import funds

    made = new_cases()  # 2025's awards
    set_day(clock, PUBLISHED)
    zone = client_as(Role.ZONE)
    provincial = {
        "key": "gansu_zone_measures.new_hnte",
        "year": "2025",
        "payer": "province",
        "budget": "100000000",
        "reason": "年初预算",
    }
    # The province's budget is the province's: a zone administrator cannot set or raise it.
    refused = zone.form_post("/fulfilment/funds", provincial)
    assert refused.status_code == 422 and "省级资金池由省级财政设置" in refused.text
    own = {**provincial, "key": "baiyin_policy_list.first_hnte", "payer": "zone"}
    no_reason = zone.form_post("/fulfilment/funds", {**own, "reason": ""})
    assert no_reason.status_code == 422 and "原因" in no_reason.text
    assert zone.form_post("/fulfilment/funds", own, follow_redirects=False).status_code == 303
    register = Actor("省财政厅", source="命令行")

    def set_provincial(budget: Decimal) -> None:
        with web_store.transaction() as session:
            funds.set_pool(
                session, Scope.everything(), register, provincial["key"], 2025, "province",
                budget, owner="甘肃省", reason="省级预算",
            )  # fmt: skip

    # Other tests' cases of the shared store are already approved on it: they count.
    with web_store.transaction() as session:
        from techzone.model import FundPool

        held = funds.committed(
            session, FundPool(key=provincial["key"], year=2025, payer="province", owner="甘肃省")
        )
    set_provincial(held + Decimal("100000"))  # room for less than this case's 20万
    try:
        enterprise = fresh_client(Role.ENTERPRISE, made.binding())
        enterprise.form_post(
            f"/fulfilment/cases/{made.auto}/confirm",
            {"bank_name": "中国银行", "bank_account": "6216610000001234567", "consent": "true"},
        )
        client_as(Role.PARK).form_post(f"/fulfilment/cases/{made.auto}/approve", {})
        zone.form_post(f"/fulfilment/cases/{made.auto}/approve", {})
        refused = client_as(Role.UNIT).form_post(f"/fulfilment/cases/{made.auto}/approve", {})
        assert refused.status_code == 422 and "资金池" in refused.text
        assert state(web_store, made.auto) == "in_review"
        page = zone.get("/fulfilment/funds?year=2025")
        assert f"{held + 100000:,.2f}" in page.text
        assert "甘肃省" in page.text and "GS-BY" in page.text
        assert client_as(Role.PROVINCE).get("/fulfilment/funds").status_code == 200
        assert client_as(Role.PARK).get("/fulfilment/funds").status_code == 403
        assert client_as(Role.PROVINCE).form_post("/fulfilment/funds", own).status_code == 403
    finally:
        set_provincial(Decimal("1000000000"))
    done = client_as(Role.UNIT).form_post(
        f"/fulfilment/cases/{made.auto}/approve", {}, follow_redirects=False
    )
    assert done.status_code == 303
    assert state(web_store, made.auto) == "approved"


def test_measures_page_and_its_partial(client_as: Callable[[Role], Any]) -> None:
    zone = client_as(Role.ZONE)
    page = zone.get("/fulfilment/measures")
    assert page.status_code == 200 and "兑现率" in page.text and "兑现时长中位数" in page.text
    partial = zone.get("/fulfilment/measures/partial", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and "兑现率" in partial.text


_ = timedelta


def test_the_holiday_arrangement_is_checked_by_an_administrator_and_entered_by_no_zone(
    client_as: Callable[[Role], Any], web_store: Store
) -> None:
    from pathlib import Path

    from techzone.fulfilment import holidays

    notices = Path(__file__).parents[1] / "fulfilment" / "notices"
    example = (notices / "example-2027.txt").read_text(encoding="utf-8")
    zone = client_as(Role.ZONE)
    page = zone.get("/fulfilment/holidays")
    assert page.status_code == 200 and "2004—2026" in page.text and "尚未录入其他年度" in page.text
    assert "由省级管理员录入" in page.text and 'value="enter"' not in page.text
    checked = zone.form_post("/fulfilment/holidays", {"notice": example, "action": "check"})
    assert checked.status_code == 200 and "2月6日、2月7日" in checked.text
    assert "尚未录入其他年度" in checked.text  # 核对 writes nothing
    mistyped = example.replace("1月1日（周五）", "1月1日（周四）")
    refused = zone.form_post("/fulfilment/holidays", {"notice": mistyped, "action": "check"})
    assert refused.status_code == 422 and "通知写作「周四」" in refused.text
    # The arrangement dates every zone's 公示 and deadlines: no zone's administrator enters it,
    # nor a province's while the register holds another province's zones (the demo's).
    entered = zone.form_post("/fulfilment/holidays", {"notice": example, "action": "enter"})
    assert entered.status_code == 403
    province = client_as(Role.PROVINCE)
    page = province.get("/fulfilment/holidays")
    assert page.status_code == 200 and "还有广西壮族自治区的高新区" in page.text
    assert 'value="enter"' not in page.text
    entered = province.form_post("/fulfilment/holidays", {"notice": example, "action": "enter"})
    assert entered.status_code == 422 and "还有广西壮族自治区的高新区" in entered.text
    assert client_as(Role.PARK).get("/fulfilment/holidays").status_code == 403
    with web_store.transaction() as session:
        assert holidays.entered(session) == {}


def test_the_holiday_arrangement_is_entered_by_the_province_over_every_zone(
    sqlite_store: Store, web_clock: Any
) -> None:
    from pathlib import Path

    from techzone.accounts import Binding, create_account
    from techzone.model import Zone
    from techzone.model.codes import ZoneLevel
    from techzone.web import WebSettings, create_app
    from tests.web.conftest import FRESH_PASSWORD, TEST_ACTOR, SessionClient, log_in

    example = (Path(__file__).parents[1] / "fulfilment" / "notices" / "example-2027.txt").read_text(
        encoding="utf-8"
    )
    with sqlite_store.transaction() as session:
        session.add(
            Zone(code="GS-BY", name="白银高新区", level=ZoneLevel.NATIONAL, province="甘肃省",
                 city="白银市")
        )  # fmt: skip
        session.flush()
        create_account(
            session, TEST_ACTOR, "gs-province", FRESH_PASSWORD, Role.PROVINCE,
            Binding(province="甘肃省"),
        )  # fmt: skip
    url = str(sqlite_store.engine.url)
    app = create_app(WebSettings(database_url=url, clock=web_clock), store=sqlite_store)
    with SessionClient(app) as province:
        assert log_in(province, "gs-province", FRESH_PASSWORD).status_code == 303
        page = province.get("/fulfilment/holidays")
        assert 'value="enter"' in page.text and "由省级管理员录入" not in page.text
        entered = province.form_post("/fulfilment/holidays", {"notice": example, "action": "enter"})
        assert entered.status_code == 200, entered.text
        assert "已录入2027年节假日安排：放假 12 天，调休上班 1 天" in entered.text
        again = province.form_post("/fulfilment/holidays", {"notice": example, "action": "enter"})
        assert again.status_code == 422 and "更正已录入的年度" in again.text
        assert "--replace" not in again.text


def test_a_notice_names_who_receives_objections(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    anonymous: Any,
    web_store: Store,
) -> None:
    made = new_cases()
    set_day(clock, PUBLISHED)
    take_to_approved(made.auto, fresh_client(Role.ENTERPRISE, made.binding()), client_as)
    zone = client_as(Role.ZONE)
    phone = {"contact_phone": "0943-1234567"}
    for form, message in (
        ({}, "请填写异议受理单位"),
        ({"contact_unit": "   ", **phone}, "请填写异议受理单位"),
        ({"contact_unit": "科技发展局"}, "至少填写一种异议联系方式"),
        ({"contact_unit": "科" * 61, **phone}, "异议受理单位须为2到60个字"),
        ({"contact_unit": "<script>alert(1)</script>", **phone}, "尖括号"),
    ):
        refused = zone.form_post("/fulfilment/notices", {"title": "测试公示", **form})
        assert refused.status_code == 422 and message in refused.text, form
        assert state(web_store, made.auto) == "approved"
        assert "<script>alert(1)" not in refused.text
    # What the officer typed comes back with the refusal, to be corrected rather than retyped.
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in refused.text
    unit = '白银高新区"创新&服务"中心'
    answer = zone.form_post(
        "/fulfilment/notices",
        {
            "title": "测试公示",
            "contact_unit": unit,
            "contact_person": "李四",
            "contact_email": "kj@by.gov.cn",
            **phone,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert state(web_store, made.auto) == "publicised"
    public = anonymous.get(answer.headers["location"])
    assert public.status_code == 200
    # Shown as text, escaped: the public page is read by anyone.
    assert "向白银高新区&#34;创新&amp;服务&#34;中心反映" in public.text
    assert "<dd>李四</dd>" in public.text and "<dd>0943-1234567</dd>" in public.text
    assert "<dd>kj@by.gov.cn</dd>" in public.text and unit not in public.text
    number = unquote(answer.headers["location"].rsplit("/", 1)[1])
    api = anonymous.get(f"/api/v1/notices/{quote(number)}/public").json()
    assert api["contact"] == {
        "unit": unit,
        "person": "李四",
        "phone": "0943-1234567",
        "address": "",
        "email": "kj@by.gov.cn",
    }
    listed = zone.get("/fulfilment/notices")
    assert "联系人：李四；联系电话：0943-1234567" in listed.text
    document = zone.get(f"/fulfilment/notices/{quote(number)}.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert f"异议受理单位：{unit}；联系人：李四；联系电话：0943-1234567" in text
    # The next notice's form starts from this one's contact.
    other = new_cases()
    take_to_approved(other.auto, fresh_client(Role.ENTERPRISE, other.binding()), client_as)
    form = client_as(Role.ZONE).get("/fulfilment/notices").text
    assert 'name="contact_phone" maxlength="40" value="0943-1234567"' in form
    assert 'value="白银高新区&#34;创新&amp;服务&#34;中心"' in form


def test_a_fund_pool_is_chosen_by_the_title_the_form_offers(
    client_as: Callable[[Role], Any],
) -> None:
    zone = client_as(Role.ZONE)
    page = zone.get("/fulfilment/funds").text
    # The list offers the policies by their titles: picking one fills the field with the title the
    # officer reads, not the policy's code.
    assert '<option value="首次认定高新技术企业奖励（高新区）">' in page
    assert 'value="baiyin_policy_list.first_hnte"' not in page
    chosen = {
        "key": "首次认定高新技术企业奖励（高新区）",
        "year": "2030",
        "payer": "zone",
        "budget": "1234567",
        "reason": "年初预算",
    }
    saved = zone.form_post("/fulfilment/funds", chosen, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    pools = zone.get("/fulfilment/funds?year=2030").text
    assert "1,234,567.00" in pools and "首次认定高新技术企业奖励（高新区）" in pools
    # The policy paid by another level than the one chosen: refused, named by its title.
    district = zone.form_post("/fulfilment/funds", {**chosen, "payer": "district", "year": "2031"})
    assert district.status_code == 422 and "「首次认定高新技术企业奖励（高新区）」" in district.text
    assert "baiyin_policy_list" not in district.text
    # A title no zone-paid policy has is still refused, in the core's words; nothing is set.
    unknown = zone.form_post("/fulfilment/funds", {**chosen, "key": "不存在的政策", "year": "2031"})
    assert unknown.status_code == 422 and "没有政策从此资金池支出" in unknown.text
    assert "1,234,567.00" not in zone.get("/fulfilment/funds?year=2031").text
