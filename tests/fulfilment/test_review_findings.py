"""Ways the fulfilment loop could pay public money wrongly, each closed (second review).

Loans are 白银政策清单 第19段 "最高20万元贴息" per enterprise (seed 000): a range [0, interest]
whose amount a reviewer fixes; the 公示 period is five working days (fulfilment.yaml).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import funds, payments, publicity
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
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

PUBLISHED = date(2026, 3, 2)  # a Monday; five working days run to 9 March
LOAN_KEY = f"{LOAN}|event:{A}:L1"


def _loan(interest: int) -> dict[str, Any]:
    return {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": interest}


def _approved_loan(store: Store, catalogue: Catalogue, amount: str) -> int:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue, Decimal(amount), "按实付利息核定")
    return case.id


def test_an_entitlement_with_a_case_is_not_paid_by_hand_beside_it(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # Approved at 6万 of a [0, 10万] range: a hand payment of 4万 beside the case, then the
    # case's own payment, would give 10万 where the reviewer fixed 6万.
    case_id = _approved_loan(store, catalogue, "60000")
    with store.transaction() as session, pytest.raises(ledger.LedgerError, match="兑现案件"):
        ledger.pay(session, LOAN_KEY, Decimal("40000"), date(2026, 3, 3), "SG-1", "李四")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, case_id, OFFICER, date(2026, 3, 20), "PZ-1", today=date(2026, 12, 1)
        )
    with store.transaction() as session:
        (entry,) = ledger.history(session, LOAN_KEY)
    assert entry["paid"] == Decimal("60000.00")
    # Money recovered by hand stays possible: a negative entry is never an overpayment.


def test_a_case_not_yet_reviewed_is_not_paid_by_hand_past_review_and_publicity(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    with store.transaction() as session, pytest.raises(ledger.LedgerError, match="兑现案件"):
        ledger.pay(session, LOAN_KEY, Decimal("100000"), date(2026, 3, 3), "SG-1", "李四")


def _objected(store: Store, catalogue: Catalogue) -> tuple[int, int, str]:
    """A loan approved at 10万, publicised, and objected to: (case, objection, notice)."""
    case_id = _approved_loan(store, catalogue, "100000")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
        objection = publicity.object_to(
            session,
            ALL,
            case_id,
            OFFICER,
            text="利息金额有疑问",
            raised_by="匿名",
            received_on=date(2026, 3, 4),
        ).id
    return case_id, objection, number


def test_a_dismissed_objection_does_not_release_an_amount_the_ledger_no_longer_allows(
    store: Store, catalogue: Catalogue
) -> None:
    case_id, objection, _ = _objected(store, catalogue)
    # While held for the objection, the interest is found to be 5万: the ledger now allows at
    # most 5万, the approved 10万 no longer fits.
    sync(store, catalogue, records(plain(events=[_loan(50_000)])))
    with store.transaction() as session:
        case = publicity.resolve(
            session,
            ALL,
            objection,
            OFFICER,
            upheld=False,
            resolution="异议所指情况不实",
            on=date(2026, 3, 5),
        )
        assert case.state == State.ON_HOLD
        assert "重新测算" in (case.hold_reason or "")
    # Only a release with an amount in the new range lets it go on.
    from techzone.fulfilment import review

    with store.transaction() as session:
        released = review.release(
            session,
            ALL,
            case_id,
            OFFICER,
            PUBLISHED,
            reason="按实付利息重定",
            amount=Decimal("50000"),
            catalogue=catalogue,
        )
        assert (released.state, released.amount) == (State.PUBLICISED, Decimal("50000.00"))


def test_a_notice_is_not_closed_before_its_period_has_really_run(
    store: Store, catalogue: Catalogue
) -> None:
    _approved_loan(store, catalogue, "60000")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    # On 5 March, typing a closing date after 9 March would skip the rest of the 公示.
    with store.transaction() as session, pytest.raises(FulfilmentError, match="晚于今天"):
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10), today=date(2026, 3, 5))
    with store.transaction() as session:
        assert publicity.close(
            session, ALL, number, OFFICER, date(2026, 3, 10), today=date(2026, 3, 10)
        )


def _revoked() -> dict[str, Any]:
    revoked = hnte()
    revoked["qualifications"][0] |= {"status": "已撤销", "revoked_on": "2026-02-20"}
    return revoked


def test_a_revoked_recognition_stops_a_case_still_in_review(
    store: Store, catalogue: Catalogue
) -> None:
    # 甘肃 措施10 20万 for a new HNTE: confirmed and in review when the recognition is revoked.
    sync(store, catalogue, records(hnte()))
    case = next(c for c in cases(store) if c.policy_id == NEW_HNTE)
    confirm(store, case.id)
    # This one and the zone's own first-recognition case, still pending: both withdrawn.
    assert sync(store, catalogue, records(_revoked())).revoked == 2
    assert {c.state for c in cases(store)} == {State.WITHDRAWN}
    with pytest.raises(FulfilmentError, match="不在审核中"):
        approve_all(store, case.id, catalogue)


def test_a_revoked_recognition_keeps_a_case_held_for_an_objection_held(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(hnte()))
    case = next(c for c in cases(store) if c.policy_id == NEW_HNTE)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        publicity.publish(
            session, ALL, OFFICER, PUBLISHED, case_ids=[case.id], today=PUBLISHED, contact=CONTACT
        )
        objection = publicity.object_to(
            session,
            ALL,
            case.id,
            OFFICER,
            text="非首次认定",
            raised_by="匿名",
            received_on=date(2026, 3, 4),
        ).id
    # This one held for the revocation too, the zone's pending case withdrawn; once only.
    assert sync(store, catalogue, records(_revoked())).revoked == 2
    assert sync(store, catalogue, records(_revoked())).revoked == 0
    with store.transaction() as session:
        held = publicity.resolve(
            session,
            ALL,
            objection,
            OFFICER,
            upheld=False,
            resolution="确系首次认定",
            on=date(2026, 3, 5),
        )
        assert held.state == State.ON_HOLD and "撤销" in (held.hold_reason or "")


def test_a_pool_no_approval_would_draw_on_is_refused(store: Store, catalogue: Catalogue) -> None:
    # 白银 第14段 is paid by the zone: a pool under another payer, or a mistyped policy, would
    # be set and audited while approvals found "no pool" and went on past the budget meant.
    deal = {"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}
    sync(store, catalogue, records(plain(events=[deal])))  # 白银 draws on it
    with store.transaction() as session:
        for key, payer in ((TRANSFER, "province"), (TRANSFER + "s", "zone")):
            with pytest.raises(FulfilmentError, match="没有政策从此资金池支出"):
                funds.set_pool(
                    session, ALL, OFFICER, key, 2026, payer, Decimal("100000"), catalogue=catalogue
                )
        pool = funds.set_pool(
            session, ALL, OFFICER, TRANSFER, 2026, "zone", Decimal("100000"), catalogue=catalogue,
            owner="GS-BY",
        )  # fmt: skip
    assert pool.budget == Decimal("100000")


def _to_pay(store: Store, catalogue: Catalogue, amount: str) -> int:
    case_id = _approved_loan(store, catalogue, amount)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
    return case_id


def test_a_case_is_put_in_only_one_batch_by_two_officers_at_once(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    from techzone.fulfilment.cases import get_case, move

    case_id = _to_pay(store, catalogue, "60000")
    # One officer has the case read when another exports it: the first one's move must not
    # put it in a second batch (a second sheet the finance office would pay again).
    with store.transaction() as first:
        stale = get_case(first, ALL, case_id)
        with store.transaction() as second:
            payments.export_batch(
                second, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
            )
        with pytest.raises(FulfilmentError, match="已由他人办理"):
            move(first, stale, State.IN_BATCH, OFFICER, "batched", "列入支付批次")


def test_a_recomputation_while_a_batch_is_out_does_not_stop_matching(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _to_pay(store, catalogue, "100000")
    with store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    sync(store, catalogue, records(plain(events=[_loan(50_000)])))
    (case,) = cases(store, LOAN)
    assert (case.id, case.state) == (case_id, State.IN_BATCH)


PROVINCIAL_PRIZE = "baiyin_policy_list.provincial_patent_prize"
CHINA_PRIZE = "baiyin_policy_list.china_patent_prize"


def _prize(level: str, grade: str) -> dict[str, Any]:
    return {
        "ref": "ZL1",
        "kind": "专利奖",
        "occurred_on": "2025-07-01",
        "attributes": {"级别": level, "等级": grade},
    }


def test_a_highest_only_winner_is_not_paid_in_full_beside_a_paid_loser(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # 白银政策清单 第四条: one prize pays under one item only (就高不重复). Recorded as a
    # provincial 二等奖 (3万) and paid; corrected to 中国专利银奖 (8万): paying the 8万 while the
    # 3万 is being recovered would pay 11万 for one prize.
    sync(store, catalogue, records(plain(events=[_prize("省级", "二等奖")])))
    (first,) = cases(store, PROVINCIAL_PRIZE)
    confirm(store, first.id)
    approve_all(store, first.id, catalogue, Decimal("30000"), "省级专利奖二等奖")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, first.id, OFFICER, date(2026, 3, 20), "PZ-1", today=date(2026, 12, 1)
        )
    sync(store, catalogue, records(plain(events=[_prize("国家级", "中国专利银奖")])))
    (second,) = cases(store, CHINA_PRIZE)
    confirm(store, second.id)
    with pytest.raises(FulfilmentError, match="就高不重复"):
        approve_all(store, second.id, catalogue, Decimal("80000"), "中国专利银奖")
    (held,) = cases(store, CHINA_PRIZE)
    assert held.state == State.IN_REVIEW


def _caps_dated_apart(catalogue: Catalogue) -> Catalogue:
    """措施10 and 城关 五(五)14 with the same cap values dated apart: through 2025 措施10 reads
    20万 and 城关 10万 (the catalogue compares the values, not their dates)."""
    from dataclasses import replace

    dated = {
        ("gansu_zone_measures", "new_hnte_award"): (200_000, 100_000),
        ("chengguan_doubling", "first_hnte_award"): (100_000, 200_000),
    }
    loaded = []
    for item in catalogue.packs:
        parameters = dict(item.pack.parameters)
        for (pack, name), (before, after) in dated.items():
            if item.pack.id == pack:
                parameters[name] = parameters[name].model_copy(
                    update={"values": {date(2023, 1, 1): before, date(2026, 1, 1): after}}
                )
        item = replace(item, pack=item.pack.model_copy(update={"parameters": parameters}))
        loaded.append(item)
    return Catalogue(loaded)


def test_a_cap_shared_across_packs_is_the_smallest_any_of_them_declares(
    store: Store, catalogue: Catalogue
) -> None:
    # 甘肃 措施10 and 城关 五(五)14 share one cap (gansu.new_hnte_once). With 城关's at 10万 for
    # 2025, approving 措施10's 20万 under its own 20万 would let the larger cap apply.
    sync(store, catalogue, records(hnte()))
    case = next(c for c in cases(store) if c.policy_id == NEW_HNTE)
    confirm(store, case.id)
    with pytest.raises(FulfilmentError, match="超出上限"):
        approve_all(store, case.id, _caps_dated_apart(catalogue))


def test_a_notice_is_not_dated_back_to_skip_its_period(store: Store, catalogue: Catalogue) -> None:
    # Recorded on 10 March, a notice dated 2 March would run to 9 March on paper and could be
    # closed the same day: cases paid without a single day of real 公示.
    _approved_loan(store, catalogue, "60000")
    with store.transaction() as session, pytest.raises(FulfilmentError, match="早于今天"):
        publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=date(2026, 3, 10), contact=CONTACT
        )
    # Nor before the day its cases were approved (2 March), whatever today is said to be: named,
    # the case is refused; unnamed, it waits for a notice dated on or after its approval.
    (waiting,) = [c.id for c in cases(store)]
    with store.transaction() as session, pytest.raises(FulfilmentError, match="审核通过日期"):
        publicity.publish(
            session,
            ALL,
            OFFICER,
            date(2026, 2, 27),
            case_ids=[waiting],
            today=date(2026, 2, 27),
            contact=CONTACT,
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="没有审核通过"):
        publicity.publish(
            session, ALL, OFFICER, date(2026, 2, 27), today=date(2026, 2, 27), contact=CONTACT
        )
    with store.transaction() as session:
        notice = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        )
    assert notice.published_on == PUBLISHED


@pytest.mark.parametrize("typed", ["Infinity", "-Infinity", "NaN", "sNaN"])
def test_an_amount_that_is_no_number_is_refused_in_chinese(
    store: Store, catalogue: Catalogue, typed: str
) -> None:
    # A web form passes the core whatever Decimal() accepts: an infinite budget or approval
    # must be refused in words, never a traceback, and nothing written.
    from techzone.fulfilment import recovery, review

    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    confirm(store, case.id)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="金额"):
        review.approve(
            session, ALL, case.id, OFFICER, MATCHED_ON, amount=Decimal(typed), reason="核定"
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="金额"):
        review.release(
            session, ALL, case.id, OFFICER, MATCHED_ON, reason="核定", amount=Decimal(typed)
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="预算"):
        funds.set_pool(
            session, ALL, OFFICER, TRANSFER, 2026, "zone", Decimal(typed), catalogue=catalogue
        )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="金额"):
        recovery.record_repayment(
            session,
            ALL,
            case.id,
            OFFICER,
            amount=Decimal(typed),
            on=date(2026, 3, 3),
            voucher="TH-1",
        )
