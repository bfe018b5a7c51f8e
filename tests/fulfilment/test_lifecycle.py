"""Recomputation, materials, recovery, reminders and working days."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from techzone.access import Role, Scope
from techzone.audit import Actor
from techzone.awards.catalogue import Catalogue
from techzone.fulfilment import materials, notify, payments, publicity, recovery
from techzone.fulfilment.cases import get_case, history
from techzone.fulfilment.errors import FulfilmentError
from techzone.fulfilment.states import State
from techzone.fulfilment.workdays import add_working_days, working_days_between
from techzone.model import CaseMaterial, EntitlementPayment
from techzone.store import Store
from tests.fulfilment.conftest import (
    ALL,
    CONTACT,
    LOAN,
    OFFICER,
    TRANSFER,
    A,
    approve_all,
    cases,
    confirm,
    plain,
    records,
    sync,
)


def _loan(interest: int | None) -> dict[str, Any]:
    return {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2025-05-01", "amount": interest}


def test_a_changed_amount_before_approval_updates_the_case_with_history(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    assert case.amount_max == Decimal("100000.00")
    done = sync(store, catalogue, records(plain(events=[_loan(120_000)])))
    assert (done.created, done.changed) == (0, 1)
    (again,) = cases(store, LOAN)
    assert (again.id, again.amount_max, again.state) == (case.id, Decimal("120000.00"), "pending")
    with store.transaction() as session:
        last = history(session, ALL, case.id)[-1]
    assert last.action == "recomputed" and last.note is not None and "上限" in last.note
    # No longer arising (the event removed): withdrawn, kept.
    sync(store, catalogue, records(plain()))
    (gone,) = cases(store, LOAN)
    assert gone.state == State.WITHDRAWN


def _paid_deal(store: Store, catalogue: Catalogue, tmp_path: Path) -> int:
    event = {"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}
    sync(store, catalogue, records(plain(events=[event])))
    (case,) = cases(store, TRANSFER)
    confirm(store, case.id)
    approve_all(store, case.id, catalogue)
    with store.transaction() as session:
        number = publicity.publish(
            session, ALL, OFFICER, date(2026, 3, 2), today=date(2026, 3, 2), contact=CONTACT
        ).number
    with store.transaction() as session:
        publicity.close(session, ALL, number, OFFICER, date(2026, 3, 10))
        payments.export_batch(
            session, ALL, OFFICER, "zone", tmp_path / "b.xlsx", catalogue=catalogue
        )
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="晚于今天"):
            payments.record_payment(
                session, ALL, case.id, OFFICER, date(2026, 3, 20), "PZ-9", today=date(2026, 3, 19)
            )
        payments.record_payment(
            session, ALL, case.id, OFFICER, date(2026, 3, 20), "PZ-1", today=date(2026, 12, 1)
        )
    return case.id


def test_a_fraud_opens_a_recovery_tracked_to_repayment(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = _paid_deal(store, catalogue, tmp_path)
    with store.transaction() as session:
        with pytest.raises(FulfilmentError, match="不超过已付"):
            recovery.open_recovery(
                session, ALL, case_id, OFFICER, reason="骗取资金", amount=Decimal("100000.01")
            )
        recovery.open_recovery(session, ALL, case_id, OFFICER, reason="弄虚作假骗取资金")
    with store.transaction() as session:
        recovery.record_repayment(
            session,
            ALL,
            case_id,
            OFFICER,
            amount=Decimal("40000"),
            on=date(2026, 4, 1),
            voucher="TH-1",
        )
        assert get_case(session, ALL, case_id).state == State.RECOVERING
        with pytest.raises(FulfilmentError, match="超过应追回"):
            recovery.record_repayment(
                session,
                ALL,
                case_id,
                OFFICER,
                amount=Decimal("60000.01"),
                on=date(2026, 4, 2),
                voucher="TH-2",
            )
    with store.transaction() as session:
        recovery.record_repayment(
            session,
            ALL,
            case_id,
            OFFICER,
            amount=Decimal("60000"),
            on=date(2026, 4, 2),
            voucher="TH-2",
        )
        case = get_case(session, ALL, case_id)
        net = sum(p.amount for p in session.scalars(select(EntitlementPayment)))
    assert case.state == State.RECOVERED
    assert net == Decimal("0.00")


def _pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_materials_are_checked_by_content_and_stored_with_a_checksum(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    enterprise = Actor("企业用户", source="127.0.0.1", role=Role.ENTERPRISE.value)
    own = Scope(role=Role.ENTERPRISE, uscc=A)

    def upload(name: str, content: bytes) -> CaseMaterial:
        with store.transaction() as session:
            return materials.upload(
                session, own, case.id, enterprise, name, content, label="贷款合同", folder=tmp_path
            )

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    for name, content, message in [
        ("合同.pdf", png, "不是PDF"),
        ("合同.exe", b"MZ\x90\0", "类型不支持"),
        ("合同.pdf", b"", "空的"),
        ("合同.docx", b"PK\x03\x04garbage", "不是Word"),
        ("合同.pdf", b"%PDF-" + b"0" * materials.MAX_BYTES, "超过20MB"),
    ]:
        with pytest.raises(FulfilmentError, match=message):
            upload(name, content)
    stored = upload("合同.pdf", _pdf())
    assert upload("说明.docx", _docx()).kind == "docx"
    import hashlib

    assert stored.sha256 == hashlib.sha256(_pdf()).hexdigest()
    assert Path(stored.stored).read_bytes() == _pdf()
    assert not stored.on_behalf
    assert not list(Path(stored.stored).parent.glob(".*"))  # no temporary file left


def test_reminders_come_once_before_the_deadline(store: Store, catalogue: Catalogue) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    assert case.deadline == add_working_days(date(2026, 3, 2), 20)
    with store.transaction() as session:
        assert notify.send_reminders(session, ALL, date(2026, 3, 3)) == 0
        near = add_working_days(date(2026, 3, 2), 17)
        assert notify.send_reminders(session, ALL, near) == 1
        assert notify.send_reminders(session, ALL, near) == 0


def test_working_days_follow_the_holiday_arrangements() -> None:
    # 2026 National Day: 1–7 October off, Saturday 10 October a make-up working day.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    with pytest.raises(FulfilmentError, match="尚未收录"):
        add_working_days(date(2027, 12, 30), 5)


def test_a_match_whose_deadline_falls_in_an_unpublished_year_has_no_guessed_deadline(
    store: Store, catalogue: Catalogue
) -> None:
    sync(store, catalogue, records(plain(events=[_loan(100_000)])), on=date(2026, 12, 20))
    (case,) = cases(store, LOAN)
    assert case.deadline is None
    with store.transaction() as session:
        assert "待下一年度法定节假日安排公布" in (history(session, ALL, case.id)[0].note or "")


def test_an_entitlement_paid_before_fulfilment_is_a_paid_case_never_paid_again(
    store: Store, catalogue: Catalogue
) -> None:
    from techzone.awards import ledger
    from techzone.awards.calculate import entitlements

    found = records(
        plain(events=[{"ref": "TT-1", "kind": "技术转移转化项目", "occurred_on": "2025-03-10"}])
    )
    with store.transaction() as session:
        ledger.record(session, entitlements(catalogue, found, 2025), 2025, [A], "张三")
        key = f"{TRANSFER}|event:{A}:TT-1"
        ledger.pay(session, key, Decimal("100000"), date(2026, 1, 10), "PZ-0", "李四")
    sync(store, catalogue, found)
    (case,) = cases(store, TRANSFER)
    assert (case.state, case.amount, case.paid_on) == (
        State.PAID,
        Decimal("100000.00"),
        date(2026, 1, 10),
    )
    with store.transaction() as session, pytest.raises(FulfilmentError, match="不在支付批次"):
        payments.record_payment(
            session, ALL, case.id, OFFICER, date(2026, 3, 1), "PZ-1", today=date(2026, 12, 1)
        )


def test_fulfilment_time_is_the_median_and_nearest_rank_p90() -> None:
    from techzone.fulfilment.measures import Measure, describe

    measure = Measure(entitled=12, paid=10, days=list(range(1, 11)))
    assert (measure.median_days, measure.p90_days, measure.rate) == (5.5, 9, 10 / 12)
    measure.days.append(30)
    assert (measure.median_days, measure.p90_days) == (6.0, 10)
    assert describe(Measure())["兑现率"] is None  # nothing entitled: no rate, not zero


def test_an_unreachable_mail_server_keeps_the_notice_to_send_again(
    store: Store, catalogue: Catalogue
) -> None:
    import socket

    with store.transaction() as session:
        notify.set_contact(session, ALL, A, "caiwu@yi.example")
        with pytest.raises(FulfilmentError, match="格式不正确"):
            notify.set_contact(session, ALL, A, "not an address")
    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with store.transaction() as session:
        sent, failed = notify.send_mail(session, notify.MailSettings("127.0.0.1", port))
        (message,) = notify.inbox(session, ALL)
    assert (sent, failed) == (0, 1)
    assert message.emailed_at is None and "无法连接邮件服务器" in (message.email_error or "")


@pytest.mark.parametrize(("day", "late"), [(0, False), (1, True)])
def test_consent_after_the_deadline_is_taken_and_said_late_in_the_history(
    store: Store, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, day: int, late: bool
) -> None:
    """No document bars a late answer, so it is taken; the reviewer reads that it came late."""
    from datetime import timedelta

    from techzone.fulfilment import clock

    sync(store, catalogue, records(plain(events=[_loan(100_000)])))
    (case,) = cases(store, LOAN)
    assert case.deadline is not None
    monkeypatch.setattr(clock, "today", lambda: case.deadline + timedelta(days=day))
    confirm(store, case.id)
    with store.transaction() as session:
        assert get_case(session, ALL, case.id).state == State.IN_REVIEW
        last = history(session, ALL, case.id)[-1].note or ""
    assert ("逾期：办理期限为" in last) is late
