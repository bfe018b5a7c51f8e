"""Zones (高新区, or a district running the same system) and their parks (园区)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base, Code
from techzone.model.codes import ZoneEventKind, ZoneLevel

if TYPE_CHECKING:
    from techzone.model.enterprise import Enterprise


class Zone(Base):
    __tablename__ = "zone"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[ZoneLevel] = mapped_column(Code(ZoneLevel))
    province: Mapped[str] = mapped_column(String(32))
    city: Mapped[str] = mapped_column(String(32))
    # Ordered list of the zone's lead industries as the documents name them (seed 001 measure 13).
    focus_industries: Mapped[list[str]] = mapped_column(JSON, default=list)

    parks: Mapped[list[Park]] = relationship(back_populates="zone", order_by="Park.code")


class Park(Base):
    __tablename__ = "park"
    __table_args__ = (UniqueConstraint("zone_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))

    zone: Mapped[Zone] = relationship(back_populates="parks")
    enterprises: Mapped[list[Enterprise]] = relationship(back_populates="park")


class ZoneEvent(Base):
    """Something that happens to a zone and that zone-level awards pay for: newly approved as a
    national zone (甘肃 措施1), recognised as a provincial one (措施2), an annual evaluation result
    (措施20), a 进位升级 (柳州 (二十一)). ``ref`` is the officer's own reference (批复文号, …)."""

    __tablename__ = "zone_event"
    __table_args__ = (UniqueConstraint("zone_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id"), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ZoneEventKind] = mapped_column(Code(ZoneEventKind))
    occurred_on: Mapped[date] = mapped_column(Date)
    # Facts the policies read: 排名, 上年排名, 结果 …
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
