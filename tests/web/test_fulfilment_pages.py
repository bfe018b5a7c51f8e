"""政策兑现 pages by role: lists, a case's page, the enterprise's confirm/upload/decline, the
review chain's approve/return/reject and the core's refusals shown in Chinese, isolation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from techzone.access import Role, Scope
from techzone.accounts import Binding
from techzone.accounts.demo import DEMO_ZONE
from techzone.fulfilment.cases import get_case
from techzone.fulfilment.materials import MAX_BYTES
from techzone.model import AuditEntry, CaseMaterial
from techzone.store import Store
from tests.web.fulfilment_support import Made, new_cases

__all__ = ["new_cases"]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCOUNT = {
    "bank_name": "中国银行白银分行",
    "bank_account": "6216610000001234567",
    "consent": "true",
}


def state_of(store: Store, case_id: int) -> tuple[str, Any]:
    with store.transaction() as session:
        case = get_case(session, Scope.everything(), case_id)
        return case.state, case.amount


def confirmed(client: Any, case_id: int) -> Any:
    return client.form_post(f"/fulfilment/cases/{case_id}/confirm", ACCOUNT, follow_redirects=False)


def test_enterprise_sees_its_cases_and_confirms(
    new_cases: Callable[..., Made], fresh_client: Callable[..., Any], web_store: Store
) -> None:
    made, other = new_cases(), new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    listing = client.get("/fulfilment")
    assert listing.status_code == 200
    assert made.name in listing.text and other.name not in listing.text
    page = client.get(f"/fulfilment/cases/{made.auto}")
    assert "免申即享" in page.text and "200,000.00" in page.text and "园区初审" in page.text
    answer = confirmed(client, made.auto)
    assert answer.status_code == 303
    assert state_of(web_store, made.auto)[0] == "in_review"
    page = client.get(answer.headers["location"])
    assert "企业确认：确认收款账户并同意兑现" in page.text
    # Another enterprise's case does not exist for it: not its page, not its actions.
    assert client.get(f"/fulfilment/cases/{other.auto}").status_code == 404
    assert confirmed(client, other.auto).status_code == 404
    assert state_of(web_store, other.auto)[0] == "pending"


def test_confirm_without_consent_or_with_a_bad_account_is_refused_in_chinese(
    new_cases: Callable[..., Made], fresh_client: Callable[..., Any], web_store: Store
) -> None:
    made = new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    answer = client.form_post(
        f"/fulfilment/cases/{made.auto}/confirm", {**ACCOUNT, "bank_account": "12ab"}
    )
    assert answer.status_code == 422 and "银行账号须为8到30位数字" in answer.text
    no_consent = {k: v for k, v in ACCOUNT.items() if k != "consent"}
    answer = client.form_post(f"/fulfilment/cases/{made.auto}/confirm", no_consent)
    assert answer.status_code == 422 and "须同意兑现承诺" in answer.text
    assert state_of(web_store, made.auto)[0] == "pending"


def test_enterprise_uploads_a_material_and_a_disguised_file_is_refused(
    new_cases: Callable[..., Made], fresh_client: Callable[..., Any], web_store: Store
) -> None:
    made = new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    url = f"/fulfilment/cases/{made.apply}/materials"
    answer = client.post(
        url,
        data={"label": "高新技术企业证书", "csrf_token": client.csrf},
        files={"file": ("证书.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = client.get(f"/fulfilment/cases/{made.apply}")
    assert "高新技术企业证书" in page.text and "企业上传" in page.text
    fake = client.post(
        url,
        data={"label": "假证书", "csrf_token": client.csrf},
        files={"file": ("证书.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )
    assert fake.status_code == 422 and "扩展名与文件内容不符" in fake.text
    program = client.post(
        url,
        data={"label": "程序", "csrf_token": client.csrf},
        files={"file": ("run.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    assert program.status_code == 422
    with web_store.transaction() as session:
        names = [m.name for m in session.query(CaseMaterial).filter_by(case_id=made.apply)]
    assert names == ["高新技术企业证书"]


def test_a_material_one_byte_over_the_limit_is_refused(
    new_cases: Callable[..., Made], fresh_client: Callable[..., Any]
) -> None:
    made = new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    big = PDF + b"0" * (MAX_BYTES + 1 - len(PDF))
    answer = client.post(
        f"/fulfilment/cases/{made.apply}/materials",
        data={"label": "大文件", "csrf_token": client.csrf},
        files={"file": ("大.pdf", big, "application/pdf")},
    )
    assert answer.status_code == 413 and "20MB" in answer.text


def test_enterprise_declines_with_a_reason(
    new_cases: Callable[..., Made], fresh_client: Callable[..., Any], web_store: Store
) -> None:
    made = new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    empty = client.form_post(f"/fulfilment/cases/{made.auto}/decline", {"reason": " "})
    assert empty.status_code == 422 and "请说明放弃的原因" in empty.text
    done = client.form_post(
        f"/fulfilment/cases/{made.auto}/decline",
        {"reason": "已享受同类支持"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert state_of(web_store, made.auto)[0] == "declined"


def test_review_chain_by_role_with_refusals(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    web_store: Store,
) -> None:
    made = new_cases()
    assert confirmed(fresh_client(Role.ENTERPRISE, made.binding()), made.auto).status_code == 303
    park, zone, unit = client_as(Role.PARK), client_as(Role.ZONE), client_as(Role.UNIT)
    url = f"/fulfilment/cases/{made.auto}/approve"
    # The zone cannot take the park's step; the page says whose step it is.
    early = zone.form_post(url, {})
    assert early.status_code == 409 and "审核通过" in early.text
    assert "园区初审" in park.get(f"/fulfilment/cases/{made.auto}").text
    assert park.form_post(url, {"reason": "材料齐全"}, follow_redirects=False).status_code == 303
    assert zone.form_post(url, {}, follow_redirects=False).status_code == 303
    final = unit.form_post(url, {}, follow_redirects=True)
    assert final.status_code == 200
    assert "审核通过，金额200,000.00元" in final.text
    assert state_of(web_store, made.auto) == ("approved", 200000)
    history = final.text
    assert "园区初审通过" in history and "高新区审核通过" in history and "财政复核通过" in history
    with web_store.transaction() as session:
        actions = [
            (e.actor, e.action)
            for e in session.query(AuditEntry).filter_by(entity_key=str(made.auto))
        ]
    assert ("demo-unit", "case.approved") in actions
    assert ("demo-park", "case.step_approved") in actions


def test_a_discretionary_amount_is_fixed_within_range_with_a_reason(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    web_store: Store,
) -> None:
    made = new_cases()
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    assert confirmed(enterprise, made.apply).status_code == 303
    park = client_as(Role.PARK)
    url = f"/fulfilment/cases/{made.apply}/approve"
    page = park.get(f"/fulfilment/cases/{made.apply}")
    assert "0.00 至 500,000.00" in page.text
    over = park.form_post(url, {"amount": "500000.01", "reason": "研发投入大"})
    assert over.status_code == 422 and "不在应享范围" in over.text
    bare = park.form_post(url, {"amount": "300000"})
    assert bare.status_code == 422 and "须写明依据" in bare.text
    # The core's sentence serves the command line too; the page names no command-line option.
    assert "--reason" not in bare.text
    words = park.form_post(url, {"amount": "三十万", "reason": "x"})
    assert words.status_code == 422 and "须为数字" in words.text
    assert state_of(web_store, made.apply) == ("in_review", None)
    ok = park.form_post(url, {"amount": "500000", "reason": "研发投入大"}, follow_redirects=False)
    assert ok.status_code == 303
    assert state_of(web_store, made.apply) == ("in_review", 500000)


def test_return_and_reject_need_a_reason(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    web_store: Store,
) -> None:
    made = new_cases()
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    for case in (made.auto, made.apply):
        assert confirmed(enterprise, case).status_code == 303
    park = client_as(Role.PARK)
    assert (
        park.form_post(f"/fulfilment/cases/{made.auto}/return", {"reason": ""}).status_code == 422
    )
    returned = park.form_post(
        f"/fulfilment/cases/{made.auto}/return",
        {"reason": "请补充开户许可证"},
        follow_redirects=False,
    )
    assert returned.status_code == 303
    assert state_of(web_store, made.auto)[0] == "returned"
    inbox = enterprise.get("/fulfilment/inbox")
    assert "请补充开户许可证" in inbox.text
    rejected = park.form_post(
        f"/fulfilment/cases/{made.apply}/reject", {"reason": "不在本区注册"}, follow_redirects=False
    )
    assert rejected.status_code == 303
    assert state_of(web_store, made.apply)[0] == "rejected"
    # An enterprise has no review action: the same post is a conflict, nothing changes.
    assert (
        enterprise.form_post(f"/fulfilment/cases/{made.auto}/reject", {"reason": "x"}).status_code
        == 409
    )


def test_officers_see_the_cases_of_their_reach_only(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    web_store: Store,
) -> None:
    here, there = new_cases(), new_cases("XQ")
    park = client_as(Role.PARK)
    assert park.get(f"/fulfilment/cases/{here.auto}").status_code == 200
    assert park.get(f"/fulfilment/cases/{there.auto}").status_code == 404
    listing = park.get("/fulfilment?year=2025").text
    assert here.name in listing and there.name not in listing
    # A park officer of another park cannot approve this park's case.
    assert confirmed(fresh_client(Role.ENTERPRISE, here.binding()), here.auto).status_code == 303
    other_park = fresh_client(Role.PARK, Binding(zone=DEMO_ZONE, park="XQ"))
    refused = other_park.form_post(f"/fulfilment/cases/{here.auto}/approve", {})
    assert refused.status_code == 404
    assert state_of(web_store, here.auto) == ("in_review", None)
    other_zone = fresh_client(Role.ZONE, Binding(zone="GS-LZ"))
    assert other_zone.get(f"/fulfilment/cases/{here.auto}").status_code == 404
    assert here.name not in other_zone.get("/fulfilment").text
    # The province reads every case of its zones but acts on none.
    province = client_as(Role.PROVINCE)
    assert province.get(f"/fulfilment/cases/{here.auto}").status_code == 200
    assert province.form_post(f"/fulfilment/cases/{here.auto}/approve", {}).status_code == 403


def test_waiting_for_me_lists_what_the_role_must_do(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
) -> None:
    made = new_cases()
    enterprise = fresh_client(Role.ENTERPRISE, made.binding())
    assert made.name in enterprise.get("/fulfilment?mine=true").text
    unit = client_as(Role.UNIT)
    assert made.name not in unit.get("/fulfilment?mine=true").text
    assert confirmed(enterprise, made.auto).status_code == 303
    park, zone = client_as(Role.PARK), client_as(Role.ZONE)
    assert made.name in park.get("/fulfilment?mine=true").text
    park.form_post(f"/fulfilment/cases/{made.auto}/approve", {})
    zone.form_post(f"/fulfilment/cases/{made.auto}/approve", {})
    assert made.name in unit.get("/fulfilment?mine=true").text


def test_inbox_shows_the_match_notice_and_marks_it_read(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
) -> None:
    made = new_cases()
    client = fresh_client(Role.ENTERPRISE, made.binding())
    page = client.get("/fulfilment/inbox")
    assert page.status_code == 200 and "【未读】" in page.text and made.name in page.text
    import re

    found = re.search(r'action="/fulfilment/inbox/(\d+)/read"', page.text)
    assert found is not None
    # Another enterprise cannot mark it.
    stranger = fresh_client(Role.ENTERPRISE, new_cases().binding())
    assert stranger.form_post(f"/fulfilment/inbox/{found.group(1)}/read").status_code == 404
    done = client.form_post(f"/fulfilment/inbox/{found.group(1)}/read", follow_redirects=False)
    assert done.status_code == 303
    assert f'/fulfilment/inbox/{found.group(1)}/read"' not in client.get("/fulfilment/inbox").text


def test_filters_and_a_visitor(
    new_cases: Callable[..., Made], client_as: Callable[[Role], Any], anonymous: Any
) -> None:
    made = new_cases()
    zone = client_as(Role.ZONE)
    assert made.name in zone.get("/fulfilment?state=pending&year=2025").text
    assert made.name not in zone.get("/fulfilment?state=paid").text
    assert zone.get("/fulfilment?year=1800").status_code == 422
    assert anonymous.get("/fulfilment", follow_redirects=False).status_code == 303
    assert (
        anonymous.get(f"/fulfilment/cases/{made.auto}", follow_redirects=False).status_code == 303
    )


_ = (UTC, datetime, timedelta)


def test_later_steps_keep_the_fixed_amount_without_retyping_it(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    web_store: Store,
) -> None:
    made = new_cases()
    assert confirmed(fresh_client(Role.ENTERPRISE, made.binding()), made.apply).status_code == 303
    url = f"/fulfilment/cases/{made.apply}/approve"
    park = client_as(Role.PARK)
    assert park.form_post(url, {"amount": "350000", "reason": "按研发投入核定"}).status_code == 200
    zone = client_as(Role.ZONE)
    assert "已核定350,000.00" in zone.get(f"/fulfilment/cases/{made.apply}").text
    # The form as a browser sends it: the amount field left blank.
    assert (
        zone.form_post(url, {"amount": "", "reason": ""}, follow_redirects=False).status_code == 303
    )
    assert state_of(web_store, made.apply) == ("in_review", 350000)


def test_the_last_step_with_no_amount_fixed_is_refused_without_command_line_words(
    new_cases: Callable[..., Made],
    fresh_client: Callable[..., Any],
    client_as: Callable[[Role], Any],
    web_store: Store,
) -> None:
    made = new_cases()
    assert confirmed(fresh_client(Role.ENTERPRISE, made.binding()), made.apply).status_code == 303
    url = f"/fulfilment/cases/{made.apply}/approve"
    for role in (Role.PARK, Role.ZONE):
        assert client_as(role).form_post(url, {}, follow_redirects=False).status_code == 303
    last = client_as(Role.UNIT).form_post(url, {"amount": "", "reason": ""})
    assert last.status_code == 422 and "须由审核人在应享范围内确定" in last.text
    assert "--amount" not in last.text and "--reason" not in last.text
    assert state_of(web_store, made.apply) == ("in_review", None)
    unit = client_as(Role.UNIT)
    api = unit.post(
        f"/api/v1/cases/{made.apply}/approve", json={}, headers={"X-CSRF-Token": unit.csrf}
    )
    assert api.status_code == 422 and "--amount" not in api.json()["error"]["message"]
