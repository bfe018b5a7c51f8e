"""Zone statistics an officer enters (GDP, R&D/GDP, rankings given by others, …), with who and when.

Entries are kept, never overwritten: a correction is a new entry, and the latest entry for a zone,
year and indicator is the value in use, so every value keeps who entered it, when, and from where.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base
from techzone.model.zone import Zone


class ZoneStatistic(Base):
    __tablename__ = "zone_statistic"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    # An entered indicator's code (zones/indicators.yaml).
    indicator: Mapped[str] = mapped_column(String(64))
    # In the indicator's unit (亿元, %, 人, 名, …); statistics are published rounded, so a float.
    value: Mapped[float] = mapped_column(Float)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    # Where the figure comes from (统计公报, 评价结果通知, …).
    source: Mapped[str | None] = mapped_column(String(200))

    zone: Mapped[Zone] = relationship()
