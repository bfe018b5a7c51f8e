"""The zone summary: enterprises by park and by qualification held, certificates expiring.

It is the first thing an officer asks of a zone, and the main job's output until the web
application exists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Subquery, and_, select
from sqlalchemy.orm import Session

from techzone.model import Enterprise, Park, Qualification, Zone
from techzone.model.codes import QualificationKind, QualificationStatus
from techzone.model.holding import in_force_on, renewed_by
from techzone.rules.records import UnknownZone


@dataclass(frozen=True)
class ParkCount:
    park_code: str
    park_name: str
    enterprises: int
    # Enterprises holding each qualification in force on the summary date.
    holding: dict[QualificationKind, int]


@dataclass(frozen=True)
class ExpiringCertificate:
    uscc: str
    enterprise: str
    park_name: str
    kind: QualificationKind
    certificate_no: str
    expires_on: date


@dataclass(frozen=True)
class ZoneSummary:
    zone_code: str
    zone_name: str
    as_of: date
    parks: list[ParkCount]
    expiring: list[ExpiringCertificate] = field(default_factory=list)

    @property
    def enterprises(self) -> int:
        return sum(park.enterprises for park in self.parks)

    def holding(self, kind: QualificationKind) -> int:
        return sum(park.holding.get(kind, 0) for park in self.parks)


def in_force(as_of: date) -> Subquery:
    """(enterprise id, kind) of every qualification in force on ``as_of``, once per pair: valid,
    or revoked on a recorded day after ``as_of``."""
    return (
        select(Qualification.enterprise_id, Qualification.kind)
        .where(in_force_on(as_of))
        .distinct()
        .subquery()
    )


def summarise_zone(session: Session, zone: Zone, as_of: date) -> ZoneSummary:
    counts = Counter(
        park_id
        for (park_id,) in session.execute(
            select(Enterprise.park_id).join(Enterprise.park).where(Park.zone_id == zone.id)
        )
    )
    held: dict[int, Counter[QualificationKind]] = {}
    holdings = in_force(as_of)
    rows = session.execute(
        select(Enterprise.park_id, holdings.c.kind)
        .join(holdings, holdings.c.enterprise_id == Enterprise.id)
        .join(Enterprise.park)
        .where(Park.zone_id == zone.id)
    )
    for park_id, kind in rows:
        held.setdefault(park_id, Counter())[kind] += 1
    parks = [
        ParkCount(park.code, park.name, counts.get(park.id, 0), dict(held.get(park.id, Counter())))
        for park in zone.parks
    ]
    return ZoneSummary(zone.code, zone.name, as_of, parks, _expiring(session, zone, as_of))


def _expiring(session: Session, zone: Zone, as_of: date) -> list[ExpiringCertificate]:
    """Certificates that expire in the summary date's calendar year, lapsed ones included.

    A certificate that expired in January is still this year's business: it must be re-recognised;
    one its holder has renewed by the summary date is not (``renewed_by``, as every such list).
    """
    year_end = date(as_of.year, 12, 31)
    rows = session.execute(
        select(Enterprise.uscc, Enterprise.name, Park.name, Qualification)
        .join(Qualification.enterprise)
        .join(Enterprise.park)
        .where(
            Park.zone_id == zone.id,
            Qualification.status.in_([QualificationStatus.VALID, QualificationStatus.EXPIRED]),
            and_(
                Qualification.expires_on >= date(as_of.year, 1, 1),
                Qualification.expires_on <= year_end,
            ),
            ~renewed_by(as_of),
        )
        .order_by(Qualification.expires_on, Enterprise.uscc, Qualification.kind)
    )
    return [
        ExpiringCertificate(uscc, name, park, q.kind, q.certificate_no, q.expires_on)
        for uscc, name, park, q in rows
        if q.expires_on is not None
    ]


def summarise(session: Session, as_of: date, zone_code: str | None = None) -> list[ZoneSummary]:
    """A summary per zone (or of the one zone named), zones in code order."""
    query = select(Zone).order_by(Zone.code)
    if zone_code is not None:
        query = query.where(Zone.code == zone_code)
    zones = session.scalars(query).all()
    if zone_code is not None and not zones:
        raise UnknownZone(zone_code)
    return [summarise_zone(session, zone, as_of) for zone in zones]
