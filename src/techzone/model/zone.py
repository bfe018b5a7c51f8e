"""Zones (高新区, or a district running the same system) and their parks (园区)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base, Code
from techzone.model.codes import ZoneLevel

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
