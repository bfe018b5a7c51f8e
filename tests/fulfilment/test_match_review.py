"""Match, review and the money checks at approval (issue #15), on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, review
from techzone.fulfilment.cases import get_case, history, move
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import (
    AuditEntry,
    CaseHistory,
    EntitlementVersion,
    FulfilmentCase,
    InboxMessage,
)
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    FIRST_HNTE,
    LOAN,
    MATCHED_ON,
    NEW_HNTE,
    OFFICER,
    TRANSFER,
    A,
    B,
    approve_all,
    cases,
    confirm,
    hnte,
    plain,
    records,
    sync,
)


def _count(store: Store, table: type[Any]) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_new_hnte_in_baiyin_is_two_cases_one_without_application(
    store: Store, catalogue: Catalogue
) -> None:
    done = sync(store, catalogue, records(hnte()))
    assert (done.created, done.changed) == (2, 0)
    by_policy = {case.policy_id: case for case in cases(store)}
    # 措施10: 20万 one figure, conditions from the register → 免申即享, paid by the province.
    provincial = by_policy[NEW_HNTE]
    assert (provincial.track, provincial.payer) == ("auto", "province")
    assert provincial.amount_min == provincial.amount_max == Decimal("200000.00")
    # 第12段: 最高50万 → 申报, the amount fixed at review.
    zone = by_policy[FIRST_HNTE]
    assert (zone.track, zone.payer) == ("apply", "zone")
    assert (zone.amount_min, zone.amount_max) == (Decimal("0.00"), Decimal("500000.00"))
    assert "最高50万元" in zone.track_reason
    # The tax reliefs and 措施10's matching clause without a number are not cases.
    assert done.skipped >= 2
    assert all(case.state == State.PENDING for case in by_policy.values())


def test_rerunning_the_match_changes_nothing(store: Store, catalogue: Catalogue) -> None:
    found = records(hnte())
    sync(store, catalogue, found)
    counted = [
        _count(store, t)
        for t in (FulfilmentCase, CaseHistory, AuditEntry, EntitlementVersion, InboxMessage)
    ]
    again = sync(store, catalogue, found)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)
    assert counted == [
        _count(store, t)
        for t in (FulfilmentCase, CaseHistory, AuditEntry, EntitlementVersion, InboxMessage)
    ]


def test_three_transfer_deals_are_three_cases_of_ten_wan(
    store: Store, catalogue: Catalogue
) -> None:
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in (3, 4, 5)
    ]
    sync(store, catalogue, records(plain(events=events)))
    deals = cases(store, TRANSFER)
    assert len(deals) == 3
    assert {case.entitlement_id.rsplit(":", 1)[1] for case in deals} == {"TT-3", "TT-4", "TT-5"}
    assert all(c.track == "auto" and c.amount_max == Decimal("100000.00") for c in deals)


def _zone_case(store: Store, catalogue: Catalogue) -> int:
    sync(store, catalogue, records(hnte()))
    (case,) = cases(store, FIRST_HNTE)
    confirm(store, case.id)
    return case.id


def test_a_discretionary_amount_is_fixed_within_its_range(
    store: Store, catalogue: Catalogue
) -> None:
    case_id = _zone_case(store, catalogue)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不在应享范围"):
        review.approve(
            session,
            ALL,
            case_id,
            OFFICER,
            MATCHED_ON,
            amount=Decimal("500000.01"),
            reason="专家评审",
            catalogue=catalogue,
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="大于零"):
        review.approve(
            session,
            ALL,
            case_id,
            OFFICER,
            MATCHED_ON,
            amount=Decimal("0"),
            reason="专家评审",
            catalogue=catalogue,
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="两位小数"):
        review.approve(
            session,
            ALL,
            case_id,
            OFFICER,
            MATCHED_ON,
            amount=Decimal("100.001"),
            reason="专家评审",
            catalogue=catalogue,
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="依据"):
        review.approve(
            session,
            ALL,
            case_id,
            OFFICER,
            MATCHED_ON,
            amount=Decimal("300000"),
            catalogue=catalogue,
        )
    # Through two steps without an amount, the last one refuses until a reviewer fixes it.
    for _ in range(2):
        with store.transaction() as session:
            review.approve(session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="金额须由审核人"):
        review.approve(session, ALL, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)
    with store.transaction() as session:
        done = review.approve(
            session,
            ALL,
            case_id,
            OFFICER,
            MATCHED_ON,
            amount=Decimal("500000.00"),
            reason="专家评审：首次认定，按上限",
            catalogue=catalogue,
        )
    assert done.final
    assert done.case.state == State.APPROVED
    assert done.case.amount == Decimal("500000.00")
    with store.transaction() as session:
        steps = [h.action for h in history(session, ALL, case_id)]
    assert steps == ["matched", "confirmed", "step_approved", "step_approved", "approved"]


def test_each_step_is_its_roles(store: Store, catalogue: Catalogue) -> None:
    case_id = _zone_case(store, catalogue)
    zone_officer = Actor("高新区李四", source="127.0.0.1", role=Role.ZONE.value)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="园区初审"):
        review.approve(session, ALL, case_id, zone_officer, MATCHED_ON, catalogue=catalogue)
    province = Scope(role=Role.PROVINCE, province="甘肃省")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="只能查看"):
        review.approve(session, province, case_id, OFFICER, MATCHED_ON, catalogue=catalogue)


def _loan(ref: str, day: str, interest: int) -> dict[str, Any]:
    return {"ref": ref, "kind": "贷款贴息", "occurred_on": day, "amount": interest}


def test_two_loans_cannot_together_pass_the_enterprise_cap(
    store: Store, catalogue: Catalogue
) -> None:
    # A March loan is matched and approved at its full 15万 of interest paid.
    sync(store, catalogue, records(plain(events=[_loan("L-MAR", "2025-03-01", 150_000)])))
    (march,) = cases(store, LOAN)
    confirm(store, march.id)
    approve_all(store, march.id, catalogue, Decimal("150000"), "实付利息15万元")
    # A January loan is found later: in date order it comes first, the March one is cut to 5万.
    both = [_loan("L-JAN", "2025-01-15", 150_000), _loan("L-MAR", "2025-03-01", 150_000)]
    sync(store, catalogue, records(plain(events=both)))
    with store.transaction() as session:
        held = get_case(session, ALL, march.id)
        assert held.state == State.ON_HOLD and held.amount == Decimal("150000.00")
    january = next(c for c in cases(store, LOAN) if c.id != march.id)
    assert january.amount_max == Decimal("150000.00")
    confirm(store, january.id)
    # 15万 approved + 15万 would pass "企业最高20万元": refused at approval.
    with pytest.raises(FulfilmentError, match="超出上限"):
        approve_all(store, january.id, catalogue, Decimal("150000"), "实付利息15万元")
    # 5万 fits exactly at the cap.
    with store.transaction() as session:
        case = get_case(session, ALL, january.id)
        assert case.state == State.IN_REVIEW and case.step == 2
        done = review.approve(
            session,
            ALL,
            january.id,
            OFFICER,
            MATCHED_ON,
            amount=Decimal("50000"),
            reason="上限余额",
            catalogue=catalogue,
        )
    assert done.case.state == State.APPROVED


def test_a_pool_that_runs_out_refuses_the_next_approval(store: Store, catalogue: Catalogue) -> None:
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in (3, 4, 5)
    ]
    sync(store, catalogue, records(plain(events=events)))
    with store.transaction() as session:
        # The cases are 2025's awards (approved in 2026): the pool is the award year's.
        funds.set_pool(
            session, ALL, OFFICER, TRANSFER, 2025, "zone", Decimal("250000"), warn_percent=80,
            owner="GS-BY",
        )  # fmt: skip
    first, second, third = sorted(c.id for c in cases(store, TRANSFER))
    for case_id in (first, second, third):
        confirm(store, case_id)
    assert approve_all(store, first, catalogue).warning is None
    warned = approve_all(store, second, catalogue)
    assert warned.warning is not None and "即将用尽" in warned.warning
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, third, catalogue)
    # A clerk cannot raise it; an administrator can, and it is audited.
    clerk = Actor("园区王五", source="127.0.0.1", role=Role.PARK.value)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="管理员"):
        funds.set_pool(session, ALL, clerk, TRANSFER, 2025, "zone", Decimal("300000"))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不能低于"):
        funds.set_pool(
            session, ALL, OFFICER, TRANSFER, 2025, "zone", Decimal("100000"), owner="GS-BY"
        )
    with store.transaction() as session:
        funds.set_pool(
            session, ALL, OFFICER, TRANSFER, 2025, "zone", Decimal("300000"), reason="追加预算",
            owner="GS-BY",
        )  # fmt: skip
    with store.transaction() as session:
        review.approve(session, ALL, third, OFFICER, MATCHED_ON, catalogue=catalogue)
        (status,) = funds.status(session, ALL, 2025)
        raised = session.scalars(select(AuditEntry).where(AuditEntry.action == "pool.set")).all()
    assert (status.budget, status.committed, status.remaining) == (
        Decimal("300000.00"),
        Decimal("300000.00"),
        Decimal("0.00"),
    )
    assert raised[-1].before == {"budget": "250000.00", "warn_percent": 80}


def test_an_enterprise_sees_only_its_own_cases(store: Store, catalogue: Catalogue) -> None:
    sync(store, catalogue, records(hnte(A), hnte(B, "白银丙科技有限公司")))
    own = Scope(role=Role.ENTERPRISE, uscc=A)
    other = next(c for c in cases(store) if c.uscc == B)
    with store.transaction() as session:
        from techzone.fulfilment.cases import list_cases

        assert {c.uscc for c in list_cases(session, own)} == {A}
        with pytest.raises(FulfilmentError, match="没有编号"):
            get_case(session, own, other.id)


def test_an_enterprise_confirms_itself_and_an_officer_on_its_behalf_is_recorded(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(hnte()))
    provincial, zone = (
        next(c for c in cases(store) if c.policy_id == p) for p in (NEW_HNTE, FIRST_HNTE)
    )
    enterprise = Actor("企业用户", source="127.0.0.1", role=Role.ENTERPRISE.value)
    own = Scope(role=Role.ENTERPRISE, uscc=A)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="8到30位数字"):
            review.confirm(
                session,
                own,
                provincial.id,
                enterprise,
                bank_name="中国银行",
                bank_account="12AB",
                consent=True,
            )
        with pytest.raises(FulfilmentError, match="同意"):
            review.confirm(
                session,
                own,
                provincial.id,
                enterprise,
                bank_name="中国银行",
                bank_account="62166100000012345",
                consent=False,
            )
        review.confirm(
            session,
            own,
            provincial.id,
            enterprise,
            bank_name="中国银行",
            bank_account="62166100000012345",
            consent=True,
        )
    confirm(store, zone.id)
    with store.transaction() as session:
        mine = history(session, ALL, provincial.id)[-1]
        theirs = history(session, ALL, zone.id)[-1]
    assert mine.note is not None and mine.note.startswith("企业确认")
    assert theirs.note is not None and theirs.note.startswith("经办人代企业确认")


def test_a_move_the_state_machine_does_not_list_is_refused(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(hnte()))
    case = cases(store)[0]
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不能转为"):
        move(session, get_case(session, ALL, case.id), State.PAID, OFFICER, "paid")


def test_a_held_loan_is_released_only_within_its_new_range_and_the_cap(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan("L-MAR", "2025-03-01", 150_000)])))
    (march,) = cases(store, LOAN)
    confirm(store, march.id)
    approve_all(store, march.id, catalogue, Decimal("150000"), "实付利息15万元")
    both = [_loan("L-JAN", "2025-01-15", 150_000), _loan("L-MAR", "2025-03-01", 150_000)]
    sync(store, catalogue, records(plain(events=both)))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不在台账最新"):
        review.release(session, ALL, march.id, OFFICER, MATCHED_ON, reason="核实")
    with store.transaction() as session:
        case = review.release(
            session,
            ALL,
            march.id,
            OFFICER,
            MATCHED_ON,
            reason="按上限余额重定",
            amount=Decimal("50000"),
        )
        assert (case.state, case.amount) == (State.APPROVED, Decimal("50000.00"))
    january = next(c for c in cases(store, LOAN) if c.id != march.id)
    confirm(store, january.id)
    # 5万 approved + 15万 = the cap exactly: allowed; a cent more is outside its range.
    with pytest.raises(FulfilmentError, match="不在应享范围"):
        approve_all(store, january.id, catalogue, Decimal("150000.01"), "实付利息")
    done = approve_all(store, january.id, catalogue, Decimal("150000"), "实付利息15万元")
    assert done.case.state == State.APPROVED


def test_a_revoked_recognition_holds_an_approved_case(store: Store, catalogue: Catalogue) -> None:
    sync(store, catalogue, records(hnte()))
    provincial = next(c for c in cases(store) if c.policy_id == NEW_HNTE)
    confirm(store, provincial.id)
    approve_all(store, provincial.id, catalogue)
    revoked = hnte()
    revoked["qualifications"][0] |= {"status": "已撤销", "revoked_on": "2026-02-20"}
    done = sync(store, catalogue, records(revoked))
    # The approved provincial case is held; the zone's own case, still pending, is withdrawn.
    assert done.revoked == 2
    assert next(c for c in cases(store) if c.policy_id != NEW_HNTE).state == State.WITHDRAWN
    with store.transaction() as session:
        case = get_case(session, ALL, provincial.id)
        assert case.state == State.ON_HOLD and "撤销" in (case.hold_reason or "")
        review.reject(session, ALL, provincial.id, OFFICER, "资格撤销，不予支持")
    assert sync(store, catalogue, records(revoked)).revoked == 0


def test_an_enterprise_account_does_no_officers_work(store: Store, catalogue: Catalogue) -> None:
    from datetime import date

    from techzone.fulfilment import publicity

    sync(store, catalogue, records(hnte()))
    case = next(c for c in cases(store) if c.policy_id == NEW_HNTE)
    confirm(store, case.id)
    enterprise = Actor("企业用户", source="127.0.0.1", role=Role.ENTERPRISE.value)
    own = Scope(role=Role.ENTERPRISE, uscc=A)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="企业用户不能"):
            review.approve(session, own, case.id, enterprise, MATCHED_ON, catalogue=catalogue)
        with pytest.raises(FulfilmentError, match="企业用户不能"):
            publicity.publish(
                session, own, enterprise, date(2026, 3, 2), today=date(2026, 3, 2), contact=CONTACT
            )
