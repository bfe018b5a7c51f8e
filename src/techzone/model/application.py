"""Applications tracked through the year (申报跟踪), their dated history, and officers' calendar
changes.

An application is one enterprise going for one qualification in one year (seed 003 四(三): the
district reviews and recommends in batches, under 包抓联 by a responsible department). Every status
change is kept with its date, who made it and why; the history is never rewritten.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techzone.model.base import Base, Code
from techzone.model.codes import CodedEnum, QualificationKind, _labelled

if TYPE_CHECKING:
    from techzone.model.enterprise import Enterprise
    from techzone.model.zone import Zone


class ApplicationStatus(CodedEnum):
    """The stages of an application, in order (seed 003 四(三) and 五(一)1: 摸排 → 辅导 → 申报 →
    审核推荐; publicity and recognition follow S-195 二(六)). 认定 and 未通过 end it."""

    SCREENING = "screening"
    COACHING = "coaching"
    SUBMITTED = "submitted"
    RECOMMENDED = "recommended"
    PUBLICISED = "publicised"
    RECOGNISED = "recognised"
    REJECTED = "rejected"

    @property
    def rank(self) -> int:
        """Position on the way to recognition; 未通过 ends the way and ranks with 认定."""
        return _RANK[self]

    @property
    def is_final(self) -> bool:
        return self in (ApplicationStatus.RECOGNISED, ApplicationStatus.REJECTED)


_labelled(
    ApplicationStatus,
    {
        "screening": "摸排",
        "coaching": "辅导",
        "submitted": "提交",
        "recommended": "推荐",
        "publicised": "公示",
        "recognised": "认定",
        "rejected": "未通过",
    },
)

_RANK = {
    ApplicationStatus.SCREENING: 0,
    ApplicationStatus.COACHING: 1,
    ApplicationStatus.SUBMITTED: 2,
    ApplicationStatus.RECOMMENDED: 3,
    ApplicationStatus.PUBLICISED: 4,
    ApplicationStatus.RECOGNISED: 5,
    ApplicationStatus.REJECTED: 5,
}


class Application(Base):
    __tablename__ = "application"
    # One application per enterprise per qualification per year.
    __table_args__ = (UniqueConstraint("enterprise_id", "qualification", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    qualification: Mapped[QualificationKind] = mapped_column(Code(QualificationKind))
    year: Mapped[int] = mapped_column(Integer)
    # The calendar's batch number (1, 2, 3 for 城关区's HNTE batches); none for qualifications
    # the calendar has no batches for, or before a batch is chosen.
    batch: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ApplicationStatus] = mapped_column(Code(ApplicationStatus))
    # 包抓联: the responsible department (责任单位) and the person who follows the enterprise.
    department: Mapped[str] = mapped_column(String(100))
    contact: Mapped[str | None] = mapped_column(String(100))
    opened_on: Mapped[date] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship()
    changes: Mapped[list[ApplicationChange]] = relationship(
        back_populates="application", order_by="ApplicationChange.id"
    )


class ApplicationChange(Base):
    """One status change: from what, to what, on which day, by whom and why."""

    __tablename__ = "application_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    changed_on: Mapped[date] = mapped_column(Date)
    # None for the first entry, when the application is opened.
    from_status: Mapped[ApplicationStatus | None] = mapped_column(Code(ApplicationStatus))
    to_status: Mapped[ApplicationStatus] = mapped_column(Code(ApplicationStatus))
    batch: Mapped[int | None] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(500))

    application: Mapped[Application] = relationship(back_populates="changes")


class CalendarOverride(Base):
    """A district's own date for one item of the yearly calendar (a batch deadline, a phase's
    start or end), replacing the default of ``cultivation/calendar.yaml`` for that year."""

    __tablename__ = "calendar_override"
    __table_args__ = (UniqueConstraint("zone_id", "year", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(32))
    on: Mapped[date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(500))

    zone: Mapped[Zone] = relationship()
