"""Policy fulfilment (政策兑现, issue #15): cases carrying a ledger entitlement to money paid.

A case is one entitlement (``entitlement.id``) on its way from match to payment: the enterprise
confirms or applies, reviewers approve step by step, the approval is publicised (公示), a
payment batch goes to the finance office and the paid date and voucher come back into the
ledger. Every change of state is a history row here and an audit row (``techzone.audit``), in the
change's own transaction. Amounts are exact (``Money``: integer fen in the database).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from techzone.model.base import Base, Money


class FulfilmentCase(Base):
    """One entitlement's way to payment; ``state`` is a code of ``fulfilment.states.State``."""

    __tablename__ = "fulfilment_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One case per entitlement: syncing again finds the same row, never a second one.
    entitlement_id: Mapped[str] = mapped_column(ForeignKey("entitlement.id"), unique=True)
    policy_id: Mapped[str] = mapped_column(String(120), index=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(32))
    # The city of the enterprise's zone: a city-paid case draws on that city's fund pool.
    city: Mapped[str | None] = mapped_column(String(32))
    zone: Mapped[str | None] = mapped_column(String(32), index=True)
    park: Mapped[str | None] = mapped_column(String(100))
    park_code: Mapped[str | None] = mapped_column(String(32))
    payer: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer, index=True)
    # auto (免申即享: the enterprise only confirms) or apply (申报: materials or an amount to fix).
    track: Mapped[str] = mapped_column(String(8))
    track_reason: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(16), index=True)
    # The review step the case waits at (0-based in its policy's chain).
    step: Mapped[int] = mapped_column(Integer, default=0)
    # The ledger's range as last synced, and the amount fixed at review.
    amount_min: Mapped[Decimal | None] = mapped_column(Money)
    amount_max: Mapped[Decimal | None] = mapped_column(Money)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    amount_reason: Mapped[str | None] = mapped_column(String(500))
    ledger_version: Mapped[int] = mapped_column(Integer)
    # Held: an objection during 公示, or the ledger recomputed below what was approved.
    hold_reason: Mapped[str | None] = mapped_column(String(300))
    bank_name: Mapped[str | None] = mapped_column(String(100))
    bank_account: Mapped[str | None] = mapped_column(String(40))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    entitled_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("fulfilment_notice.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payment_batch.id"))
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("fund_pool.id"))
    paid_on: Mapped[date | None] = mapped_column(Date)
    voucher: Mapped[str | None] = mapped_column(String(100))
    recovery_amount: Mapped[Decimal | None] = mapped_column(Money)
    recovery_reason: Mapped[str | None] = mapped_column(String(300))
    # Paid less than approved (funds short, a cut by finance): the rest still owed (未付余额),
    # until paid in a later batch or closed with a reason; ``amount`` is then what was paid.
    unpaid: Mapped[Decimal | None] = mapped_column(Money)
    # The part of ``unpaid`` sent to a later batch (补拨): waiting while ``batch_id`` is empty,
    # with the finance office once a batch takes it.
    topup: Mapped[Decimal | None] = mapped_column(Money)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CaseHistory(Base):
    """One step in a case's life, shown on its page; appended, never changed."""

    __tablename__ = "fulfilment_case_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fulfilment_case.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CaseMaterial(Base):
    """A file an enterprise (or an officer on its behalf) uploaded for a case."""

    __tablename__ = "fulfilment_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fulfilment_case.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored: Mapped[str] = mapped_column(String(300))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)


class Notice(Base):
    """A 公示 batch: approved cases published together for a period of working days."""

    __tablename__ = "fulfilment_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(100))
    # Who receives objections, and how (``fulfilment.objections``); empty on notices published
    # before the contact was kept (migration 0016), which named none.
    contact_unit: Mapped[str | None] = mapped_column(String(60))
    contact_person: Mapped[str | None] = mapped_column(String(20))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_address: Mapped[str | None] = mapped_column(String(100))
    contact_email: Mapped[str | None] = mapped_column(String(100))


class Objection(Base):
    """An objection received during 公示; its case is held until it is resolved."""

    __tablename__ = "fulfilment_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fulfilment_case.id"), index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("fulfilment_notice.id"))
    received_on: Mapped[date] = mapped_column(Date)
    raised_by: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(String(1000))
    resolved_on: Mapped[date | None] = mapped_column(Date)
    upheld: Mapped[bool | None] = mapped_column(Boolean)
    resolution: Mapped[str | None] = mapped_column(String(500))


class PaymentBatch(Base):
    """Cases exported together to one payer's finance office."""

    __tablename__ = "payment_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    payer: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    cases: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(Money)


class FundPool(Base):
    """A budget for a policy (or a group of policies) in an award year, paid by one payer level
    and owned by the body at that level that pays it (``owner``: a zone's code for a zone- or
    district-paid pool, the province's or the city's name, 全国 for the nation)."""

    __tablename__ = "fund_pool"
    __table_args__ = (UniqueConstraint("key", "year", "payer", "owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column(Integer)
    payer: Mapped[str] = mapped_column(String(16))
    # Empty for a pool set before pools had owners (migration 0013) whose owner could not be
    # told from its cases: no approval draws on it until an administrator sets it again.
    owner: Mapped[str] = mapped_column(String(100), index=True)
    budget: Mapped[Decimal] = mapped_column(Money)
    # Warn once committed reaches this share of the budget, in percent.
    warn_percent: Mapped[int] = mapped_column(Integer, default=90)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


class Contact(Base):
    """Where an enterprise's notices are e-mailed."""

    __tablename__ = "fulfilment_contact"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    email: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class InboxMessage(Base):
    """A notice to an enterprise: in its inbox, and e-mailed if it has an address."""

    __tablename__ = "inbox_message"
    __table_args__ = (UniqueConstraint("case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("fulfilment_case.id"))
    # What it is about, once per case: matched, approved, paid, reminder:<deadline> …
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    email_to: Mapped[str | None] = mapped_column(String(200))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    email_error: Mapped[str | None] = mapped_column(String(300))


class HolidayArrangement(Base):
    """A year's holiday arrangement entered from the State Council's notice, for a year the
    holiday library does not hold yet (``fulfilment.holidays``); dates as ISO text."""

    __tablename__ = "holiday_arrangement"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    days_off: Mapped[list[str]] = mapped_column(JSON)
    workdays: Mapped[list[str]] = mapped_column(JSON)
    notice: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)
