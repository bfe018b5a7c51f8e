"""The enterprise dossier (一企一档): everything the register holds about one enterprise, with its
assessments, plan, entitlements and applications, as of a day.

The first query finds the enterprise within the caller's scope; an enterprise outside it, or not
in the register, is the same ``NotFound``. Everything after is read by that enterprise's key,
through the core functions the command line calls (``rules.assess``, ``cultivation.ladder``,
``awards.calculate``/``explain``, ``awards.ledger``).
"""

from __future__ import annotations

import re
from collections import Counter, namedtuple
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    literal_column,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, aliased
from sqlalchemy.types import NullType

from techzone.access.queries import where, with_owner
from techzone.access.scope import Scope
from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.awards.explain import explain
from techzone.awards.ledger import history as ledger_history
from techzone.awards.ledger import recorded
from techzone.cultivation.ladder import ladder_view
from techzone.model import (
    Application,
    ApplicationChange,
    AwardEvent,
    Declaration,
    Enterprise,
    Incident,
    IntellectualProperty,
    Park,
    Platform,
    Qualification,
    YearlyFigures,
    Zone,
)
from techzone.model.codes import IpStatus
from techzone.model.holding import in_force, renewed
from techzone.registry.errors import NotFound
from techzone.rules.assess import assess_enterprise, assess_records
from techzone.rules.frame import Records
from techzone.rules.inputs import MONEY_FIGURES, STAFF_FIGURES
from techzone.rules.loader import PackSet, load_packs
from techzone.rules.records import read_records
from techzone.store.database import PREPARED

# Calculates one enterprise's entitlements from (its records, the year, the ledger's caps).
Calculate = Callable[[tuple[Records, int, pl.DataFrame]], pl.DataFrame]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Identity(_Frozen):
    uscc: str
    name: str
    province: str
    city: str
    zone: str
    zone_name: str
    park: str
    park_name: str
    registered_on: date
    industry_code: str | None
    tech_field: str | None
    tech_subfield: str | None
    ownership: str
    above_scale: bool
    listing: str


class YearFigures(_Frozen):
    """One accounting year: money in yuan (exact), headcounts as 全年月平均数; ``None`` unknown."""

    year: int
    values: dict[str, Decimal | None]


class QualificationItem(_Frozen):
    kind: str
    kind_label: str
    level: str
    certificate_no: str
    issued_on: date
    expires_on: date | None
    status: str
    revoked_on: date | None
    in_force: bool
    # Days from the dossier's day to the expiry, for a certificate in force with a term.
    days_left: int | None
    # Its holder already holds the later certificate (``renewed_by``): it is not expiring.
    renewed: bool = False


class IpSummary(_Frozen):
    total: int
    in_force: int
    by_kind: dict[str, int]
    class_one: int
    class_two: int


class PlatformItem(_Frozen):
    name: str
    kind: str
    level: str
    recognised_on: date
    status: str
    status_on: date | None


class EventItem(_Frozen):
    ref: str
    kind: str
    occurred_on: date
    amount: Decimal | None


class IncidentItem(_Frozen):
    ref: str
    kind: str
    occurred_on: date
    description: str | None


class DeclarationItem(_Frozen):
    item: str
    label: str  # the pack's name for the item, as officers read it (the item code if unknown)
    value: str
    declared_on: date
    source: str


class PlanItem(_Frozen):
    by: date
    text: str


class Step(_Frozen):
    """The next step on one ladder (or keeping a title that ends this year) and its dated plan."""

    ladder: str
    kind: str
    kind_label: str
    renewal: bool
    readiness: str
    readiness_label: str
    unmet: list[str]
    missing: list[str]
    gaps: list[str]
    target_batch: str | None
    target_deadline: date | None
    plan: list[PlanItem]
    note: str | None


class Entitlement(_Frozen):
    """An entitlement as computed now (``basis``: ``awards.explain``'s document) and what the
    ledger holds for it (``ledger``: ``awards.ledger.history``'s entry; ``None`` if unrecorded)."""

    basis: dict[str, Any]
    ledger: dict[str, Any] | None


class ApplicationChangeItem(_Frozen):
    changed_on: date
    from_status: str | None
    to_status: str
    batch: int | None
    changed_by: str
    reason: str | None


class ApplicationItem(_Frozen):
    id: int
    qualification: str
    qualification_label: str
    year: int
    batch: int | None
    status: str
    status_label: str
    department: str
    contact: str | None
    opened_on: date
    history: list[ApplicationChangeItem]


class DossierHead(_Frozen):
    """The dossier's quick parts: what the register holds. The page shows these at once and loads
    the computed parts (``dossier_assessment``, ``dossier_steps``, ``dossier_awards``) after it."""

    as_of: date
    identity: Identity
    figures: list[YearFigures]
    qualifications: list[QualificationItem]
    ip: IpSummary
    platforms: list[PlatformItem]
    events: list[EventItem]
    incidents: list[IncidentItem]
    declarations: list[DeclarationItem]
    applications: list[ApplicationItem]


class DossierAssessment(_Frozen):
    identity: Identity
    # The techzone.trace.v2 document (what ``techzone assess --json`` writes): every
    # qualification, each criterion with its value, threshold and clause.
    assessment: dict[str, Any]


class DossierSteps(_Frozen):
    """The enterprise's next step on each ladder and its dated plan."""

    identity: Identity
    steps: list[Step]


class DossierAwards(_Frozen):
    """The entitlements arising in ``award_year`` beside the ledger's record of them."""

    identity: Identity
    award_year: int
    entitlements: list[Entitlement]
    # Ledger entries of other years, or no longer computed (withdrawn), kept with their history.
    ledger: list[dict[str, Any]]


class Dossier(DossierHead):
    """The whole dossier (the API's answer): the quick parts, the assessment, the next steps and
    the awards."""

    assessment: dict[str, Any]
    steps: list[Step]
    award_year: int
    entitlements: list[Entitlement]
    ledger: list[dict[str, Any]]


_USCC_SHAPE = re.compile(r"[0-9A-Z]{18}")


@lru_cache(maxsize=1)
def _packs() -> PackSet:
    return load_packs()


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    return load_catalogue()


# The quick parts' rows, read with the enterprise in one statement: on a database server each
# statement is a round trip, and the page's ten reads one after another were most of its wait.
# Each row holds the enterprise and at most one record of one kind (``part``); a kind of which the
# enterprise has none gives one row with no record. Ordered by kind, then as each list is shown.
#
# Read as columns, not objects: each row carries every kind's columns, and as mapped objects each
# of the ~20 rows made ten of them (an identity-map look-up even for the empty ones) and converted
# every column of every kind, mostly NULLs. Each kind's columns are read as the driver gives
# them and converted here with the very converters SQLAlchemy would use, for the row's own kind
# only. Only what the page shows of each kind (and what ``in_force``/``renewed`` read) is read;
# the key comes first, NULL on the row of a kind the enterprise has none of.
_SHOWN: dict[Any, tuple[str, ...]] = {
    YearlyFigures: ("id", "year", *MONEY_FIGURES, *STAFF_FIGURES),
    Qualification: (
        "id",
        "kind",
        "level",
        "certificate_no",
        "issued_on",
        "expires_on",
        "status",
        "revoked_on",
    ),
    IntellectualProperty: ("id", "kind", "ip_class", "status"),
    Platform: ("id", "name", "kind", "level", "recognised_on", "status", "status_on"),
    AwardEvent: ("id", "ref", "kind", "occurred_on", "amount"),
    Incident: ("id", "ref", "kind", "occurred_on", "description"),
    Declaration: ("id", "item", "value", "declared_on", "source"),
    Application: (
        "id",
        "qualification",
        "year",
        "batch",
        "status",
        "department",
        "contact",
        "opened_on",
    ),
    ApplicationChange: (
        "id",
        "application_id",
        "changed_on",
        "from_status",
        "to_status",
        "batch",
        "changed_by",
        "reason",
    ),
}
_PARTS: tuple[Any, ...] = tuple(_SHOWN)
# Each kind's record as the page reads it: its columns by name, like the mapped object's.
_RECORD: dict[Any, Any] = {
    part: namedtuple(f"{part.__name__}Shown", shown) for part, shown in _SHOWN.items()
}
# The enterprise's columns, then its zone's and park's, then ``part``, then each kind's columns.
_ENTERPRISE = (
    "id",
    "uscc",
    "name",
    "registered_on",
    "industry_code",
    "tech_field",
    "tech_subfield",
    "ownership",
    "above_scale",
    "listing",
)
_PLACE = ("province", "city", "zone", "zone_name", "park", "park_name")
_FIRST = len(_ENTERPRISE) + len(_PLACE) + 1
_SPANS: tuple[tuple[int, int], ...] = tuple(
    (start, start + len(shown))
    for start, shown in zip(
        accumulate((len(shown) for shown in _SHOWN.values()), initial=_FIRST),
        _SHOWN.values(),
        strict=False,
    )
)


def _number(n: int) -> ColumnElement[int]:
    # Written into the statement, not bound: psycopg converts a statement's text for every run
    # unless it is short (4 KB) and keeps the conversion, and each bound value is one more to
    # send; the kinds' numbers are the same on every run.
    return literal_column(str(n), Integer)


_PART = union_all(*(select(_number(n).label("part")) for n in range(len(_PARTS)))).subquery("part")
_ORDER = (
    _PART.c.part,
    YearlyFigures.year,
    Qualification.issued_on,
    Qualification.kind,
    # The IP summary counts kinds in the order it meets them: the rows' own order, as ever.
    IntellectualProperty.id,
    Platform.recognised_on,
    Platform.name,
    AwardEvent.occurred_on,
    AwardEvent.ref,
    Incident.occurred_on,
    Incident.ref,
    Declaration.declared_on,
    Declaration.item,
    Application.year,
    Application.qualification,
    ApplicationChange.id,
)


def _with_parts(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """``query`` (over Enterprise) with a row for each of the enterprise's records."""
    columns = [
        # Typeless: the driver's value, converted in ``_records`` for the row's kind alone.
        type_coerce(getattr(part, name), NullType()).label(f"c{i}")
        for i, (part, name) in enumerate(
            (part, name) for part, shown in _SHOWN.items() for name in shown
        )
    ]
    query = query.add_columns(_PART.c.part, *columns).join(_PART, true())
    for n, part in enumerate(_PARTS):
        if part is ApplicationChange:
            # Its own alias: the outer query's Application is only on the applications' rows.
            held = aliased(Application)
            owned = ApplicationChange.application_id.in_(
                select(held.id).where(held.enterprise_id == Enterprise.id)
            )
        else:
            owned = part.enterprise_id == Enterprise.id
        query = query.outerjoin(part, and_(_PART.c.part == _number(n), owned))
    return query.order_by(*_ORDER)


_USCC: BindParameter[str] = bindparam("uscc", type_=String)


_PREPARED = {PREPARED: True}


# Built once per scope (a role's place, or an enterprise's own): building this select and its
# cache key cost more Python than the rows it reads.
@lru_cache(maxsize=256)
def _query(scope: Scope, parts: bool) -> Select[*tuple[Any, ...]]:
    place: tuple[Any, ...] = (Zone.province, Zone.city, Zone.code, Zone.name, Park.code, Park.name)
    if parts:
        enterprise: tuple[Any, ...] = tuple(
            getattr(Enterprise, name).label(name) for name in _ENTERPRISE
        )
        place = tuple(c.label(name) for c, name in zip(place, _PLACE, strict=True))
    else:
        enterprise = (Enterprise,)
    query = where(
        with_owner(
            select(*enterprise, *place).select_from(Enterprise).where(Enterprise.uscc == _USCC)
        ),
        scope,
    )
    return (_with_parts(query) if parts else query).execution_options(**_PREPARED)


def _found(session: Session, scope: Scope, uscc: str, parts: bool) -> list[Any]:
    """The rows of the enterprise ``uscc`` within ``scope`` (one, or one for each of its records
    with ``parts``); ``NotFound`` if none."""
    statement = _query(scope, parts)
    if parts:
        # Columns, no objects (see ``_SHOWN``): read on the connection, past the ORM's rows.
        rows = list(session.connection().execute(statement, {"uscc": uscc}))
    else:
        rows = list(session.execute(statement, {"uscc": uscc}))
    if not rows:
        raise NotFound()
    return rows


def _identity_of(e: Any, place: Sequence[str]) -> tuple[int, Identity]:
    """The identity of the enterprise ``e`` (an Enterprise or a row of its columns by name) in
    its ``place`` (province, city, zone, zone name, park, park name)."""
    province, city, zone, zone_name, park, park_name = place
    return e.id, Identity(
        uscc=e.uscc,
        name=e.name,
        province=province,
        city=city,
        zone=zone,
        zone_name=zone_name,
        park=park,
        park_name=park_name,
        registered_on=e.registered_on,
        industry_code=e.industry_code,
        tech_field=None if e.tech_field is None else e.tech_field.label,
        tech_subfield=e.tech_subfield,
        ownership=e.ownership.label,
        above_scale=e.above_scale,
        listing=e.listing.label,
    )


def _identity(session: Session, scope: Scope, uscc: str) -> tuple[int, Identity]:
    row = _found(session, scope, uscc, parts=False)[0]
    return _identity_of(row[0], row[1:7])


@lru_cache(maxsize=4)
def _converters(dialect: Dialect) -> tuple[tuple[Callable[[Any], Any] | None, ...], ...]:
    """Each kind's converters of its columns on ``dialect``: those SQLAlchemy applies to them."""
    return tuple(
        tuple(
            getattr(part, name).type.dialect_impl(dialect).result_processor(dialect, None)
            for name in shown
        )
        for part, shown in _SHOWN.items()
    )


def _records(rows: list[Any], dialect: Dialect) -> dict[type[Any], list[Any]]:
    """Each kind's records from ``_found``'s rows with ``parts``, in their order."""
    converters = _converters(dialect)
    found: dict[type[Any], list[Any]] = {part: [] for part in _PARTS}
    for row in rows:
        n = row.part
        start, stop = _SPANS[n]
        if row[start] is None:
            continue  # no record of this kind
        kind = _PARTS[n]
        values = row[start:stop]
        found[kind].append(
            _RECORD[kind]._make(
                value if convert is None else convert(value)
                for convert, value in zip(converters[n], values, strict=True)
            )
        )
    return found


def _figures(rows: list[YearlyFigures]) -> list[YearFigures]:
    names = (*MONEY_FIGURES, *STAFF_FIGURES)
    return [YearFigures(year=r.year, values={n: getattr(r, n) for n in names}) for r in rows]


def _qualifications(rows: list[Qualification], day: date) -> list[QualificationItem]:
    found = []
    for q in rows:
        held = in_force(q.status, q.issued_on, q.expires_on, day, q.revoked_on)
        same_kind = [other for other in rows if other.kind == q.kind and other is not q]
        left = (q.expires_on - day).days if held and q.expires_on is not None else None
        found.append(
            QualificationItem(
                kind=str(q.kind),
                kind_label=q.kind.label,
                level=q.level.label,
                certificate_no=q.certificate_no,
                issued_on=q.issued_on,
                expires_on=q.expires_on,
                status=q.status.label,
                revoked_on=q.revoked_on,
                in_force=held,
                days_left=left,
                renewed=renewed(q, same_kind, day),
            )
        )
    return found


def _ip(rows: list[IntellectualProperty]) -> IpSummary:
    valid = [r for r in rows if r.status == IpStatus.VALID]
    classes = Counter(str(r.ip_class) for r in valid if r.ip_class is not None)
    return IpSummary(
        total=len(rows),
        in_force=len(valid),
        by_kind=dict(Counter(r.kind.label for r in valid)),
        class_one=classes.get("I", 0),
        class_two=classes.get("II", 0),
    )


def _steps(session: Session, packs: PackSet, uscc: str, day: date) -> list[Step]:
    view = ladder_view(session, packs, uscc, day)
    return [
        Step(
            ladder=s.ladder.label,
            kind=str(s.kind),
            kind_label=s.kind.label,
            renewal=s.renewal,
            readiness=s.readiness.level,
            readiness_label=s.readiness.level_label,
            unmet=list(s.readiness.unmet),
            missing=list(s.readiness.missing),
            gaps=list(s.readiness.gaps),
            target_batch=None if s.target is None else s.target.deadline.label,
            target_deadline=None if s.target is None else s.target.deadline.on,
            plan=[PlanItem(by=p.by, text=p.text) for p in s.plan],
            note=s.note,
        )
        for s in view.steps
    ]


def _entitlements(
    session: Session,
    catalogue: Catalogue,
    uscc: str,
    year: int,
    calculate: Calculate | None = None,
) -> tuple[list[Entitlement], list[dict[str, Any]]]:
    records = read_records(session, uscc=uscc)
    caps = recorded(session)
    if calculate is None:
        found = entitlements(catalogue, records, year, Settings(), recorded=caps)
    else:
        found = calculate((records, year, caps))
    held = {entry["id"]: entry for entry in ledger_history(session, uscc)}
    computed = [
        Entitlement(basis=basis, ledger=held.pop(basis["id"], None))
        for basis in (explain(catalogue, row, year) for row in found.iter_rows(named=True))
    ]
    # The other years' entries are read by officers: each names its policy, not its code.
    other = []
    for entry in held.values():
        known = catalogue.policies.get(entry["policy"])
        other.append({**entry, "title": known.policy.title if known else entry["policy"]})
    return computed, other


def _applications(
    rows: list[Application], changes: list[ApplicationChange]
) -> list[ApplicationItem]:
    # Each application's history in its relationship's order (``ApplicationChange.id``), from the
    # rows read with it rather than one more statement for each application.
    history: dict[int, list[ApplicationChange]] = {}
    for c in changes:
        history.setdefault(c.application_id, []).append(c)
    return [
        ApplicationItem(
            id=a.id,
            qualification=str(a.qualification),
            qualification_label=a.qualification.label,
            year=a.year,
            batch=a.batch,
            status=str(a.status),
            status_label=a.status.label,
            department=a.department,
            contact=a.contact,
            opened_on=a.opened_on,
            history=[
                ApplicationChangeItem(
                    changed_on=c.changed_on,
                    from_status=None if c.from_status is None else c.from_status.label,
                    to_status=c.to_status.label,
                    batch=c.batch,
                    changed_by=c.changed_by,
                    reason=c.reason,
                )
                for c in history.get(a.id, [])
            ],
        )
        for a in rows
    ]


def _key(uscc: str) -> str:
    key = uscc.strip().upper()
    if not _USCC_SHAPE.fullmatch(key):
        # Not a 统一社会信用代码 at all: no enterprise has it (and nothing odd reaches the query).
        raise NotFound()
    return key


def _declarations(rows: list[Declaration], packs: PackSet | None) -> list[DeclarationItem]:
    # The packs are read only when a declaration needs its name: the page's quick part stays quick.
    named = (packs or _packs()).declarations if rows else {}
    return [
        DeclarationItem(
            item=d.item,
            label=named[d.item].label if d.item in named else d.item,
            value=d.value,
            declared_on=d.declared_on,
            source=d.source.label,
        )
        for d in rows
    ]


def _head(
    rows: list[Any], dialect: Dialect, as_of: date, packs: PackSet | None = None
) -> DossierHead:
    """The quick parts from ``_found``'s rows with ``parts``, read on ``dialect``."""
    first = rows[0]
    _, identity = _identity_of(first, first[len(_ENTERPRISE) : _FIRST - 1])
    found = _records(rows, dialect)
    return DossierHead(
        as_of=as_of,
        identity=identity,
        figures=_figures(found[YearlyFigures]),
        qualifications=_qualifications(found[Qualification], as_of),
        ip=_ip(found[IntellectualProperty]),
        platforms=[
            PlatformItem(
                name=p.name,
                kind=p.kind.label,
                level=p.level.label,
                recognised_on=p.recognised_on,
                status=p.status.label,
                status_on=p.status_on,
            )
            for p in found[Platform]
        ],
        events=[
            EventItem(ref=e.ref, kind=e.kind.label, occurred_on=e.occurred_on, amount=e.amount)
            for e in found[AwardEvent]
        ],
        incidents=[
            IncidentItem(
                ref=i.ref, kind=i.kind.label, occurred_on=i.occurred_on, description=i.description
            )
            for i in found[Incident]
        ],
        declarations=_declarations(found[Declaration], packs),
        applications=_applications(found[Application], found[ApplicationChange]),
    )


def _awards(
    session: Session,
    catalogue: Catalogue,
    identity: Identity,
    as_of: date,
    award_year: int | None,
    calculate: Calculate | None = None,
) -> DossierAwards:
    year = award_year if award_year is not None else as_of.year
    computed, other = _entitlements(session, catalogue, identity.uscc, year, calculate)
    return DossierAwards(identity=identity, award_year=year, entitlements=computed, ledger=other)


def dossier_head(session: Session, scope: Scope, uscc: str, as_of: date) -> DossierHead:
    """The dossier's quick parts (``dossier`` without what is computed); ``NotFound`` as
    ``dossier``."""
    rows = _found(session, scope, _key(uscc), parts=True)
    return _head(rows, session.get_bind().dialect, as_of)


def dossier_assessment(
    session: Session,
    scope: Scope,
    uscc: str,
    as_of: date,
    *,
    packs: PackSet | None = None,
    assess: Callable[[tuple[Records, date]], dict[str, Any]] | None = None,
) -> DossierAssessment:
    """The enterprise's assessment (the dossier's ``assessment``); ``NotFound`` as ``dossier``.

    ``assess((records, as_of))``, where given, assesses the enterprise's records instead of
    ``assess_records`` (the web's batcher: ``assess_records_many`` over concurrent requests)."""
    _, identity = _identity(session, scope, _key(uscc))
    records = read_records(session, uscc=identity.uscc)
    if assess is None:
        trace = assess_records(packs or _packs(), records, as_of)
    else:
        trace = assess((records, as_of))
    return DossierAssessment(identity=identity, assessment=trace)


def dossier_steps(
    session: Session, scope: Scope, uscc: str, as_of: date, *, packs: PackSet | None = None
) -> DossierSteps:
    """The enterprise's next steps on each ladder (the dossier's ``steps``); ``NotFound`` as
    ``dossier``."""
    _, identity = _identity(session, scope, _key(uscc))
    return DossierSteps(
        identity=identity, steps=_steps(session, packs or _packs(), identity.uscc, as_of)
    )


def dossier_awards(
    session: Session,
    scope: Scope,
    uscc: str,
    as_of: date,
    *,
    award_year: int | None = None,
    catalogue: Catalogue | None = None,
    calculate: Calculate | None = None,
) -> DossierAwards:
    """The dossier's entitlements and ledger entries (as ``dossier``); ``NotFound`` as
    ``dossier``.

    ``calculate((records, year, ledger))``, where given, calculates the enterprise's
    entitlements instead of ``entitlements`` (the web's batcher: ``entitlements_many`` over
    concurrent requests)."""
    _, identity = _identity(session, scope, _key(uscc))
    return _awards(session, catalogue or _catalogue(), identity, as_of, award_year, calculate)


def dossier(
    session: Session,
    scope: Scope,
    uscc: str,
    as_of: date,
    *,
    award_year: int | None = None,
    packs: PackSet | None = None,
    catalogue: Catalogue | None = None,
) -> Dossier:
    """The dossier of the enterprise ``uscc`` as of ``as_of``; ``NotFound`` if it is not in the
    register or not in ``scope``. Entitlements are those arising in ``award_year`` (default: the
    year of ``as_of``), computed as ``techzone awards`` does, beside the ledger's record of them."""
    rows = _found(session, scope, _key(uscc), parts=True)
    packs = packs or _packs()
    head = _head(rows, session.get_bind().dialect, as_of, packs)
    identity = head.identity
    awards = _awards(session, catalogue or _catalogue(), identity, as_of, award_year)
    return Dossier(
        **dict(head),
        assessment=assess_enterprise(session, packs, identity.uscc, as_of),
        steps=_steps(session, packs, identity.uscc, as_of),
        award_year=awards.award_year,
        entitlements=awards.entitlements,
        ledger=awards.ledger,
    )
