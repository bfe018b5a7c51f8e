"""What an enterprise holds: intellectual property, qualifications, R&D platforms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    and_,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from techzone.model.base import Base, Code
from techzone.model.codes import (
    IpAcquisition,
    IpClass,
    IpKind,
    IpStatus,
    Level,
    PlatformKind,
    PlatformStatus,
    QualificationKind,
    QualificationStatus,
)

if TYPE_CHECKING:
    from techzone.model.enterprise import Enterprise


class IntellectualProperty(Base):
    __tablename__ = "intellectual_property"
    __table_args__ = (UniqueConstraint("enterprise_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    kind: Mapped[IpKind] = mapped_column(Code(IpKind))
    # Derived from the kind (195号 三(二)3) and kept so reports can group without the table.
    ip_class: Mapped[IpClass | None] = mapped_column(Code(IpClass))
    # Patent number, registration number or certificate number.
    number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(200))
    granted_on: Mapped[date | None] = mapped_column(Date)
    acquisition: Mapped[IpAcquisition] = mapped_column(Code(IpAcquisition))
    status: Mapped[IpStatus] = mapped_column(Code(IpStatus))
    # Class II IP may support one HNTE application only (195号 三(二)4).
    used_for_hnte: Mapped[bool] = mapped_column(Boolean, default=False)

    enterprise: Mapped[Enterprise] = relationship(back_populates="ip_items")


def in_force(
    status: QualificationStatus,
    issued_on: date,
    expires_on: date | None,
    day: date,
    revoked_on: date | None = None,
) -> bool:
    """Whether a qualification is in force on ``day``: valid, issued, not yet expired, and not
    revoked by then (a revocation dated after ``day`` did not yet apply on it)."""
    if revoked_on is not None:
        return issued_on <= day < revoked_on and (expires_on is None or expires_on >= day)
    return (
        status == QualificationStatus.VALID
        and issued_on <= day
        and (expires_on is None or expires_on >= day)
    )


def in_force_on(day: date) -> ColumnElement[bool]:
    """``in_force`` as a SQL condition over ``Qualification``: valid (or revoked only after
    ``day``), issued on or before it, not expired before it."""
    revoked_later = and_(
        Qualification.status == QualificationStatus.REVOKED, Qualification.revoked_on > day
    )
    return and_(
        or_(Qualification.status == QualificationStatus.VALID, revoked_later),
        Qualification.issued_on <= day,
        or_(Qualification.expires_on.is_(None), Qualification.expires_on >= day),
    )


def renewed_by(day: date) -> ColumnElement[bool]:
    """A condition over ``Qualification``: its holder already has a later certificate of the same
    kind, valid and issued on or before ``day``, that runs past it. Re-recognition is usually
    issued before the old term ends, and the old certificate stays 有效 until then; it is not
    "expiring" for anyone who must act (城关区方案 四(一) "3年到期需复审")."""
    newer = aliased(Qualification)
    return (
        select(newer.id)
        .where(
            newer.enterprise_id == Qualification.enterprise_id,
            newer.kind == Qualification.kind,
            newer.status == QualificationStatus.VALID,
            newer.issued_on <= day,
            newer.issued_on > Qualification.issued_on,
            or_(newer.expires_on.is_(None), newer.expires_on > Qualification.expires_on),
        )
        .exists()
    )


class Term(Protocol):
    """What ``renewed`` reads of a certificate already in memory."""

    @property
    def status(self) -> QualificationStatus: ...
    @property
    def issued_on(self) -> date: ...
    @property
    def expires_on(self) -> date | None: ...


def renewed(held: Term, others: Iterable[Term], day: date) -> bool:
    """``renewed_by`` on certificates already read: ``others`` are the holder's certificates of
    the same kind. The one rule for every list and count of certificates ending or expiring."""
    return any(
        newer.status == QualificationStatus.VALID
        and newer.issued_on <= day
        and newer.issued_on > held.issued_on
        and (
            newer.expires_on is None
            or (held.expires_on is not None and newer.expires_on > held.expires_on)
        )
        for newer in others
    )


# What ``in_force_on`` reads of a qualification, and whose it is.
_IN_FORCE = ("expires_on", "issued_on", "status", "revoked_on", "enterprise_id")


class Qualification(Base):
    __tablename__ = "qualification"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "kind", "certificate_no"),
        # The holders of a kind, and the certificates expiring in a window, read by range; each
        # index carries what "in force" reads, so the table itself is not visited (0009).
        Index("ix_qualification_kind_expires", "kind", *_IN_FORCE),
        Index("ix_qualification_expires", *_IN_FORCE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    kind: Mapped[QualificationKind] = mapped_column(Code(QualificationKind))
    level: Mapped[Level] = mapped_column(Code(Level))
    # Certificate or registration number (入库登记编号 for tech SMEs).
    certificate_no: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[QualificationStatus] = mapped_column(Code(QualificationStatus))
    # The day the recognition was revoked (撤销), so "revoked this year" and "in force on a day
    # before the revocation" are read, not guessed from the status.
    revoked_on: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship(back_populates="qualifications")


class Platform(Base):
    """An R&D or incubation platform the enterprise runs (重点实验室, 孵化器, …)."""

    __tablename__ = "platform"
    # An enterprise may run two provincial key labs: a platform is known by its name.
    __table_args__ = (UniqueConstraint("enterprise_id", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    kind: Mapped[PlatformKind] = mapped_column(Code(PlatformKind))
    level: Mapped[Level] = mapped_column(Code(Level))
    name: Mapped[str] = mapped_column(String(200))
    recognised_on: Mapped[date] = mapped_column(Date)
    # Revoked or expired platforms stop counting from ``status_on``; in force, it stays empty.
    status: Mapped[PlatformStatus] = mapped_column(
        Code(PlatformStatus), default=PlatformStatus.IN_FORCE
    )
    status_on: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship(back_populates="platforms")
