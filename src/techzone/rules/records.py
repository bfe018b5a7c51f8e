"""Reading record tables from the store into Polars frames for the profile frame.

Money is read as the stored integer fen (no Decimal round trip); codes as their stable codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from techzone.access.queries import merged, restricts_place, where, with_owner
from techzone.access.scope import Scope
from techzone.model import (
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
from techzone.rules.frame import (
    DECLARED_SCHEMA,
    ENTERPRISE_SCHEMA,
    EVENT_SCHEMA,
    FIGURES_SCHEMA,
    INCIDENT_SCHEMA,
    IP_SCHEMA,
    PLATFORM_SCHEMA,
    QUALIFICATION_SCHEMA,
    Records,
)
from techzone.rules.inputs import MONEY_FIGURES, STAFF_FIGURES
from techzone.store.columnar import ColumnarSource, columnar_source, session_frame, stored


class UnknownZone(LookupError):
    def __init__(self, code: str) -> None:
        # A page pasted by mistake is not echoed whole into a one-line refusal.
        shown = code if len(code) <= 40 else code[:40] + "…"
        super().__init__(f"没有代码为「{shown}」的高新区")
        self.code = code


class UnknownEnterprise(LookupError):
    def __init__(self, uscc: str) -> None:
        from techzone.io.fields import parse_uscc

        # A code no enterprise could have (full-width, too short) is told its fault: the officer
        # would otherwise look for a company that is not registered.
        try:
            parse_uscc(uscc)
            fault = ""
        except ValueError as error:
            fault = f"：{error}"
        super().__init__(f"数据库中没有统一社会信用代码为「{uscc}」的企业{fault}")
        self.uscc = uscc


class _Reader:
    """Runs the record queries: columnar (ADBC) where it can, else on the session's connection."""

    def __init__(self, session: Session, connection: Any, source: ColumnarSource | None) -> None:
        self.session = session
        self.connection = connection
        self.source = source

    def frame(self, query: Select[Any], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
        if self.source is not None:
            return self.source.frame(self.connection, query, schema)
        return session_frame(self.session, query, schema)


@contextmanager
def _reader(session: Session, columnar: bool) -> Iterator[_Reader]:
    source = columnar_source(session) if columnar else None
    if source is None:
        yield _Reader(session, None, None)
        return
    with source.connection() as connection:
        yield _Reader(session, connection, source if connection is not None else None)


class _Scope:
    """Restricts every query to the caller's scope (province, zone, park, enterprise) in SQL."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def apply(
        self, query: Select[Any], joined_enterprise: bool = True, joined_zone: bool = False
    ) -> Select[Any]:
        if not joined_enterprise:
            query = query.join(Enterprise)
        if restricts_place(self.scope) and not joined_zone:
            query = with_owner(query)
        return where(query, self.scope)


def check_zone(session: Session, zone: str | None) -> None:
    """Refuse a zone code the register does not hold (``None``: every zone)."""
    if zone is not None and session.scalar(select(Zone.id).where(Zone.code == zone)) is None:
        raise UnknownZone(zone)


def zone_names(session: Session) -> dict[str, str]:
    """Every stored zone's name by its code, for what officers read."""
    return {code: name for code, name in session.execute(select(Zone.code, Zone.name))}


def read_records(
    session: Session,
    zone: str | None = None,
    uscc: str | None = None,
    *,
    scope: Scope | None = None,
    columnar: bool = True,
) -> Records:
    """The records of every enterprise (of a zone, or the one named) as frames.

    ``scope`` is the caller's (province, zone, park, enterprise), applied in every query; a zone
    or enterprise named as well narrows it (one outside the scope reads as unknown).

    A zone or the whole register is read columnar where the store allows it (see
    ``techzone.store.columnar``); one enterprise is a handful of rows, read on the session, as
    is everything when ``columnar`` is false.
    """
    check_zone(session, zone)
    allowed = merged(scope, zone, uscc)
    scope_ = _Scope(allowed)
    with _reader(session, columnar=columnar and allowed.uscc is None) as reader:
        enterprises = reader.frame(
            scope_.apply(
                select(
                    Enterprise.uscc,
                    Enterprise.name,
                    Enterprise.registered_on,
                    stored(Enterprise.tech_field, "tech_field"),
                    Enterprise.industry_code,
                    stored(Enterprise.ownership, "ownership"),
                    Enterprise.above_scale,
                    stored(Enterprise.listing, "listing"),
                    Zone.code.label("zone_code"),
                    Zone.province,
                    Zone.city,
                    stored(Zone.level, "zone_level"),
                    Park.name.label("park"),
                )
                .join(Park, Enterprise.park_id == Park.id)
                .join(Zone)
                .order_by(Enterprise.uscc),
                joined_zone=True,
            ),
            {name: dtype for name, dtype in ENTERPRISE_SCHEMA.items() if name != "resident"},
        )
        if uscc is not None and enterprises.is_empty():
            raise UnknownEnterprise(uscc)
        figures = reader.frame(
            scope_.apply(
                select(
                    Enterprise.uscc,
                    YearlyFigures.year,
                    *(stored(getattr(YearlyFigures, n), n) for n in MONEY_FIGURES),
                    *(stored(getattr(YearlyFigures, n), n) for n in STAFF_FIGURES),
                ).select_from(YearlyFigures),
                joined_enterprise=False,
            ),
            {**FIGURES_SCHEMA, **{n: pl.Int64() for n in STAFF_FIGURES}},
        )
        return Records(
            # Every enterprise in the register has a 统一社会信用代码 issued in mainland China.
            enterprises=enterprises.with_columns(resident=pl.lit(True)).select(
                list(ENTERPRISE_SCHEMA)
            ),
            figures=figures.with_columns(pl.col(n).cast(pl.Float64) / 100 for n in STAFF_FIGURES),
            ip=reader.frame(
                _children(
                    scope_,
                    IntellectualProperty,
                    ("kind", "ip_class", "granted_on", "acquisition", "status", "used_for_hnte"),
                ),
                IP_SCHEMA,
            ),
            qualifications=reader.frame(
                _children(
                    scope_,
                    Qualification,
                    ("kind", "level", "issued_on", "expires_on", "status", "revoked_on"),
                ),
                QUALIFICATION_SCHEMA,
            ),
            platforms=reader.frame(
                _children(
                    scope_,
                    Platform,
                    ("name", "kind", "level", "recognised_on", "status", "status_on"),
                ),
                PLATFORM_SCHEMA,
            ),
            events=reader.frame(
                _children(
                    scope_, AwardEvent, ("ref", "kind", "occurred_on", "amount", "attributes")
                ),
                EVENT_SCHEMA,
            ),
            incidents=reader.frame(
                _children(scope_, Incident, ("kind", "occurred_on")), INCIDENT_SCHEMA
            ),
            declarations=reader.frame(
                _children(scope_, Declaration, ("item", "value", "declared_on", "source")),
                DECLARED_SCHEMA,
            ),
        )


def _children(scope: _Scope, model: Any, fields: Sequence[str]) -> Select[Any]:
    query = select(
        Enterprise.uscc, *(stored(getattr(model, name), name) for name in fields)
    ).select_from(model)
    return scope.apply(query, joined_enterprise=False)
