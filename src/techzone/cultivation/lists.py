"""The three monitoring lists (三清单, seed 003 四(一)) and the candidate lists on a date.

Seed 003 四(一) asks each district, by the end of March, for three lists:

1. 3年到期需复审高新技术企业清单 — HNTE whose certificate expires in the year of the date and that
   have not yet been re-recognised (no later certificate issued on or before the date). A
   certificate that already ran out earlier in the year stays on this list, not on list 3: it is
   this year's re-recognition.
2. 省级科技创新型企业中非高新技术企业清单 — enterprises holding a 省级科技创新型企业
   qualification in force on the date and no HNTE in force.
3. 历年到期未通过复审企业清单 — enterprises whose latest HNTE certificate expired in an earlier
   year, not revoked, and that hold no HNTE in force: by the year it expired.

and names two candidate lists (五(一)1–2); a third list follows the tiers officers track above
小巨人 (qualification-criteria.md §3.6):

* 小巨人向上 — holders of 专精特新"小巨人" in force that hold no 制造业单项冠军 in force, with
  their readiness for 重点"小巨人" (财建〔2024〕148号) and 制造业单项冠军 (工信部政法〔2023〕138号),
  ranked by the latter.

Keeping a title: 本年到期的梯度培育资质 — 创新型、专精特新、小巨人 and 单项冠军 certificates whose
term (three years, qualification-criteria.md §3.0, §3.6) ends in the year of the date, with no
later certificate of the same kind: the year's re-review (2026 小巨人 复核, 工信厅企业函
〔2026〕117号) or a new application.

* 小升高 — holders of 科技型中小企业 or 省级科技创新型企业 in force without HNTE in force,
  whose HNTE readiness is ready or nearly ready (``readiness.py`` defines both);
* 规进高 — above-scale enterprises without HNTE in force whose industry is 工业 or 服务业 (五(一)2
  "在规上工业、服务业企业中选择"), all of them, ranked by readiness. The line between the two and
  the rest is the statistics bureau's 三次产业划分规定: 第一产业 (A but A05) and 建筑业 (E) are
  neither; a firm with no industry code cannot be ruled out and stays for the officer to judge.

"In force on a date" is the zone summary's: status 有效, issued on or before the date, and no expiry
or an expiry on or after it. A certificate is any HNTE record but a failed application (未通过).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access.queries import where
from techzone.access.scope import Scope
from techzone.cultivation.readiness import Readiness, zone_readiness
from techzone.cultivation.upkeep import UpkeepLine, upkeep_due
from techzone.model import Enterprise, Park, Qualification, Zone
from techzone.model.codes import Ownership, QualificationKind, QualificationStatus
from techzone.model.holding import in_force as qualification_in_force
from techzone.model.holding import renewed
from techzone.rules.assess import assess_all
from techzone.rules.loader import PackSet
from techzone.rules.records import UnknownZone

HNTE = QualificationKind.HNTE
LITTLE_GIANT = QualificationKind.LITTLE_GIANT
KEY_LITTLE_GIANT = QualificationKind.KEY_LITTLE_GIANT
MFG_CHAMPION = QualificationKind.MFG_CHAMPION
# The tiers whose term is listed when it ends in the year (keeping a title).
UPKEEP_KINDS = (
    QualificationKind.INNOVATIVE_SME,
    QualificationKind.SRDI_SME,
    LITTLE_GIANT,
    MFG_CHAMPION,
)
_LISTED_KINDS = (
    *UPKEEP_KINDS,
    HNTE,
    QualificationKind.PROVINCIAL_INNOVATIVE,
    QualificationKind.TECH_SME,
    KEY_LITTLE_GIANT,
)


@dataclass(frozen=True)
class Firm:
    uscc: str
    name: str
    zone: str
    park: str
    above_scale: bool
    ownership: Ownership
    industry_code: str | None = None


@dataclass(frozen=True)
class Held:
    kind: QualificationKind
    certificate_no: str
    issued_on: date
    expires_on: date | None
    status: QualificationStatus
    revoked_on: date | None = None

    def in_force(self, day: date) -> bool:
        return qualification_in_force(
            self.status, self.issued_on, self.expires_on, day, self.revoked_on
        )

    @property
    def is_certificate(self) -> bool:
        return self.status != QualificationStatus.NOT_PASSED


@dataclass(frozen=True)
class ExpiringHnte:
    firm: Firm
    certificate_no: str
    issued_on: date
    expires_on: date


@dataclass(frozen=True)
class ProvincialWithoutHnte:
    firm: Firm
    certificate_no: str
    issued_on: date


@dataclass(frozen=True)
class LapsedHnte:
    firm: Firm
    certificate_no: str
    expires_on: date
    # A failed HNTE application (未通过) recorded after this certificate was issued.
    failed_since: bool


@dataclass(frozen=True)
class Candidate:
    firm: Firm
    # The qualifications in force that put it on the list (科技型中小企业, 省级科技创新型企业).
    holds: tuple[QualificationKind, ...]
    readiness: Readiness


@dataclass(frozen=True)
class ExpiringTitle:
    firm: Firm
    kind: QualificationKind
    certificate_no: str
    issued_on: date
    expires_on: date


@dataclass(frozen=True)
class AboveLittleGiant:
    firm: Firm
    # 重点"小巨人" held in force besides 小巨人.
    key_held: bool
    key: Readiness
    champion: Readiness


@dataclass(frozen=True)
class MonitoringLists:
    as_of: date
    zone: str | None
    expiring: list[ExpiringHnte]
    provincial_without_hnte: list[ProvincialWithoutHnte]
    lapsed: list[LapsedHnte]
    small_to_high: list[Candidate]
    above_scale_to_high: list[Candidate]
    little_giants: list[AboveLittleGiant]
    expiring_titles: list[ExpiringTitle]
    # Titles whose yearly update is near or whose term ends soon (cultivation.upkeep).
    upkeep: tuple[UpkeepLine, ...] = ()

    def lapsed_by_year(self) -> dict[int, list[LapsedHnte]]:
        grouped: dict[int, list[LapsedHnte]] = defaultdict(list)
        for item in self.lapsed:
            grouped[item.expires_on.year].append(item)
        return dict(sorted(grouped.items(), reverse=True))


def _firms(session: Session, zone: str | None, scope: Scope | None = None) -> dict[int, Firm]:
    query = (
        select(
            Enterprise.id,
            Enterprise.uscc,
            Enterprise.name,
            Zone.code,
            Park.name,
            Enterprise.above_scale,
            Enterprise.ownership,
            Enterprise.industry_code,
        )
        .join(Park, Enterprise.park_id == Park.id)
        .join(Zone, Park.zone_id == Zone.id)
        .order_by(Enterprise.uscc)
    )
    if zone is not None:
        if session.scalar(select(Zone.id).where(Zone.code == zone)) is None:
            raise UnknownZone(zone)
        query = query.where(Zone.code == zone)
    if scope is not None:
        query = where(query, scope)
    return {
        row[0]: Firm(row[1], row[2], row[3], row[4], row[5], row[6], row[7])
        for row in session.execute(query)
    }


def industrial_or_service(industry_code: str | None) -> bool:
    """Whether a GB/T 4754 code falls in 工业 or 服务业, the pool 规进高 draws on (seed 003
    五(一)2). 建筑业 (E) and 第一产业 (A, except A05 农林牧渔专业及辅助性活动, which the
    三次产业划分规定 counts as 服务业) are outside it; an unknown code is not ruled out."""
    if not industry_code:
        return True
    if industry_code.startswith("E"):
        return False
    if industry_code.startswith("A"):
        return industry_code.startswith("A05")
    return True


def holdings(session: Session, enterprise_ids: set[int], day: date) -> dict[int, list[Held]]:
    """The records of the listed kinds (HNTE, 省级科技创新型企业, 科技型中小企业 and the 梯度培育
    tiers) issued on or before ``day``, oldest first."""
    held: dict[int, list[Held]] = defaultdict(list)
    rows = session.execute(
        select(
            Qualification.enterprise_id,
            Qualification.kind,
            Qualification.certificate_no,
            Qualification.issued_on,
            Qualification.expires_on,
            Qualification.status,
            Qualification.revoked_on,
        )
        .where(Qualification.kind.in_(_LISTED_KINDS), Qualification.issued_on <= day)
        .order_by(Qualification.enterprise_id, Qualification.issued_on, Qualification.id)
    )
    for enterprise_id, kind, number, issued, expires, status, revoked_on in rows:
        if enterprise_id in enterprise_ids:
            held[enterprise_id].append(Held(kind, number, issued, expires, status, revoked_on))
    return held


def _expiring(firm: Firm, records: list[Held], day: date) -> ExpiringHnte | None:
    certificates = [h for h in records if h.kind == HNTE and h.is_certificate]
    held = _ending(certificates, day)
    if held is None or held.expires_on is None:
        return None
    return ExpiringHnte(firm, held.certificate_no, held.issued_on, held.expires_on)


def _ending(certificates: list[Held], day: date) -> Held | None:
    """The newest of one kind's certificates (in issue order) that ends in ``day``'s year, lapsed
    or not, and that its holder has not renewed by ``day`` (the one rule, ``renewed``)."""
    for held in reversed(certificates):
        live = held.status in (QualificationStatus.VALID, QualificationStatus.EXPIRED)
        if (
            live
            and held.expires_on is not None
            and held.expires_on.year == day.year
            and not renewed(held, certificates, day)
        ):
            return held
    return None


def _expiring_titles(firm: Firm, records: list[Held], day: date) -> list[ExpiringTitle]:
    found = []
    for kind in UPKEEP_KINDS:
        certificates = [h for h in records if h.kind == kind and h.is_certificate]
        held = _ending(certificates, day)
        if held is not None and held.expires_on is not None:
            found.append(
                ExpiringTitle(firm, kind, held.certificate_no, held.issued_on, held.expires_on)
            )
    return found


def _lapsed(firm: Firm, records: list[Held], day: date) -> LapsedHnte | None:
    hnte = [h for h in records if h.kind == HNTE]
    certificates = [h for h in hnte if h.is_certificate]
    if not certificates or any(h.in_force(day) for h in certificates):
        return None
    latest = certificates[-1]
    if latest.status == QualificationStatus.REVOKED or latest.expires_on is None:
        return None
    if latest.expires_on.year >= day.year:
        return None
    failed = any(not h.is_certificate and h.issued_on > latest.issued_on for h in hnte)
    return LapsedHnte(firm, latest.certificate_no, latest.expires_on, failed)


def monitoring_lists(
    session: Session,
    packs: PackSet,
    as_of: date,
    zone: str | None = None,
    *,
    scope: Scope | None = None,
) -> MonitoringLists:
    """The three lists and the 小升高 / 规进高 candidates of a zone (or every zone) on a date,
    within the caller's ``scope`` (applied in the queries)."""
    firms = _firms(session, zone, scope)
    records = holdings(session, set(firms), as_of)
    assessor, evaluated = assess_all(session, packs, as_of, zone, scope=scope)
    readiness = zone_readiness(assessor, evaluated, HNTE)
    key_readiness = zone_readiness(assessor, evaluated, KEY_LITTLE_GIANT)
    champion_readiness = zone_readiness(assessor, evaluated, MFG_CHAMPION)

    expiring, provincial, lapsed = [], [], []
    small_to_high, above_scale = [], []
    giants: list[AboveLittleGiant] = []
    titles: list[ExpiringTitle] = []
    for enterprise_id, firm in firms.items():
        held = records.get(enterprise_id, [])
        in_force = {h.kind for h in held if h.in_force(as_of)}
        titles += _expiring_titles(firm, held, as_of)
        if LITTLE_GIANT in in_force and MFG_CHAMPION not in in_force:
            giants.append(
                AboveLittleGiant(
                    firm,
                    KEY_LITTLE_GIANT in in_force,
                    key_readiness[firm.uscc],
                    champion_readiness[firm.uscc],
                )
            )
        if (found := _expiring(firm, held, as_of)) is not None:
            expiring.append(found)
        if (gone := _lapsed(firm, held, as_of)) is not None:
            lapsed.append(gone)
        if HNTE in in_force:
            continue
        provincial_now = [
            h
            for h in held
            if h.kind == QualificationKind.PROVINCIAL_INNOVATIVE and h.in_force(as_of)
        ]
        if provincial_now:
            latest = provincial_now[-1]
            provincial.append(ProvincialWithoutHnte(firm, latest.certificate_no, latest.issued_on))
        ready = readiness[firm.uscc]
        lower = tuple(
            k
            for k in (QualificationKind.TECH_SME, QualificationKind.PROVINCIAL_INNOVATIVE)
            if k in in_force
        )
        if lower and ready.level != "not_ready":
            small_to_high.append(Candidate(firm, lower, ready))
        if firm.above_scale and industrial_or_service(firm.industry_code):
            above_scale.append(Candidate(firm, lower, ready))

    def by_readiness(candidate: Candidate) -> tuple[tuple[int, int, float, int], str]:
        return candidate.readiness.rank_key(), candidate.firm.uscc

    return MonitoringLists(
        as_of,
        zone,
        sorted(expiring, key=lambda e: (e.expires_on, e.firm.uscc)),
        provincial,
        sorted(lapsed, key=lambda e: (-e.expires_on.year, e.expires_on, e.firm.uscc)),
        sorted(small_to_high, key=by_readiness),
        sorted(above_scale, key=by_readiness),
        sorted(giants, key=lambda g: (g.champion.rank_key(), g.firm.uscc)),
        sorted(titles, key=lambda t: (t.expires_on, t.firm.uscc, UPKEEP_KINDS.index(t.kind))),
        upkeep_due(session, as_of, zone, scope=scope),
    )
