"""Dated happenings: events that may trigger awards, incidents that bar recognition."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base, Code, Money
from techzone.model.codes import EventKind, IncidentKind

if TYPE_CHECKING:
    from techzone.model.enterprise import Enterprise


class AwardEvent(Base):
    """An event that policies may reward: a grant, a deal, a prize, a loan, a hire, …

    ``ref`` is the officer's own reference (合同号, 立项编号, …); with the enterprise it
    identifies the event across imports, so an award is never paid twice for one event.
    """

    __tablename__ = "award_event"
    __table_args__ = (UniqueConstraint("enterprise_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    kind: Mapped[EventKind] = mapped_column(Code(EventKind))
    occurred_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    # Kind-specific facts the policies read: prize grade and level, months, persons, …
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    enterprise: Mapped[Enterprise] = relationship(back_populates="events")


class Incident(Base):
    """An incident, known by its 事件编号 within the enterprise: two incidents of one kind on one
    day are two. Rows stored before the number existed were numbered 「类型-日期」
    (``incident_ref``), which is also the number of an imported row that leaves it blank."""

    __tablename__ = "incident"
    __table_args__ = (UniqueConstraint("enterprise_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    kind: Mapped[IncidentKind] = mapped_column(Code(IncidentKind))
    occurred_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(String(500))

    enterprise: Mapped[Enterprise] = relationship(back_populates="incidents")


def incident_ref(kind: IncidentKind, occurred_on: date) -> str:
    """The number of an incident recorded without one: its kind and day (the old natural key)."""
    return f"{kind.label}-{occurred_on.isoformat()}"
