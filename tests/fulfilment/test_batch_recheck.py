"""A payment batch is checked against the ledger as it stands when it is exported, and a returned
sheet against the batch it came from.

The ledger can be recomputed outside the fulfilment loop (``awards --record``); matching (sync)
then holds a case approved above what the newest computation allows. A batch exported before
that matching would send the old approved amount to the finance office, and the money would go
out only to be recovered: the export rechecks each case whose ledger moved, as matching would.

The case is 白银政策清单 第19段's loan-interest subsidy (seed 000, 最高20万元, the interest
actually paid): approved at 10万 for 10万 of interest, waiting for payment; the interest is then
found to be 5万.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from techzone.access import Role, Scope
from techzone.awards import ledger
from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import payments, publicity
from techzone.fulfilment.cases import RECOMPUTED_HOLD, get_case, history
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.rules.frame import Records
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    OFFICER,
    A,
    B,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

PUBLISHED, CLOSED, TODAY = date(2026, 3, 2), date(2026, 3, 10), date(2026, 12, 1)


def _loan(interest: int) -> dict[str, object]:
    return {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": interest}


def _two(interest_a: int, interest_b: int = 80_000) -> Records:
    return records(
        plain(events=[_loan(interest_a)]),
        plain(B, "白银丙科技有限公司", events=[_loan(interest_b)]),
    )


def _waiting(store: Store, catalogue: Catalogue) -> dict[str, int]:
    """Both loans approved at their interest, publicised, the period closed: 待支付."""
    sync(store, catalogue, _two(100_000))
    found = {case.uscc: case.id for case in cases(store, LOAN)}
    for uscc, amount in ((A, "100000"), (B, "80000")):
        confirm(store, found[uscc])
        approve_all(store, found[uscc], catalogue, Decimal(amount), "按实付利息核定")
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, CLOSED)
    return found


def _recorded_outside(store: Store, catalogue: Catalogue, found: Records) -> None:
    """The ledger recomputed by ``awards --record``, with no matching run after it."""
    with store.transaction() as session:
        rows = entitlements(catalogue, found, 2025, Settings(), recorded=ledger.recorded(session))
        ledger.record(session, rows, 2025, found.enterprises["uscc"], "李四", "奖补测算入账")


def _sheet_cases(path: Path) -> list[str]:
    rows = list(load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    return [str(row[1]) for row in rows]


def test_a_case_the_ledger_lowered_since_approval_is_held_out_of_the_batch(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    found = _waiting(sqlite_store, catalogue)
    _recorded_outside(sqlite_store, catalogue, _two(50_000))
    path = tmp_path / "batch.xlsx"
    with sqlite_store.transaction() as session:
        batch = payments.export_batch(session, ALL, OFFICER, "zone", path, catalogue=catalogue)
        assert (batch.cases, batch.total) == (1, Decimal("80000"))
    # The finance office is sent only the case whose approval still holds.
    assert _sheet_cases(path) == [str(found[B])]
    with sqlite_store.transaction() as session:
        held = get_case(session, ALL, found[A])
        assert (held.state, held.hold_reason) == (State.ON_HOLD, RECOMPUTED_HOLD)
        assert held.batch_id is None
        assert get_case(session, ALL, found[B]).state == State.IN_BATCH


def test_a_case_whose_ledger_moved_within_its_approval_is_batched(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    found = _waiting(sqlite_store, catalogue)
    # B's interest found lower, A's unchanged: A's approval still holds and goes to finance.
    _recorded_outside(sqlite_store, catalogue, _two(100_000, 60_000))
    path = tmp_path / "batch.xlsx"
    with sqlite_store.transaction() as session:
        batch = payments.export_batch(session, ALL, OFFICER, "zone", path, catalogue=catalogue)
        assert (batch.cases, batch.total) == (1, Decimal("100000"))
    assert _sheet_cases(path) == [str(found[A])]


def test_nothing_left_to_pay_after_the_recheck_is_said_with_the_cases(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    found = _waiting(sqlite_store, catalogue)
    _recorded_outside(sqlite_store, catalogue, _two(50_000, 60_000))
    path = tmp_path / "batch.xlsx"
    # The refusal outside the transaction: it rolls back whatever the export did.
    with (
        pytest.raises(FulfilmentError, match="重新测算") as refused,
        sqlite_store.transaction() as session,
    ):
        payments.export_batch(session, ALL, OFFICER, "zone", path, catalogue=catalogue)
    assert str(found[A]) in str(refused.value) and str(found[B]) in str(refused.value)
    assert not path.exists()
    # The recheck the officer runs first holds them (kept: it is its own transaction).
    with sqlite_store.transaction() as session:
        held = payments.recheck_waiting(session, ALL, OFFICER, "zone", catalogue=catalogue)
        assert sorted(case.id for case in held) == sorted(found.values())
    with sqlite_store.transaction() as session:
        assert {get_case(session, ALL, i).state for i in found.values()} == {State.ON_HOLD}


def _returned(path: Path, batch: str, case_id: int) -> Path:
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["批次号", "案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([batch, str(case_id), "100000", "2026-03-20", "PZ-1"])
    sheet.save(path)
    return path


def test_a_returned_row_naming_another_batch_is_refused(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    found = _waiting(sqlite_store, catalogue)
    with sqlite_store.transaction() as session:
        number = payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        ).number
    other = number[:-4] + "0009"
    wrong = _returned(tmp_path / "wrong.xlsx", other, found[A])
    with (
        pytest.raises(FulfilmentError, match=f"支付批次{number}"),
        sqlite_store.transaction() as session,
    ):
        payments.import_payments(session, ALL, OFFICER, wrong, today=TODAY)
    with sqlite_store.transaction() as session:
        assert get_case(session, ALL, found[A]).state == State.IN_BATCH
    right = _returned(tmp_path / "right.xlsx", number, found[A])
    with sqlite_store.transaction() as session:
        assert payments.import_payments(session, ALL, OFFICER, right, today=TODAY).paid == 1


def test_the_command_line_says_which_cases_stay_out_of_the_batch(
    data_dir: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from techzone.cli import app
    from techzone.store import open_store

    store = open_store()
    found = _waiting(store, catalogue)
    _recorded_outside(store, catalogue, _two(50_000))
    store.dispose()
    runner = CliRunner()
    wrong = runner.invoke(app, ["payments", "export", "--payer", "高新区", "--out", "b.csv"])
    # A file name refused before anything is held.
    assert wrong.exit_code == 1 and ".xlsx" in wrong.output
    store = open_store()
    with store.transaction() as session:
        assert get_case(session, ALL, found[A]).state == State.TO_PAY
    store.dispose()
    out = tmp_path / "batch.xlsx"
    done = runner.invoke(app, ["payments", "export", "--payer", "高新区", "--out", str(out)])
    said = done.output.replace("\n", "")
    assert done.exit_code == 0, said
    assert f"案件 {found[A]} 批准后台账已重新测算" in said and "1件，合计80,000.00元" in said
    assert _sheet_cases(out) == [str(found[B])]


def test_a_case_of_a_policy_left_out_of_the_catalogue_is_rechecked_all_the_same(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # The loan subsidy no longer in the catalogue (a pack revised): the ledger's next run no
    # longer produces it and withdraws both entitlements. The approved amounts must not go out.
    found = _waiting(sqlite_store, catalogue)
    without = _without_loan(catalogue)
    _recorded_outside(sqlite_store, without, _two(100_000))
    with sqlite_store.transaction() as session:
        held = payments.recheck_waiting(session, ALL, OFFICER, "zone", catalogue=without)
        assert sorted(case.id for case in held) == sorted(found.values())
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            case = get_case(session, ALL, case_id)
            assert (case.state, case.hold_reason) == (State.ON_HOLD, RECOMPUTED_HOLD)
        with pytest.raises(FulfilmentError, match="没有待支付"):
            payments.export_batch(
                session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=without
            )


def _follow_up_waiting(store: Store, catalogue: Catalogue, tmp_path: Path) -> dict[str, int]:
    """Both loans in a first batch; A's paid 8万 of its 10万 (funds short), the 2万 rest sent
    to the next batch as a follow-up (补拨)."""
    found = _waiting(store, catalogue)
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with store.transaction() as session:
        payments.record_payment(session, ALL, found[A], OFFICER, date(2026, 3, 20), "PZ-1",
                                today=TODAY, amount=Decimal("80000"), underpaid=True,
                                reason="资金不足按比例核减")  # fmt: skip
        payments.follow_up(session, ALL, found[A], OFFICER, reason="资金到位")
    return found


@pytest.mark.parametrize(
    ("interest", "state", "said"),
    [
        # Paid 8万, the interest now 7万: 1万 paid beyond the award is asked back.
        (70_000, State.RECOVERING, "已启动追回10,000.00元"),
        # The interest now 9万: 8万 paid and the 2万 follow-up would pass it.
        (90_000, State.PAID, "补拨超出台账最新测算的应享，已取消"),
    ],
    ids=["recovered", "follow-up-cancelled"],
)
def test_the_officer_is_told_what_the_recheck_did_to_a_follow_up(
    sqlite_store: Store,
    catalogue: Catalogue,
    tmp_path: Path,
    interest: int,
    state: State,
    said: str,
) -> None:
    found = _follow_up_waiting(sqlite_store, catalogue, tmp_path)
    _recorded_outside(sqlite_store, catalogue, _two(interest))
    with sqlite_store.transaction() as session:
        held = payments.recheck_waiting(session, ALL, OFFICER, "zone", catalogue=catalogue)
        assert [case.id for case in held] == [found[A]]
        assert held[0].state == state and held[0].topup is None
        told = payments.left_out(session, held)
    # Not 「暂缓待复核」: the case is not held, and a recovery has been put to the enterprise.
    assert f"案件 {found[A]} " in told and said in told and "暂缓" not in told


def test_a_park_officers_export_opens_no_recovery(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # Asking money back is the zone administrator's (worklist.actions: 启动追回; the returned
    # sheet, which opens recoveries, is imported by it alone). A park officer exporting its
    # park's batch keeps the follow-up from going out, and leaves the recovery to the zone.
    found = _follow_up_waiting(sqlite_store, catalogue, tmp_path)
    _recorded_outside(sqlite_store, catalogue, _two(70_000))
    park = Scope(role=Role.PARK, zone="GS-BY")
    with sqlite_store.transaction() as session:
        held = payments.recheck_waiting(session, park, OFFICER, "zone", catalogue=catalogue)
        assert [case.id for case in held] == [found[A]]
        case = held[0]
        assert (case.state, case.topup, case.recovery_amount) == (State.PAID, None, None)
        assert "recovery" not in {entry.action for entry in history(session, ALL, case.id)}
        told = payments.left_out(session, held)
    assert "已付超出台账最新测算的应享10,000.00元" in told and "高新区管理员" in told
    # The next matching opens it, as it would have without the export.
    sync(sqlite_store, catalogue, _two(70_000))
    with sqlite_store.transaction() as session:
        case = get_case(session, ALL, found[A])
        assert (case.state, case.recovery_amount) == (State.RECOVERING, Decimal("10000.00"))


def test_a_batch_number_that_is_a_formulas_error_is_said_as_such(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    import xlsxwriter

    found = _waiting(sqlite_store, catalogue)
    with sqlite_store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    path = tmp_path / "回单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["批次号", "案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.write_formula(1, 0, "=VLOOKUP(B2,X:Y,2,0)", None, "#N/A")
    sheet.write_row(1, 1, [str(found[A]), "100000", "2026-03-20", "PZ-1"])
    book.close()
    with (
        pytest.raises(FulfilmentError) as refused,
        sqlite_store.transaction() as session,
    ):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    # The cell's own fault, not 「不在#N/A中，请使用该批次的回单」.
    assert "第2行「批次号」：单元格是出错的公式结果" in str(refused.value)
    assert "请使用该批次的回单" not in str(refused.value)


def test_matching_holds_a_case_of_a_policy_left_out_of_the_catalogue(
    sqlite_store: Store, catalogue: Catalogue
) -> None:
    # As the batch does: the case list no longer shows the approved amounts as about to be paid.
    found = _waiting(sqlite_store, catalogue)
    without = _without_loan(catalogue)
    done = sync(sqlite_store, without, _two(100_000))
    assert done.changed == 2
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            case = get_case(session, ALL, case_id)
            assert (case.state, case.hold_reason) == (State.ON_HOLD, RECOMPUTED_HOLD)
    # Matched again: nothing moves twice.
    assert sync(sqlite_store, without, _two(100_000)).changed == 0


def test_matching_with_the_policy_still_catalogued_leaves_the_case_waiting(
    sqlite_store: Store, catalogue: Catalogue
) -> None:
    found = _waiting(sqlite_store, catalogue)
    sync(sqlite_store, catalogue, _two(100_000))
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            assert get_case(session, ALL, case_id).state == State.TO_PAY


def test_matching_asks_no_money_back_for_a_paid_policy_that_left_the_catalogue(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # A pack revised by whoever keeps the catalogue is no finding that the enterprise was paid
    # wrongly: paid money is asked back by an officer (recovery), never by a catalogue edit.
    found = _waiting(sqlite_store, catalogue)
    with sqlite_store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", tmp_path / "b.xlsx",
                              catalogue=catalogue)  # fmt: skip
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            payments.record_payment(session, ALL, case_id, OFFICER, date(2026, 3, 20),
                                    f"PZ-{case_id}", today=TODAY)  # fmt: skip
    without = _without_loan(catalogue)
    sync(sqlite_store, without, _two(100_000))
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            case = get_case(session, ALL, case_id)
            assert (case.state, case.recovery_amount) == (State.PAID, None)
    # The catalogue whole again, the same paid cases stand as they were.
    sync(sqlite_store, catalogue, _two(100_000))
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            assert get_case(session, ALL, case_id).state == State.PAID


def test_a_follow_up_of_a_policy_that_left_the_catalogue_is_cancelled_not_recovered(
    sqlite_store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # As matching leaves a paid case whose policy left the catalogue: no more money goes out on
    # it, and none is asked back for a catalogue edit — that is the zone administrator's call.
    found = _follow_up_waiting(sqlite_store, catalogue, tmp_path)
    without = _without_loan(catalogue)
    _recorded_outside(sqlite_store, without, _two(100_000))
    with sqlite_store.transaction() as session:
        held = payments.recheck_waiting(session, ALL, OFFICER, "zone", catalogue=without)
        assert [case.id for case in held] == [found[A]]
        case = held[0]
        assert (case.state, case.topup, case.recovery_amount) == (State.PAID, None, None)
        assert "recovery" not in {entry.action for entry in history(session, ALL, case.id)}


@pytest.mark.parametrize("confirmed", [False, True], ids=["pending", "in-review"])
def test_matching_withdraws_a_waiting_case_of_a_policy_left_out_of_the_catalogue(
    sqlite_store: Store, catalogue: Catalogue, confirmed: bool
) -> None:
    # Not yet approved, the case is withdrawn as for any entitlement the ledger withdrew: left
    # 待确认 or 审核中, the enterprise was still asked to consent to a policy no longer listed,
    # and approval refused it with 「请重新匹配」, which changed nothing.
    sync(sqlite_store, catalogue, _two(100_000))
    found = {case.uscc: case.id for case in cases(sqlite_store, LOAN)}
    if confirmed:
        confirm(sqlite_store, found[A])
    without = _without_loan(catalogue)
    done = sync(sqlite_store, without, _two(100_000))
    assert done.changed == 2
    with sqlite_store.transaction() as session:
        for case_id in found.values():
            assert get_case(session, ALL, case_id).state == State.WITHDRAWN
    assert sync(sqlite_store, without, _two(100_000)).changed == 0


def _without_loan(catalogue: Catalogue) -> Catalogue:
    """The catalogue after a pack revision that dropped the loan-interest policy."""
    without = copy.copy(catalogue)
    without.policies = {key: entry for key, entry in catalogue.policies.items() if key != LOAN}
    return without
