"""Entitlements recorded for payment: one row per policy and trigger, never two."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from techzone.model.base import Base, Money


class Entitlement(Base):
    """What a policy owes for one trigger, as computed in a recorded run.

    The id is ``<policy>|<trigger>``: recording the same year again, or a later year, updates
    the row instead of adding one, so an event is never paid twice under one policy.
    """

    __tablename__ = "entitlement"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(120), index=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    trigger_id: Mapped[str] = mapped_column(String(200))
    trigger_date: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(16))
    amount_min: Mapped[Decimal | None] = mapped_column(Money)
    amount_max: Mapped[Decimal | None] = mapped_column(Money)
    planned: Mapped[Decimal | None] = mapped_column(Money)
    stacking_note: Mapped[str | None] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
