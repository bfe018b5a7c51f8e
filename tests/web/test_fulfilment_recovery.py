"""Lifting a hold, recovering a payment and recording the money returned, through the pages and
the API: the same core calls as ``techzone cases advance … release`` and the recovery commands.

The case is 甘肃 措施10's 20万元 (免申即享, paid by the province) for a newly recognised HNTE: a
fixed amount, so a release at any other amount is out of its range.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, select

from techzone.access import Role, Scope
from techzone.fulfilment.cases import get_case, paid_totals
from techzone.model import EntitlementPayment, InboxMessage
from techzone.store import Store
from tests.web.fulfilment_support import Made, new_cases, set_day, strike_recognition
from tests.web.test_fulfilment_api import post
from tests.web.test_fulfilment_office import AFTER, published

__all__ = ["new_cases"]


def case_of(store: Store, case_id: int) -> Any:
    with store.transaction() as session:
        case = get_case(session, Scope.everything(), case_id)
        session.expunge(case)
        return case


def in_batch(made: Made, clock: Any, client_as: Any, fresh_client: Any) -> Any:
    """``made.auto`` published, its notice closed and exported in a payment batch; the zone."""
    _, location = published(made, clock, client_as, fresh_client)
    set_day(clock, AFTER)
    zone = client_as(Role.ZONE)
    assert zone.form_post(f"/fulfilment/notices/{location.rsplit('/', 1)[1]}/close").is_success
    assert zone.form_post("/fulfilment/payments/export", {"payer": "province"}).is_success
    return zone


def held(made: Made, clock: Any, client_as: Any, fresh_client: Any) -> Any:
    """``made.auto`` taken out of its batch (not paid) and so on hold; the zone's client."""
    zone = in_batch(made, clock, client_as, fresh_client)
    answer = zone.form_post(
        f"/fulfilment/cases/{made.auto}/unbatch",
        {"reason": "账号待核", "not_paid": "true"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return zone


def paid(made: Made, clock: Any, client_as: Any, fresh_client: Any) -> Any:
    zone = in_batch(made, clock, client_as, fresh_client)
    answer = zone.form_post(
        f"/fulfilment/cases/{made.auto}/pay",
        {"paid_on": AFTER.isoformat(), "voucher": "PZ-1"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return zone


def test_a_case_taken_out_of_its_batch_is_released_by_the_zone_on_the_page(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = held(made, clock, client_as, fresh_client)
    url = f"/fulfilment/cases/{made.auto}"
    assert case_of(web_store, made.auto).state == "on_hold"
    assert f'action="{url}/release"' in zone.get(url).text
    # A park officer may refuse a held case but not send it on to payment.
    park = client_as(Role.PARK)
    assert f'action="{url}/release"' not in park.get(url).text
    refused = park.form_post(f"{url}/release", {"reason": "已核实"})
    assert refused.status_code == 409 and "解除暂缓" in refused.text
    # Without a finding, or at an amount outside the award's range, nothing moves.
    bare = zone.form_post(f"{url}/release", {"reason": "  "})
    assert bare.status_code == 422 and "核实结论" in bare.text
    above = zone.form_post(f"{url}/release", {"reason": "已核实", "amount": "200000.01"})
    assert above.status_code == 422
    nonsense = zone.form_post(f"{url}/release", {"reason": "已核实", "amount": "NaN"})
    assert nonsense.status_code == 422 and "不是有效的数额" in nonsense.text
    case = case_of(web_store, made.auto)
    assert (case.state, case.amount) == ("on_hold", Decimal("200000.00"))
    done = zone.form_post(f"{url}/release", {"reason": "账号已核实"}, follow_redirects=True)
    assert done.status_code == 200 and "已解除暂缓，案件现为「待支付」" in done.text
    assert "解除暂缓：账号已核实" in done.text  # the case's history
    assert case_of(web_store, made.auto).state == "to_pay"


def test_a_paid_case_is_recovered_in_parts_on_the_page(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = paid(made, clock, client_as, fresh_client)
    url = f"/fulfilment/cases/{made.auto}"
    assert f'action="{url}/recover"' in zone.get(url).text
    assert client_as(Role.PARK).form_post(f"{url}/recover", {"reason": "x"}).status_code == 409
    over = zone.form_post(f"{url}/recover", {"reason": "资格被撤销", "amount": "200000.01"})
    assert over.status_code == 422 and "不超过已付200,000.00元" in over.text
    # 「1,0」 was read as 10 (every comma dropped): refused, the comma is only a thousands mark.
    comma = zone.form_post(f"{url}/recover", {"reason": "资格被撤销", "amount": "1,0"})
    assert comma.status_code == 422 and "千位分隔符" in comma.text
    huge = zone.form_post(f"{url}/recover", {"reason": "资格被撤销", "amount": "1e400"})
    assert huge.status_code == 422 and "追回金额" in huge.text
    unsaid = zone.form_post(f"{url}/recover", {"reason": ""})
    assert unsaid.status_code == 422 and "追回原因" in unsaid.text
    assert case_of(web_store, made.auto).state == "paid"

    opened = zone.form_post(f"{url}/recover", {"reason": "资格被撤销"}, follow_redirects=True)
    assert "已启动追回200,000.00元" in opened.text
    case = case_of(web_store, made.auto)
    assert (case.state, case.recovery_amount) == ("recovering", Decimal("200000.00"))
    with web_store.transaction() as session:
        told = session.scalars(select(InboxMessage.body).where(InboxMessage.case_id == made.auto))
        assert any("须退回已拨付资金200,000.00元" in text for text in told)

    repay = f"{url}/repay"
    part = {"amount": "50000", "paid_on": AFTER.isoformat(), "voucher": "TH-1"}
    # Dated a day after the web's clock (not the machine's date): refused, nothing written.
    ahead = zone.form_post(repay, {**part, "paid_on": (AFTER + timedelta(days=1)).isoformat()})
    assert ahead.status_code == 422 and "晚于今天" in ahead.text
    first = zone.form_post(repay, part, follow_redirects=True)
    assert "已登记退回50,000.00元" in first.text and "已全部追回" not in first.text
    more = zone.form_post(repay, {**part, "amount": "150000.01", "voucher": "TH-2"})
    assert more.status_code == 422 and "超过应追回的200,000.00元" in more.text
    blank = zone.form_post(repay, {**part, "amount": " "})
    assert blank.status_code == 422 and "请填写退回金额（元）" in blank.text
    unvouched = zone.form_post(repay, {**part, "amount": "150000", "voucher": " "})
    assert unvouched.status_code == 422 and "请填写凭证号" in unvouched.text
    last = zone.form_post(repay, {**part, "amount": "150000", "voucher": "TH-2"})
    assert "已全部追回" in last.text
    assert case_of(web_store, made.auto).state == "recovered"
    with web_store.transaction() as session:
        case = get_case(session, Scope.everything(), made.auto)
        assert paid_totals(session, [case.entitlement_id])[case.entitlement_id][0] == 0
        amounts = session.scalars(
            select(EntitlementPayment.amount)
            .where(EntitlementPayment.entitlement_id == case.entitlement_id)
            .order_by(EntitlementPayment.id)
        )
        assert list(amounts) == [Decimal("200000"), Decimal("-50000"), Decimal("-150000")]
    assert not re.search(rf'action="{url}/(recover|repay)"', zone.get(url).text)


def test_release_and_recovery_through_the_api(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = held(made, clock, client_as, fresh_client)
    api = f"/api/v1/cases/{made.auto}"
    outside = post(client_as(Role.PARK), f"{api}/release", {"reason": "已核实"})
    assert outside.status_code == 409 and outside.json()["error"]["code"] == "conflict"
    done = post(zone, f"{api}/release", {"reason": "已核实"})
    assert done.status_code == 200 and done.json()["case"]["state"] == "to_pay"

    other = new_cases()
    zone = paid(other, clock, client_as, fresh_client)
    api = f"/api/v1/cases/{other.auto}"
    refused = post(zone, f"{api}/recover", {"reason": "资格被撤销", "amount": "0"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "refused"
    opened = post(zone, f"{api}/recover", {"reason": "重新测算后应享减少", "amount": "20000"})
    assert opened.status_code == 200 and opened.json()["case"]["state"] == "recovering"
    back = post(
        zone, f"{api}/repay", {"amount": "20000", "paid_on": AFTER.isoformat(), "voucher": "T"}
    )
    assert back.status_code == 200 and back.json()["case"]["state"] == "recovered"


def test_a_payment_at_the_approved_amount_after_the_award_was_withdrawn_is_recovered(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    made = new_cases()
    zone = in_batch(made, clock, client_as, fresh_client)
    strike_recognition(web_store, made)
    url = f"/fulfilment/cases/{made.auto}/pay"
    paid = {"paid_on": AFTER.isoformat(), "voucher": "PZ-1"}
    refused = zone.form_post(url, paid)
    assert refused.status_code == 422 and "已按批准金额支付" in refused.text
    assert case_of(web_store, made.auto).state == "in_batch"
    done = zone.form_post(url, {**paid, "overpaid": "true"}, follow_redirects=True)
    assert "多付部分已启动追回200,000.00元" in done.text
    case = case_of(web_store, made.auto)
    assert (case.state, case.recovery_amount) == ("recovering", Decimal("200000.00"))


def test_an_amount_paid_below_the_approved_after_the_award_was_withdrawn_is_recorded(
    new_cases: Callable[..., Made],
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    web_store: Store,
) -> None:
    """The finance office paid 15万 of the 20万 approved, the recognition struck meanwhile: the
    page's 实付金额 with the check box records the 15万 actually paid and recovers all of it."""
    made = new_cases()
    zone = in_batch(made, clock, client_as, fresh_client)
    strike_recognition(web_store, made)
    url = f"/fulfilment/cases/{made.auto}/pay"
    paid = {"paid_on": AFTER.isoformat(), "voucher": "PZ-1", "amount": "150000"}
    refused = zone.form_post(url, paid)
    assert refused.status_code == 422 and "已按实付金额支付" in refused.text
    assert case_of(web_store, made.auto).state == "in_batch"
    done = zone.form_post(url, {**paid, "overpaid": "true"}, follow_redirects=True)
    assert "多付部分已启动追回150,000.00元" in done.text
    case = case_of(web_store, made.auto)
    assert (case.state, case.amount, case.recovery_amount) == (
        "recovering",
        Decimal("150000.00"),
        Decimal("150000.00"),
    )
    with web_store.transaction() as session:
        assert paid_totals(session, [case.entitlement_id])[case.entitlement_id][0] == Decimal(
            "150000.00"
        )


@pytest.fixture
def own_enterprise(web_store: Store) -> Iterator[str]:
    """A fresh enterprise in the demo park's register, removed afterwards: the store is shared
    with the other web tests (which count the park's enterprises), and the demo enterprise's
    cases are theirs."""
    from datetime import date

    from techzone.accounts.demo import DEMO_PARK, DEMO_ZONE
    from techzone.model import Enterprise, Park, Zone
    from techzone.model.codes import Ownership
    from tests.web.fulfilment_support import fresh_uscc

    uscc = fresh_uscc()
    with web_store.transaction() as session:
        park = session.scalar(
            select(Park.id).join(Zone).where(Zone.code == DEMO_ZONE, Park.code == DEMO_PARK)
        )
        assert park is not None
        session.add(
            Enterprise(
                uscc=uscc,
                name=f"白银测试{uscc[-6:]}新材料有限公司",
                park_id=park,
                registered_on=date(2015, 1, 1),
                ownership=Ownership.PRIVATE,
            )
        )
    yield uscc
    with web_store.transaction() as session:
        session.execute(delete(Enterprise).where(Enterprise.uscc == uscc))


def test_the_enterprise_page_shows_the_ledger_history_of_a_recovered_payment(
    web_store: Store,
    clock: Any,
    client_as: Callable[[Role], Any],
    fresh_client: Callable[..., Any],
    own_enterprise: str,
) -> None:
    from tests.web.fulfilment_support import make_cases

    uscc = own_enterprise
    made = make_cases(web_store, uscc=uscc)
    zone = paid(made, clock, client_as, fresh_client)
    url = f"/fulfilment/cases/{made.auto}"
    zone.form_post(f"{url}/recover", {"reason": "资格被撤销", "amount": "50000"})
    zone.form_post(
        f"{url}/repay", {"amount": "50000", "paid_on": AFTER.isoformat(), "voucher": "TH-1"}
    )
    part = zone.get(f"/enterprises/{uscc}/awards", params={"year": "2026"})
    assert part.status_code == 200
    text = part.text
    # The 2025 award is among the ledger's other entries, by its policy's title, not its code.
    assert "新认定高新技术企业" in text and "gansu_zone_measures" not in text
    assert "已拨付150,000.00元" in text
    assert "台账记录（1个版本，2笔支付或追回）" in text
    assert "PZ-1" in text and "TH-1" in text and "-50,000.00" in text


def test_the_ledger_history_on_the_enterprise_page_is_in_beijing_time(
    web_store: Store, client_as: Callable[[Role], Any]
) -> None:
    """The ledger stamps its versions in UTC; officers read Beijing time, as on the case page
    (an entry recorded at 17:00 UTC is the next day in China)."""
    from datetime import UTC, timedelta

    from techzone.accounts.demo import demo_enterprise
    from techzone.model import Entitlement, EntitlementVersion
    from tests.web.fulfilment_support import make_cases

    with web_store.transaction() as session:
        uscc = demo_enterprise(session)
    make_cases(web_store, uscc=uscc)
    with web_store.transaction() as session:
        # This enterprise's entries only: the store is shared with the other web tests.
        stamps = list(
            session.scalars(
                select(EntitlementVersion.recorded_at)
                .join(Entitlement, Entitlement.id == EntitlementVersion.entitlement_id)
                .where(Entitlement.uscc == uscc)
            )
        )
    assert stamps
    part = client_as(Role.ZONE).get(f"/enterprises/{uscc}/awards", params={"year": "2026"})
    assert part.status_code == 200
    assert "记录时间（北京时间）" in part.text
    for at in stamps:
        beijing = at.replace(tzinfo=UTC) + timedelta(hours=8)
        assert beijing.strftime("%Y-%m-%d %H:%M") in part.text
