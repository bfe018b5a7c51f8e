"""The golden walk-through of issue #15: a newly recognised HNTE in 白银 from match to paid.

甘肃 措施10 (seed 001): "对新认定的高新技术企业…一次性奖补20万元" — one figure, from the register:
免申即享, paid by the province. 白银政策清单 (seed 000 第12段): "对首次获得相关资质认定的企业给予
最高50万元奖励" — a range: 申报, the amount fixed at review, paid by the zone. Every notice is
written to the inbox and e-mailed through a real SMTP server on this machine.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards import ledger
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import measures, notify, payments, publicity, review
from techzone.fulfilment.cases import get_case, history
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.model import EntitlementPayment, InboxMessage, Notice, PaymentBatch
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    FIRST_HNTE,
    NEW_HNTE,
    OFFICER,
    A,
    approve_all,
    cases,
    hnte,
    records,
    sync,
)

PUBLISHED = date(2026, 3, 2)
PAID = date(2026, 3, 20)


class _Mailbox:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[notify.MailSettings, _Mailbox]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield notify.MailSettings(host="127.0.0.1", port=port, sender="jxd@baiyin.example"), mailbox
    finally:
        controller.stop()


def _returned(exported: Path, target: Path, voucher: str, day: date = PAID) -> Path:
    """The finance office's sheet: the batch with paid date and voucher filled in."""
    book = load_workbook(exported)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, header.index("支付日期") + 1, day.isoformat())
        sheet.cell(row, header.index("凭证号") + 1, f"{voucher}-{row - 1}")
    book.save(target)
    return target


def test_a_new_hnte_in_baiyin_goes_from_match_to_paid_with_every_notice(
    store: Store,
    catalogue: Catalogue,
    tmp_path: Path,
    smtp: tuple[notify.MailSettings, _Mailbox],
) -> None:
    settings, mailbox = smtp
    enterprise = Actor("白银甲企业用户", source="127.0.0.1", role=Role.ENTERPRISE.value)
    own = Scope(role=Role.ENTERPRISE, uscc=A)
    with store.transaction() as session:
        notify.set_contact(session, own, A, "caiwu@jia.example")
    sync(store, catalogue, records(hnte()))
    provincial, zone = (
        next(c for c in cases(store) if c.policy_id == p) for p in (NEW_HNTE, FIRST_HNTE)
    )
    # The enterprise confirms both from its own account.
    for case in (provincial, zone):
        with store.transaction() as session:
            review.confirm(
                session,
                own,
                case.id,
                enterprise,
                bank_name="中国银行白银分行",
                bank_account="6216610000001234567",
                consent=True,
            )
    # Each step of the chain by its role: 园区初审, 高新区审核, 财政复核.
    for role in (Role.PARK, Role.ZONE, Role.UNIT):
        reviewer = Actor(f"{role.label}甲", source="127.0.0.1", role=role.value)
        with store.transaction() as session:
            step = review.approve(
                session, ALL, provincial.id, reviewer, PUBLISHED, catalogue=catalogue
            )
    assert step.final and step.case.amount == Decimal("200000.00")
    approve_all(store, zone.id, catalogue, Decimal("500000"), "首次认定高企，按政策上限")
    # 公示 for 5 working days from Monday 2 March: closes Monday 9 March.
    with store.transaction() as session:
        notice = publicity.publish(
            session, ALL, OFFICER, PUBLISHED, working_days=5, today=PUBLISHED, contact=CONTACT
        )
        number = notice.number
    assert notice.closes_on == date(2026, 3, 9)
    with store.transaction() as session, pytest.raises(FulfilmentError, match="期满后"):
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 9))
    with store.transaction() as session:
        assert sorted(publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))) == sorted(
            [provincial.id, zone.id]
        )
        shown = publicity.public_notice(session, ALL, number, catalogue)
    assert {(r.name, r.amount) for r in shown.rows} == {
        ("白银甲新材料有限公司", Decimal("200000.00")),
        ("白银甲新材料有限公司", Decimal("500000.00")),
    }
    document_path = tmp_path / "公示.docx"
    publicity.write_notice_document(shown, document_path, "白银高新区管委会")
    text = "\n".join(p.text for p in Document(str(document_path)).paragraphs)
    table = Document(str(document_path)).tables[0]
    assert "5个工作日" in text and "2026年3月9日" in text
    assert [c.text for c in table.rows[1].cells][1] == "白银甲新材料有限公司"
    assert A not in text and "6216610000001234567" not in text  # nothing private
    # One batch per payer level: the province's 20万 and the zone's 50万.
    paid_total = Decimal(0)
    for payer, amount in (("province", "200000.00"), ("zone", "500000.00")):
        exported = tmp_path / f"批次-{payer}.xlsx"
        with store.transaction() as session:
            payments.export_batch(session, ALL, OFFICER, payer, exported, catalogue=catalogue)
        rows = list(load_workbook(exported).active.iter_rows(values_only=True))
        assert rows[1][2:8] == (
            "白银甲新材料有限公司",
            A,
            "中国银行白银分行",
            "6216610000001234567",
            float(amount),
            rows[1][7],
        )
        assert rows[1][8]  # the document's number or title
        back = _returned(exported, tmp_path / f"回单-{payer}.xlsx", f"PZ-{payer}")
        with store.transaction() as session:
            done = payments.import_payments(session, ALL, OFFICER, back, today=date(2026, 12, 1))
        assert (done.paid, done.total) == (1, Decimal(amount))
        # The same sheet again pays nothing twice.
        with store.transaction() as session:
            again = payments.import_payments(session, ALL, OFFICER, back, today=date(2026, 12, 1))
        assert (again.paid, again.repeated) == (0, 1)
        paid_total += Decimal(amount)
    with store.transaction() as session:
        for case in (provincial, zone):
            assert get_case(session, ALL, case.id).state == State.PAID
        given = session.scalars(select(EntitlementPayment)).all()
        assert sorted(p.amount for p in given) == [Decimal("200000.00"), Decimal("500000.00")]
        assert ledger.history(session, A)[0]["paid"] is not None
        figures = measures.measures(session, ALL, year=2025)
    assert (figures.total.entitled, figures.total.paid, figures.total.rate) == (2, 2, 1.0)
    # 2 March → 20 March 2026: 14 working days.
    assert figures.total.median_days == 14 and figures.total.p90_days == 14
    assert figures.parks[("GS-BY", "银南工业园")].paid_amount == paid_total
    # Every notice: matched, approved, publicised, paid — for each case; all e-mailed.
    with store.transaction() as session:
        sent, failed = notify.send_mail(session, settings)
        kinds = sorted(m.kind for m in notify.inbox(session, own))
    assert kinds == sorted(["matched", "approved", "publicised", "paid"] * 2)
    assert (sent, failed) == (8, 0)
    assert {tuple(e.rcpt_tos) for e in mailbox.received} == {("caiwu@jia.example",)}
    mails = [message_from_bytes(e.content, policy=default) for e in mailbox.received]
    subjects = sorted(str(m["Subject"]).split("】")[0][1:] for m in mails)
    assert subjects == sorted(["审核通过", "进入公示", "已支付"] * 2 + ["免申即享", "申报"])
    paid_mail = next(m for m in mails if "已支付" in str(m["Subject"]))
    assert "200,000.00元" in paid_mail.get_content() or "500,000.00元" in paid_mail.get_content()
    with store.transaction() as session:
        assert notify.send_mail(session, settings) == (0, 0)  # sent once
        steps = [h.action for h in history(session, ALL, zone.id)]
    # Matching again once all is paid changes nothing.
    rerun = sync(store, catalogue, records(hnte()))
    assert (rerun.created, rerun.changed, rerun.revoked) == (0, 0, 0)
    with store.transaction() as session:
        assert len(history(session, ALL, zone.id)) == len(steps)
    assert steps == [
        "matched",
        "confirmed",
        "step_approved",
        "step_approved",
        "approved",
        "publicised",
        "notice_closed",
        "batched",
        "paid",
    ]


def _to_pay(store: Store, catalogue: Catalogue) -> list[int]:
    events = [
        {"ref": f"TT-{n}", "kind": "技术转移转化项目", "occurred_on": f"2025-0{n}-10"}
        for n in (3, 4, 5)
    ]
    from tests.fulfilment.conftest import confirm, plain

    sync(store, catalogue, records(plain(events=events)))
    ids = sorted(c.id for c in cases(store))
    for case_id in ids:
        confirm(store, case_id)
        approve_all(store, case_id, catalogue)
    with store.transaction() as session:
        publicity.publish(
            session, ALL, OFFICER, PUBLISHED, working_days=5, today=PUBLISHED, contact=CONTACT
        )
    return ids


def test_an_objection_during_publicity_holds_the_case(store: Store, catalogue: Catalogue) -> None:
    first, second, third = _to_pay(store, catalogue)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="不在公示期"):
            publicity.object_to(
                session,
                ALL,
                first,
                OFFICER,
                text="项目未实际转化",
                raised_by="群众来信",
                received_on=date(2026, 3, 10),
            )
        upheld = publicity.object_to(
            session,
            ALL,
            first,
            OFFICER,
            text="项目未实际转化",
            raised_by="群众来信",
            received_on=date(2026, 3, 5),
        ).id
        dismissed = publicity.object_to(
            session,
            ALL,
            second,
            OFFICER,
            text="金额有疑问",
            raised_by="匿名",
            received_on=date(2026, 3, 9),
        ).id
    with store.transaction() as session:
        number = get_case(session, ALL, first).notice_id
        notice_number = session.scalar(select(Notice.number).where(Notice.id == number))
        assert notice_number is not None
        assert publicity.close(session, ALL, notice_number, OFFICER, date(2026, 3, 10)) == [third]
        assert get_case(session, ALL, first).state == State.ON_HOLD
    with store.transaction() as session:
        publicity.resolve(
            session,
            ALL,
            upheld,
            OFFICER,
            upheld=True,
            resolution="核实为虚假转化",
            on=date(2026, 3, 12),
        )
        publicity.resolve(
            session,
            ALL,
            dismissed,
            OFFICER,
            upheld=False,
            resolution="金额符合政策",
            on=date(2026, 3, 12),
        )
        assert get_case(session, ALL, first).state == State.REJECTED
        assert get_case(session, ALL, second).state == State.TO_PAY


def test_a_failure_in_the_middle_of_a_batch_leaves_no_half_batch(
    store: Store, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _to_pay(store, catalogue)
    with store.transaction() as session:
        assert publicity.close(session, ALL, "公示〔2026〕1号", OFFICER, date(2026, 3, 10))
    from techzone.io import output

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("磁盘已满")

    monkeypatch.setattr(output, "write_table", broken)
    with pytest.raises(OSError), store.transaction() as session:
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    monkeypatch.undo()
    with store.transaction() as session:
        assert session.scalars(select(PaymentBatch)).all() == []
        assert {get_case(session, ALL, i).state for i in ids} == {State.TO_PAY}
    exported = tmp_path / "b.xlsx"
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", exported, catalogue=catalogue)
    back = _returned(exported, tmp_path / "back.xlsx", "PZ")
    # The ledger refuses the third payment: nothing of the sheet is recorded.
    real_pay = ledger.pay
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ledger.LedgerError("模拟：写入中断")
        return real_pay(*args, **kwargs)

    monkeypatch.setattr(ledger, "pay", failing)
    with pytest.raises(FulfilmentError, match="写入中断"), store.transaction() as session:
        payments.import_payments(session, ALL, OFFICER, back, today=date(2026, 12, 1))
    with store.transaction() as session:
        assert session.scalars(select(EntitlementPayment)).all() == []
        assert {get_case(session, ALL, i).state for i in ids} == {State.IN_BATCH}


def test_a_returned_sheet_with_faults_records_nothing_and_says_where(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    _to_pay(store, catalogue)
    with store.transaction() as session:
        publicity.close(session, ALL, "公示〔2026〕1号", OFFICER, date(2026, 3, 10))
    exported = tmp_path / "b.xlsx"
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", exported, catalogue=catalogue)
    book = load_workbook(exported)
    sheet = book.active
    sheet.cell(2, 7, 100000.01)  # amount differs
    sheet.cell(2, 10, "2026-03-20")
    sheet.cell(2, 11, "PZ-1")
    sheet.cell(3, 10, "2027-01-01")  # after today
    sheet.cell(3, 11, "PZ-2")
    sheet.cell(4, 10, "2026-03-20")  # no voucher
    book.save(tmp_path / "back.xlsx")
    with pytest.raises(FulfilmentError) as refused, store.transaction() as session:
        payments.import_payments(
            session, ALL, OFFICER, tmp_path / "back.xlsx", today=date(2026, 12, 1)
        )
    message = str(refused.value)
    assert "第2行「金额（元）」" in message
    assert "第3行「支付日期」" in message
    assert "第4行「凭证号」" in message
    with store.transaction() as session:
        assert session.scalars(select(EntitlementPayment)).all() == []
        assert session.scalars(select(InboxMessage).where(InboxMessage.kind == "paid")).all() == []


def test_a_voucher_given_as_a_formula_without_its_result_is_refused_as_such(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    # The formula (=VLOOKUP into another book) is no voucher; nor is its error text (#REF!).
    _to_pay(store, catalogue)
    with store.transaction() as session:
        publicity.close(session, ALL, "公示〔2026〕1号", OFFICER, date(2026, 3, 10))
    exported = tmp_path / "b.xlsx"
    with store.transaction() as session:
        payments.export_batch(session, ALL, OFFICER, "zone", exported, catalogue=catalogue)
    book = load_workbook(exported)
    sheet = book.active
    sheet.cell(2, 10, "2026-03-20")
    sheet.cell(2, 11, "=VLOOKUP(A2,[回单.xlsx]Sheet1!A:B,2,0)")
    book.save(tmp_path / "back.xlsx")
    with pytest.raises(FulfilmentError) as refused, store.transaction() as session:
        payments.import_payments(
            session, ALL, OFFICER, tmp_path / "back.xlsx", today=date(2026, 12, 1)
        )
    assert "第2行「凭证号」：单元格是公式" in str(refused.value)
    with store.transaction() as session:
        assert session.scalars(select(EntitlementPayment)).all() == []
