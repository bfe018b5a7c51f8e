"""A payment is recorded only for a day after its case's 公示 period has run.

reference/official-layout.md and docs/fulfilment.md: 免申即享 runs consent → 公示 → payment; the
public may object up to the last day of the period, so money paid on or before that day was paid
before the public had its full say. A returned sheet or a payment typed in dated so is a mistake
(or a payment made too early that the finance office must explain): the ledger must not record it
as if the loop had been kept. The deal (seed 000 第14段 每项10万元) is published on Monday
2026-03-02 for 5 working days: the period runs to Monday 2026-03-09.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import payments, publicity
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import EntitlementPayment, InboxMessage
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    OFFICER,
    TRANSFER,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)

PUBLISHED = date(2026, 3, 2)
LAST_DAY = date(2026, 3, 9)  # the 5th working day after the publication day
TODAY = date(2026, 12, 1)


def _in_batch(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    event = {"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}
    sync(store, catalogue, records(plain(events=[event])))
    (case,) = cases(store, TRANSFER)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        notice = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, today=PUBLISHED, contact=CONTACT
        )
        assert notice.closes_on == LAST_DAY
        number = notice.number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10), today=date(2026, 3, 10))
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    return case.id


def _sheet(tmp_path: Path, case_id: int, paid_on: date) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([case_id, "100000.00", paid_on.isoformat(), "PZ-1"])
    path = tmp_path / "回单.xlsx"
    book.save(path)
    return path


def _paid(store: Store) -> Decimal:
    with store.transaction() as session:
        return Decimal(
            str(session.scalar(select(func.coalesce(func.sum(EntitlementPayment.amount), 0))))
        )


@pytest.mark.parametrize("paid_on", [LAST_DAY, PUBLISHED, date(2026, 2, 27)])
def test_a_returned_sheet_dated_within_the_notice_pays_nothing(
    store: Store, catalogue: Catalogue, tmp_path: Path, paid_on: date
) -> None:
    case_id = _in_batch(store, catalogue, tmp_path)
    sheet = _sheet(tmp_path, case_id, paid_on)
    with (
        store.transaction() as session,
        pytest.raises(FulfilmentError, match="公示期") as refused,
    ):
        payments.import_payments(session, ALL, OFFICER, sheet, today=TODAY)
    assert "第2行「支付日期」" in str(refused.value)
    assert "2026-03-09" in str(refused.value)
    assert _paid(store) == 0
    assert cases(store, TRANSFER)[0].state == State.IN_BATCH


def test_a_returned_sheet_dated_the_day_after_the_notice_pays(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _in_batch(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.import_payments(
            session, ALL, OFFICER, _sheet(tmp_path, case_id, date(2026, 3, 10)), today=TODAY
        )
    assert _paid(store) == Decimal("100000.00")
    assert cases(store, TRANSFER)[0].state == State.PAID


def test_a_payment_typed_in_is_dated_after_the_notice_too(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _in_batch(store, catalogue, tmp_path)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="公示期"):
        payments.record_payment(session, ALL, case_id, OFFICER, LAST_DAY, "PZ-1", today=TODAY)
    assert _paid(store) == 0
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, case_id, OFFICER, date(2026, 3, 10), "PZ-1", today=TODAY
        )
    assert _paid(store) == Decimal("100000.00")


def test_the_enterprise_is_told_its_dates_as_official_documents_write_them(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # reference/official-layout.md: dates in Arabic numerals written out in full, "2026年12月4日"
    # — not "2026年03月09日", which reads as a typing slip in a government's notice.
    case_id = _in_batch(store, catalogue, tmp_path)
    with store.transaction() as session:
        payments.record_payment(
            session, ALL, case_id, OFFICER, date(2026, 3, 10), "PZ-1", today=TODAY
        )
    with store.transaction() as session:
        bodies = {
            row.kind: row.body
            for row in session.scalars(select(InboxMessage).where(InboxMessage.case_id == case_id))
        }
    assert "公示期至2026年3月9日。" in bodies["publicised"]
    assert "已于2026年3月10日支付" in bodies["paid"]
    assert not any("年0" in body or "月0" in body for body in bodies.values())


def test_rows_holding_only_a_lookups_error_are_passed_over_as_blank(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # The finance office's lookup of the payee filled down its sheet shows #N/A under the last
    # payment: rows with nothing typed, skipped as they were before formula errors were refused.
    import xlsxwriter

    case_id = _in_batch(store, catalogue, tmp_path)
    path = tmp_path / "回单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["案件编号", "金额（元）", "支付日期", "凭证号", "收款人"])
    sheet.write_row(1, 0, [case_id, "100000.00", "2026-03-10", "PZ-1", "甲"])
    for row in (2, 3):
        sheet.write_formula(row, 4, f"=VLOOKUP(A{row + 1},X:Y,2,0)", None, "#N/A")
    book.close()

    with store.transaction() as session:
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)

    assert _paid(store) == Decimal("100000.00")


def test_a_long_voucher_kept_as_a_number_by_excel_is_refused(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # A bank's 20-digit serial typed into a 常规 cell is a number to Excel, which keeps 15
    # digits (shown 2.02603E+19): read back it is another voucher, and a voucher is what tells
    # one payment from another.
    case_id = _in_batch(store, catalogue, tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([case_id, "100000.00", "2026-03-10", 20260310123456789012])
    path = tmp_path / "回单.xlsx"
    book.save(path)
    with (
        store.transaction() as session,
        pytest.raises(FulfilmentError, match="第2行「凭证号」") as refused,
    ):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    assert "文本" in str(refused.value)
    assert _paid(store) == 0


def test_a_short_voucher_typed_as_a_number_is_its_digits(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _in_batch(store, catalogue, tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([case_id, 100000, "2026-03-10", 202603100001])
    path = tmp_path / "回单.xlsx"
    book.save(path)
    with store.transaction() as session:
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    with store.transaction() as session:
        vouchers = session.scalars(select(EntitlementPayment.voucher)).all()
    assert vouchers == ["202603100001"]


def test_a_paid_date_kept_as_excels_day_number_is_said_as_such(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # A date cell set back to 常规 holds Excel's day count (46091 for 2026-03-10): 「须为日期」
    # left the officer looking at a number that is a date to Excel.
    case_id = _in_batch(store, catalogue, tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    sheet.append([case_id, "100000.00", 46091, "PZ-1"])
    path = tmp_path / "回单.xlsx"
    book.save(path)
    with (
        store.transaction() as session,
        pytest.raises(FulfilmentError, match="第2行「支付日期」") as refused,
    ):
        payments.import_payments(session, ALL, OFFICER, path, today=TODAY)
    assert "日期序号" in str(refused.value) and "2026-03-10" in str(refused.value)
    assert _paid(store) == 0


def test_the_exported_batch_takes_a_voucher_as_text(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # The finance office types the bank's serial into 凭证号: as a number Excel keeps 15 digits
    # of it. The column is text before anything is typed.
    from openpyxl import load_workbook

    _in_batch(store, catalogue, tmp_path)
    sheet = load_workbook(tmp_path / "b.xlsx").active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    letter = chr(ord("A") + header.index("凭证号"))
    assert sheet.column_dimensions[letter].number_format == "@"
