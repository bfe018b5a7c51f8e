"""Fund pools belong to the level that pays them and count every approval of their year; a batch
whose ledger was recomputed lower has a way through; the public list says what became of a case.

Deals are 白银政策清单 第14段 "每项10万元" (seed 000), paid by the zone; 甘肃 措施10 (seed 001)
"一次性奖补20万元" for a newly recognised high-tech enterprise is paid by the province.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, payments, publicity, review
from techzone.fulfilment.cases import get_case, list_cases
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import AuditEntry
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    MATCHED_ON,
    NEW_HNTE,
    OFFICER,
    TRANSFER,
    A,
    approve_all,
    cases,
    confirm,
    hnte,
    plain,
    records,
    sync,
)

BAIYIN_ADMIN = Scope(role=Role.ZONE, zone="GS-BY")
LANZHOU_ADMIN = Scope(role=Role.ZONE, zone="GS-LZ")
ZONE_ACTOR = Actor("高新区管理员", source="127.0.0.1", role=Role.ZONE.value)
PUBLISHED = date(2026, 3, 2)
# Cases are matched for 2025 (sync's default year) and approved on 2 March 2026.
AWARD_YEAR = 2025


def _deals(store: Store, catalogue: Catalogue, count: int) -> list[int]:
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in range(3, 3 + count)
    ]
    sync(store, catalogue, records(plain(events=events)))
    found = sorted(c.id for c in cases(store, TRANSFER))
    for case_id in found:
        confirm(store, case_id)
    return found


# 1. A pool belongs to the level that pays it.


def test_a_zones_pool_is_its_own_and_another_zone_cannot_raise_it(
    store: Store, catalogue: Catalogue
) -> None:
    first, second = _deals(store, catalogue, 2)
    with store.transaction() as session:
        own = funds.set_pool(
            session, BAIYIN_ADMIN, ZONE_ACTOR, TRANSFER, AWARD_YEAR, "zone", Decimal("100000")
        )
        assert own.owner == "GS-BY"
    # 兰州's administrator sets the same policy's pool: it is 兰州's, not a raise of 白银's.
    with store.transaction() as session:
        theirs = funds.set_pool(
            session, LANZHOU_ADMIN, ZONE_ACTOR, TRANSFER, AWARD_YEAR, "zone", Decimal("9000000")
        )
        assert theirs.owner == "GS-LZ"
        assert funds.status(session, LANZHOU_ADMIN, AWARD_YEAR)[0].budget == Decimal("9000000")
        assert [p.budget for p in funds.status(session, BAIYIN_ADMIN, AWARD_YEAR)] == [
            Decimal("100000.00")
        ]
    approve_all(store, first, catalogue)
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, second, catalogue)
    with store.transaction() as session:
        keys = [
            e.entity_key
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "pool.set"))
        ]
    assert keys == [f"{TRANSFER}|{AWARD_YEAR}|zone|GS-BY", f"{TRANSFER}|{AWARD_YEAR}|zone|GS-LZ"]


def test_a_province_pool_is_not_set_by_a_zone_administrator(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(hnte()))
    with store.transaction() as session, pytest.raises(FulfilmentError, match="省级"):
        funds.set_pool(
            session, BAIYIN_ADMIN, ZONE_ACTOR, NEW_HNTE, AWARD_YEAR, "province", Decimal("1")
        )
    # The register sets it for the province; a zone drawing on it reads it, another cannot set
    # it for a province that does not pay.
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="出资单位"):
            funds.set_pool(
                session, ALL, OFFICER, NEW_HNTE, AWARD_YEAR, "province", Decimal("1"),
                owner="火星省",
            )  # fmt: skip
        pool = funds.set_pool(
            session, ALL, OFFICER, NEW_HNTE, AWARD_YEAR, "province", Decimal("100000"),
            owner="甘肃省",
        )  # fmt: skip
        assert pool.owner == "甘肃省"
        assert [p.owner for p in funds.status(session, BAIYIN_ADMIN, AWARD_YEAR)] == ["甘肃省"]
        assert funds.status(session, LANZHOU_ADMIN, AWARD_YEAR) == []
    (case,) = cases(store, NEW_HNTE)
    confirm(store, case.id)
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, case.id, catalogue)


# 2. Approvals before a pool count against it; the pool's year is the award's.


def test_approvals_made_before_a_pool_count_against_it(store: Store, catalogue: Catalogue) -> None:
    first, second, third = _deals(store, catalogue, 3)
    for case_id in (first, second):
        done = approve_all(store, case_id, catalogue)
        assert done.warning is not None and "未设" in done.warning
    with store.transaction() as session, pytest.raises(FulfilmentError, match="已承诺"):
        funds.set_pool(session, ALL, OFFICER, TRANSFER, AWARD_YEAR, "zone", Decimal("150000"),
                       owner="GS-BY")  # fmt: skip
    with store.transaction() as session:
        funds.set_pool(
            session, ALL, OFFICER, TRANSFER, AWARD_YEAR, "zone", Decimal("250000"), owner="GS-BY"
        )
        (pool,) = funds.status(session, ALL, AWARD_YEAR)
        assert (pool.committed, pool.remaining) == (Decimal("200000.00"), Decimal("50000.00"))
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, third, catalogue)


def test_a_pools_year_is_the_award_year_not_the_approval_day(
    store: Store, catalogue: Catalogue
) -> None:
    (deal,) = _deals(store, catalogue, 1)
    with store.transaction() as session:
        # The approval's calendar year (2026) has a pool with room; the award's year (2025) not.
        funds.set_pool(session, ALL, OFFICER, TRANSFER, 2026, "zone", Decimal("900000"),
                       owner="GS-BY")  # fmt: skip
        funds.set_pool(session, ALL, OFFICER, TRANSFER, AWARD_YEAR, "zone", Decimal("50000"),
                       owner="GS-BY")  # fmt: skip
    with pytest.raises(FulfilmentError, match="超出预算"):
        approve_all(store, deal, catalogue)


# 3. A batch out when the ledger was recomputed lower.


def _loan(interest: int) -> dict[str, Any]:
    return {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": interest}


def _batched_then_lowered(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    """A loan approved at 10万, publicised, in a batch; then the interest is found to be 5万."""
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("100000"), "按实付利息核定")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    sync(store, catalogue, records(plain(events=[_loan(50_000)])))
    return case.id


def test_a_batch_recomputed_lower_is_paid_the_lower_amount_with_the_difference_recorded(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    paid_on, today = date(2026, 3, 20), date(2026, 12, 1)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="重新测算"):
            payments.record_payment(session, ALL, case_id, OFFICER, paid_on, "PZ-1", today=today)
        # Not more than the ledger now allows, and not a lower amount for a case not recomputed.
        with pytest.raises(FulfilmentError, match="应享"):
            payments.record_payment(session, ALL, case_id, OFFICER, paid_on, "PZ-1",
                                    today=today, amount=Decimal("60000"))  # fmt: skip
    with store.transaction() as session:
        case = payments.record_payment(session, ALL, case_id, OFFICER, paid_on, "PZ-1",
                                       today=today, amount=Decimal("50000"))  # fmt: skip
        assert (case.state, case.amount) == (State.PAID, Decimal("50000.00"))
        (entry,) = ledger.history(session, f"{LOAN}|event:{A}:L1")
        assert entry["paid"] == Decimal("50000.00")
        last = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.paid")).all()[-1]
    assert last.before is not None and last.before["amount"] == "100000.00"
    assert "少付" in (last.reason or "") and "50,000.00" in (last.reason or "")


def test_a_lower_amount_is_refused_for_a_case_whose_ledger_did_not_change(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal("100000"), "按实付利息核定")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session, pytest.raises(FulfilmentError, match="批准金额"):
        payments.record_payment(session, ALL, case.id, OFFICER, date(2026, 3, 20), "PZ-1",
                                today=date(2026, 12, 1), amount=Decimal("90000"))  # fmt: skip


def test_a_returned_sheet_with_the_lower_amount_is_recorded(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([str(case_id), "100000", "2026-03-20", "PZ-1"])
    path = tmp_path / "back.xlsx"
    sheet.save(path)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="重新测算"):
        payments.import_payments(session, ALL, OFFICER, path, today=date(2026, 12, 1))
    rows["B2"] = "50000"
    sheet.save(path)
    with store.transaction() as session:
        done = payments.import_payments(session, ALL, OFFICER, path, today=date(2026, 12, 1))
        assert done.total == Decimal("50000.00")
        assert get_case(session, ALL, case_id).amount == Decimal("50000.00")


def test_a_case_is_taken_out_of_a_batch_and_paid_after_review(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _batched_then_lowered(store, catalogue, tmp_path)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="原因"):
            payments.withdraw(session, ALL, case_id, OFFICER, reason=" ", not_paid=True)
        # Withdrawn after the finance office paid, it would be batched and paid again.
        with pytest.raises(FulfilmentError, match="尚未支付"):
            payments.withdraw(session, ALL, case_id, OFFICER, reason="撤回重审")
        case = payments.withdraw(
            session, ALL, case_id, OFFICER, reason="财政尚未支付，撤回重审", not_paid=True
        )
        assert (case.state, case.batch_id) == (State.ON_HOLD, None)
        assert "重新测算" in (case.hold_reason or "")
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "case.unbatched")
        ).all()
        assert len(audited) == 1 and audited[0].before is not None
        assert audited[0].before["state"] == State.IN_BATCH
    with store.transaction() as session:
        released = review.release(session, ALL, case_id, OFFICER, PUBLISHED, reason="按5万核定",
                                  amount=Decimal("50000"), catalogue=catalogue)  # fmt: skip
        assert released.state == State.TO_PAY
        batch = payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "c.xlsx",
                                      catalogue=catalogue)  # fmt: skip
        assert batch.total == Decimal("50000.00")
    with store.transaction() as session:
        paid = payments.record_payment(session, ALL, case_id, OFFICER, date(2026, 3, 20), "PZ-2",
                                       today=date(2026, 12, 1))  # fmt: skip
        assert (paid.state, paid.amount) == (State.PAID, Decimal("50000.00"))


def test_only_a_case_in_a_batch_is_withdrawn_from_one(store: Store, catalogue: Catalogue) -> None:
    (deal,) = _deals(store, catalogue, 1)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不在支付批次"):
        payments.withdraw(session, ALL, deal, OFFICER, reason="误操作", not_paid=True)


# 4. The public list says what became of a case after an upheld objection.


def test_the_public_list_marks_a_case_rejected_after_an_upheld_objection(
    store: Store, catalogue: Catalogue
) -> None:
    first, second = _deals(store, catalogue, 2)
    approve_all(store, first, catalogue)
    approve_all(store, second, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
        objection = publicity.object_to(session, ALL, second, OFFICER, text="项目未实际转化",
                                        raised_by="匿名", received_on=date(2026, 3, 3))  # fmt: skip
    with store.transaction() as session:
        during = publicity.public_notice(session, ALL, number, catalogue)
        assert [row.status for row in during.rows] == [None, "异议核实中"]
        publicity.resolve(session, ALL, objection.id, OFFICER, upheld=True,
                          resolution="经核实项目未转化", on=date(2026, 3, 5))  # fmt: skip
    with store.transaction() as session:
        shown = publicity.public_notice(session, ALL, number, catalogue)
    assert [row.status for row in shown.rows] == [None, "经核实不予支持，已撤回"]
    assert shown.total == Decimal("100000.00")  # the withdrawn row is not in the sum


def test_the_notice_document_shows_the_withdrawn_row_and_a_standing_total(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    from docx import Document

    first, second = _deals(store, catalogue, 2)
    approve_all(store, first, catalogue)
    approve_all(store, second, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
        objection = publicity.object_to(session, ALL, second, OFFICER, text="项目未实际转化",
                                        raised_by="匿名", received_on=date(2026, 3, 3))  # fmt: skip
        publicity.resolve(session, ALL, objection.id, OFFICER, upheld=True,
                          resolution="经核实项目未转化", on=date(2026, 3, 5))  # fmt: skip
    with store.transaction() as session:
        shown = publicity.public_notice(session, ALL, number, catalogue)
    publicity.write_notice_document(shown, tmp_path / "n.docx", "白银高新区管委会")
    text = "\n".join(p.text for p in Document(str(tmp_path / "n.docx")).paragraphs)
    cells = [
        c.text for t in Document(str(tmp_path / "n.docx")).tables for r in t.rows for c in r.cells
    ]
    assert "经核实不予支持，已撤回" in cells
    assert "合计1项，100,000.00元" in text


# 6. A 责任单位 sees what is assigned to its own unit, by name.


def test_another_unit_of_the_zone_sees_none_of_the_finance_review(
    store: Store, catalogue: Catalogue
) -> None:
    (deal,) = _deals(store, catalogue, 1)
    assigned = Scope(role=Role.UNIT, zone="GS-BY", unit="白银高新区科技发展局")
    other = Scope(role=Role.UNIT, zone="GS-BY", unit="白银高新区应急管理局")
    nameless = Scope(role=Role.UNIT, zone="GS-BY")
    with store.transaction() as session:
        for _ in range(2):  # 园区初审, 高新区审核: now at 财政复核
            review.approve(session, ALL, deal, OFFICER, MATCHED_ON, catalogue=catalogue)
    with store.transaction() as session:
        assert [c.id for c in list_cases(session, assigned)] == [deal]
        assert list_cases(session, other) == []
        assert list_cases(session, nameless) == []
        with pytest.raises(FulfilmentError, match="权限范围"):
            review.approve(session, other, deal, OFFICER, MATCHED_ON, catalogue=catalogue)


def test_a_unit_acts_only_at_the_step_its_own_unit_does() -> None:
    # A chain may hold two units' steps: having reached the case at its own step, a unit does
    # not approve the next unit's.
    from techzone.fulfilment.config import Step
    from techzone.fulfilment.review import unit_holds
    from techzone.model import FulfilmentCase

    step = Step(name="财政复核", role=Role.UNIT, units={"GS-BY": "白银高新区财政局"})
    case = FulfilmentCase(zone="GS-BY")
    finance = Scope(role=Role.UNIT, zone="GS-BY", unit="白银高新区财政局")
    science = Scope(role=Role.UNIT, zone="GS-BY", unit="白银高新区科技发展局")
    assert unit_holds(step, case, finance)
    assert not unit_holds(step, case, science)
    assert not unit_holds(step, FulfilmentCase(zone="GS-LZ"), finance)


def test_a_case_whose_payer_body_is_unknown_is_not_approved_past_the_pools(
    store: Store, catalogue: Catalogue
) -> None:
    from techzone.model import FulfilmentCase

    (deal,) = _deals(store, catalogue, 1)
    with store.transaction() as session:
        funds.set_pool(session, ALL, OFFICER, TRANSFER, AWARD_YEAR, "zone", Decimal("1"),
                       owner="GS-BY")  # fmt: skip
        session.get_one(FulfilmentCase, deal).zone = None  # a case recorded without its zone
    with pytest.raises(FulfilmentError, match="缺少出资单位"):
        approve_all(store, deal, catalogue)
