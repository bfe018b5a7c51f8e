"""Enterprise search: filter, sort and page the register within the caller's scope.

Every filter and the scope are conditions of the query that finds the matches (their ids when
they are few, else their count and the page along the sort's index), so a page never holds a row
outside the scope and the count never counts one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field
from sqlalchemy import ColumnElement, Connection, func, or_, select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from techzone.access.queries import NOTHING, on_enterprise, with_owner
from techzone.access.scope import Scope
from techzone.cultivation.calendar import FIRST_YEAR, LAST_YEAR
from techzone.model import Application, Enterprise, Park, Qualification, Zone
from techzone.model.codes import QualificationKind, TechField
from techzone.model.holding import in_force_on, renewed_by
from techzone.registry.errors import QueryRejected
from techzone.store.database import NAME_INDEX_TABLE, UNPREPARED

T = TypeVar("T")

MAX_PAGE_SIZE = 200
# An expiry window longer than a certificate's longest term (three years) finds nothing more.
MAX_WINDOW_DAYS = 3 * 366
MAX_TEXT = 200
# Up to this many matches, a search's ids are read once and its page chosen among them.
FEW = 1000
# Up to this many rows found through each index (a name's trigrams, a USCC's prefix), a text
# search reads only those rows; with more, reading the scope's rows costs less.
CANDIDATES = 1000

SORT_FIELDS: dict[str, Any] = {
    "name": Enterprise.name,
    "uscc": Enterprise.uscc,
    "registered_on": Enterprise.registered_on,
    "park": Park.name,
    "zone": Zone.name,
}
SORT_LABELS = {
    "name": "企业名称",
    "uscc": "统一社会信用代码",
    "registered_on": "成立日期",
    "park": "园区",
    "zone": "高新区",
}


class EnterpriseRow(BaseModel):
    """One enterprise in a search result."""

    model_config = ConfigDict(frozen=True)

    uscc: str
    name: str
    zone: str
    zone_name: str
    park: str
    park_name: str
    registered_on: date
    industry_code: str | None
    tech_field: str | None
    tech_field_label: str | None
    above_scale: bool


class Page(BaseModel, Generic[T]):
    """One page of a result: its rows, the total number of matches, and where the page lies."""

    model_config = ConfigDict(frozen=True)

    items: list[T]
    total: int
    page: int
    page_size: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int:
        """How many pages the matches fill (0 when none match)."""
        return -(-self.total // self.page_size)


# Sort fields on the park or zone: the page's ids are chosen with the owner joined.
_JOINED_SORTS = {"park", "zone"}


def merged_park(scope: Scope, park: str) -> Scope:
    """The scope narrowed to one park code (a park outside it matches nothing)."""
    if scope.park is not None and scope.park != park:
        return replace(scope, uscc=NOTHING)
    return replace(scope, park=park)


def _check_page(page: int, page_size: int) -> None:
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise QueryRejected("bad_page", "页码须为从 1 开始的整数")
    if (
        isinstance(page_size, bool)
        or not isinstance(page_size, int)
        or not 1 <= page_size <= MAX_PAGE_SIZE
    ):
        raise QueryRejected("bad_page_size", f"每页条数须在 1 到 {MAX_PAGE_SIZE} 之间")


def _order(sort: tuple[str, str]) -> list[Any]:
    field, direction = sort
    column = SORT_FIELDS.get(field)
    if column is None:
        offered = "、".join(SORT_LABELS.values())
        raise QueryRejected("bad_sort", f"不能按该字段排序；可排序的字段：{offered}")
    if direction not in ("asc", "desc"):
        raise QueryRejected("bad_sort_direction", "排序方向须为升序或降序")
    ordered = column.asc() if direction == "asc" else column.desc()
    # The USCC is unique: rows that tie keep one order from page to page.
    return [ordered, Enterprise.uscc.asc()]


def _printable(value: str, code: str, what: str) -> None:
    # A control character is in no name or code, and PostgreSQL refuses NUL in text outright.
    if any(ord(ch) < 32 for ch in value):
        raise QueryRejected(code, f"{what}含有不可见的控制字符")


def _cleaned(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT:
        raise QueryRejected("bad_text", f"搜索词不能超过 {MAX_TEXT} 个字")
    _printable(cleaned, "bad_text", "搜索词")
    return cleaned


def _text(cleaned: str) -> ColumnElement[bool]:
    return or_(
        Enterprise.name.contains(cleaned, autoescape=True),
        Enterprise.uscc.startswith(cleaned.upper(), autoescape=True),
    )


def _has_name_index(connection: Connection) -> bool:
    # Asked once per database connection: migration 0018 leaves the table out where the SQLite
    # library has no trigram tokenizer.
    known = connection.info.get(NAME_INDEX_TABLE)
    if known is None:
        known = (
            connection.execute(
                text_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": NAME_INDEX_TABLE},
            ).first()
            is not None
        )
        connection.info[NAME_INDEX_TABLE] = known
    return bool(known)


def _after(prefix: str) -> str | None:
    """The first string past every string that starts with ``prefix``, in code point order
    (SQLite compares text as UTF-8 bytes, which is that order); None if there is none."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # surrogates are no characters of a stored text
        last = 0xE000
    if last > 0x10FFFF:
        return None
    return prefix[:-1] + chr(last)


# The search's statements with a pattern run unprepared on PostgreSQL, so each is planned for its
# values: psycopg prepares a statement run five times, and PostgreSQL then soon plans it once for
# any value — a ``LIKE`` pattern that plan does not know cannot use the trigram index, and the
# search read every row of the scope again (≈ 50 ms at 100,000 enterprises against 0.4 ms). An
# execution option rather than ``SET LOCAL plan_cache_mode``: no transaction needed, no round trip.
_FOR_ITS_VALUES = {UNPREPARED: True}


def _candidates(session: Session, cleaned: str) -> list[int] | None:
    """Every enterprise the text can match, and maybe others (the exact condition still decides),
    found through indexes when they are few; None when reading the scope's rows is the way.

    Only on SQLite (PostgreSQL's planner uses migration 0018's indexes for the condition itself).
    A name: the FTS5 trigram table, case folded, finds every name holding the text as ``LIKE``
    compares it (SQLite folds only A–Z, the index more) — so not for fewer than three characters,
    which it cannot look up. A USCC prefix: a range of the unique index; exact because a stored
    USCC holds digits and capital letters only (every write checks it, ``io.fields.parse_uscc``),
    and the prefix is in capitals, so ``LIKE``'s folding of A–Z changes nothing.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite" or len(cleaned) < 3:
        return None
    if not _has_name_index(connection):
        return None
    phrase = '"' + cleaned.replace('"', '""') + '"'
    named = session.scalars(
        text_sql(
            f"SELECT rowid FROM {NAME_INDEX_TABLE} WHERE {NAME_INDEX_TABLE} MATCH :phrase"
            " LIMIT :limit"
        ),
        {"phrase": phrase, "limit": CANDIDATES + 1},
    ).all()
    if len(named) > CANDIDATES:
        return None
    prefix = cleaned.upper()
    after = _after(prefix)
    coded = session.scalars(
        select(Enterprise.id)
        .where(Enterprise.uscc >= prefix, *([] if after is None else [Enterprise.uscc < after]))
        .limit(CANDIDATES + 1)
    ).all()
    if len(coded) > CANDIDATES:
        return None
    return sorted({*named, *coded})


# Qualification filters are IN (the holders) rather than a correlated EXISTS: the holders are
# read once through the (kind, expires_on) or (expires_on) index, not once per enterprise.
def _holding(kind: QualificationKind, day: date) -> ColumnElement[bool]:
    return Enterprise.id.in_(
        select(Qualification.enterprise_id).where(Qualification.kind == kind, in_force_on(day))
    )


def _expiring(days: int, day: date) -> ColumnElement[bool]:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_WINDOW_DAYS:
        raise QueryRejected("bad_window", f"到期天数须在 0 到 {MAX_WINDOW_DAYS} 之间")
    return Enterprise.id.in_(
        select(Qualification.enterprise_id).where(
            in_force_on(day),
            Qualification.expires_on <= day + timedelta(days=days),
            ~renewed_by(day),  # already renewed: not expiring, as in every such list
        )
    )


def _applied(year: int) -> ColumnElement[bool]:
    # The years an application can be in (the calendar's); a larger one would also overflow
    # the database's integer, an internal error instead of this refusal.
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise QueryRejected("bad_year", f"申报年度须在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")
    return Enterprise.id.in_(select(Application.enterprise_id).where(Application.year == year))


def search_enterprises(
    session: Session,
    scope: Scope,
    *,
    text: str | None = None,
    park: str | None = None,
    qualification: QualificationKind | None = None,
    tech_field: TechField | None = None,
    expiring_within: int | None = None,
    applied_in: int | None = None,
    as_of: date | None = None,
    sort: tuple[str, str] = ("name", "asc"),
    page: int = 1,
    page_size: int = 50,
) -> Page[EnterpriseRow]:
    """Enterprises in ``scope`` matching every filter given, one page of them and the total.

    ``text``: a substring of the name, or the start of the 统一社会信用代码; ``park``: a park code;
    ``qualification``: held (in force) on ``as_of``; ``expiring_within``: holds a qualification in
    force on ``as_of`` that expires within that many days of it (both ends included);
    ``applied_in``: has an application in that year. ``as_of`` defaults to today.
    """
    _check_page(page, page_size)
    order = _order(sort)
    day = as_of or date.today()
    # Every condition is over the enterprise alone (the scope and park as "its park is one of
    # these"), so ordering by an indexed column walks that index and stops at the page's end.
    cleaned = _cleaned(text)
    filters = [] if cleaned is None else [_text(cleaned)]
    if park is not None:
        _printable(park, "bad_park", "园区代码")
    narrowed = scope if park is None else merged_park(scope, park)
    filters += on_enterprise(narrowed)
    if qualification is not None:
        filters.append(_holding(qualification, day))
    if tech_field is not None:
        filters.append(Enterprise.tech_field == tech_field)
    if expiring_within is not None:
        filters.append(_expiring(expiring_within, day))
    if applied_in is not None:
        filters.append(_applied(applied_in))
    planned = _FOR_ITS_VALUES if cleaned is not None else {}
    if cleaned is not None:
        found = _candidates(session, cleaned)
        if found is not None:
            if not found:
                return Page[EnterpriseRow](items=[], total=0, page=page, page_size=page_size)
            filters.append(Enterprise.id.in_(found))
    # A search that matches few rows (a name's substring found through the trigram index, or
    # else by reading every row in scope) reads them once: their ids give the count, and the page
    # is sorted among them. One that matches many is counted, and its page read along the sort's
    # index, which soon finds the page's rows.
    few = session.scalars(
        select(Enterprise.id).where(*filters).limit(FEW + 1), execution_options=planned
    ).all()
    if len(few) <= FEW:
        total = len(few)
        ids = select(Enterprise.id).where(Enterprise.id.in_(few))
    else:
        counted = select(func.count(Enterprise.id)).where(*filters)
        total = session.scalar(counted, execution_options=planned) or 0
        ids = select(Enterprise.id).where(*filters)
    if (page - 1) * page_size >= total:
        return Page[EnterpriseRow](items=[], total=total, page=page, page_size=page_size)
    if sort[0] in _JOINED_SORTS:
        ids = with_owner(ids)
    ids = ids.order_by(*order).limit(page_size).offset((page - 1) * page_size)
    rows = session.execute(
        with_owner(
            select(
                Enterprise.uscc,
                Enterprise.name,
                Zone.code,
                Zone.name,
                Park.code,
                Park.name,
                Enterprise.registered_on,
                Enterprise.industry_code,
                Enterprise.tech_field,
                Enterprise.above_scale,
            ).select_from(Enterprise)
        )
        .where(Enterprise.id.in_(ids.scalar_subquery()))
        .order_by(*order),
        execution_options=planned,
    )
    items = [
        EnterpriseRow(
            uscc=r[0],
            name=r[1],
            zone=r[2],
            zone_name=r[3],
            park=r[4],
            park_name=r[5],
            registered_on=r[6],
            industry_code=r[7],
            tech_field=None if r[8] is None else str(r[8]),
            tech_field_label=None if r[8] is None else r[8].label,
            above_scale=r[9],
        )
        for r in rows
    ]
    return Page[EnterpriseRow](items=items, total=total, page=page, page_size=page_size)
