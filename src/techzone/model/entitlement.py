"""The payout ledger: entitlements, every version of each, and the payments made on them.

Nothing in it is ever overwritten or deleted. An entitlement's row is its current view; each
recomputation that differs appends a version (who, when, why); an entitlement that no longer
arises is marked withdrawn; a payment is a row of its own, and once one is made the paid figures
stay as they were — a later difference is an adjustment to settle (``docs/ledger.md``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from techzone.model.base import Base, Money


class Entitlement(Base):
    """What a policy owes for one trigger, as the ledger stands.

    The id is ``<policy>|<trigger>``: recording the same year again, or a later year, finds the
    same row, so an event is never paid twice under one policy. ``version`` is the newest
    version's number; until a payment is made the amounts are that version's, after it they are
    the version paid.
    """

    __tablename__ = "entitlement"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(120), index=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    trigger_id: Mapped[str] = mapped_column(String(200))
    trigger_date: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, index=True)
    # eligible, unknown (待定), or withdrawn (no longer arises; kept, never deleted).
    status: Mapped[str] = mapped_column(String(16))
    amount_min: Mapped[Decimal | None] = mapped_column(Money)
    amount_max: Mapped[Decimal | None] = mapped_column(Money)
    planned: Mapped[Decimal | None] = mapped_column(Money)
    stacking_note: Mapped[str | None] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    # The cap (最高) this entitlement counts against: policy group, subject, period.
    limit_key: Mapped[str | None] = mapped_column(String(400), index=True)
    cap_note: Mapped[str | None] = mapped_column(String(300))


class EntitlementVersion(Base):
    """One recorded computation of an entitlement, appended and never changed.

    ``change`` says what it was: new, changed, withdrawn, or adjustment (a paid entitlement
    computed differently: ``adjustment`` is the amount to settle — to pay if positive, to recover
    if negative — and the paid figures stay).
    """

    __tablename__ = "entitlement_version"
    __table_args__ = (UniqueConstraint("entitlement_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entitlement_id: Mapped[str] = mapped_column(ForeignKey("entitlement.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    amount_min: Mapped[Decimal | None] = mapped_column(Money)
    amount_max: Mapped[Decimal | None] = mapped_column(Money)
    planned: Mapped[Decimal | None] = mapped_column(Money)
    stacking_note: Mapped[str | None] = mapped_column(String(300))
    limit_key: Mapped[str | None] = mapped_column(String(400))
    cap_note: Mapped[str | None] = mapped_column(String(300))
    adjustment: Mapped[Decimal | None] = mapped_column(Money)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(500))


class EntitlementPayment(Base):
    """Money paid on an entitlement (or recovered, if negative), with its voucher."""

    __tablename__ = "entitlement_payment"
    __table_args__ = (UniqueConstraint("entitlement_id", "voucher"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entitlement_id: Mapped[str] = mapped_column(ForeignKey("entitlement.id"), index=True)
    # The version paid on: what the payment was measured against.
    version: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date] = mapped_column(Date)
    voucher: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(300))
