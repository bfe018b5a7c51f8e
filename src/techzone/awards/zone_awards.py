"""Zone-level awards: what a zone is owed for its own events (新获批国家高新区, 新认定省级高新区,
年度评价, 进位升级), computed as enterprise awards are — the policy's place, dates, condition and
amount range in fen — from the 高新区事件 officers record.

A zone event is identified by the zone and the officer's 事件编号, so recomputing a year never
pays it twice under one policy. No two zone policies pay the same zone for one event in the
catalogue today without one of them having no number, so no stacking is applied here; the
catalogue's conflict lint would refuse a pair that needed it.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from techzone.access import Scope
from techzone.access.queries import zone_conditions
from techzone.awards.calculate import (
    ENTITLEMENT_SCHEMA,
    Settings,
    _planned,
    entitlement_columns,
    year_end,
)
from techzone.awards.catalogue import Catalogue, CataloguedPolicy
from techzone.awards.triggers import EVENT_COLUMNS, TRIGGER_INPUTS
from techzone.model import Zone, ZoneEvent
from techzone.model.codes import ZoneEventKind
from techzone.rules.inputs import CORE_INPUTS
from techzone.store.columnar import stored

ZONE_EVENT_SCHEMA: dict[str, pl.DataType] = {
    "zone_code": pl.String(),
    "zone_name": pl.String(),
    "zone_level": pl.String(),
    "province": pl.String(),
    "city": pl.String(),
    "ref": pl.String(),
    "kind": pl.String(),
    "occurred_on": pl.Date(),
    "attributes": pl.String(),
}
ZONE_AWARD_SCHEMA: dict[str, pl.DataType] = {
    **{name: dtype for name, dtype in ENTITLEMENT_SCHEMA.items() if name != "uscc"},
    "zone_code": pl.String(),
    "zone_name": pl.String(),
}


# A zone is approved as national, or recognised as provincial, once (措施1、2 "一次性"): a second
# record of it is the same approval entered again, never a second award.
ONCE = (ZoneEventKind.NEW_NATIONAL_ZONE.value, ZoneEventKind.NEW_PROVINCIAL_ZONE.value)


class UnknownZoneCode(LookupError):
    def __init__(self, zone: str) -> None:
        super().__init__(f"高新区代码「{zone}」不存在")


def read_zone_events(
    session: Session, zone: str | None = None, *, scope: Scope | None = None
) -> pl.DataFrame:
    """Every recorded zone event (of one zone, if named) of the zones ``scope`` reaches as a
    whole (a park's or an enterprise's scope reaches none), with where the zone is."""
    statement = (
        select(
            Zone.code,
            Zone.name,
            stored(Zone.level, "zone_level"),
            Zone.province,
            Zone.city,
            ZoneEvent.ref,
            stored(ZoneEvent.kind, "kind"),
            ZoneEvent.occurred_on,
            stored(ZoneEvent.attributes, "attributes"),
        )
        .join(Zone, ZoneEvent.zone_id == Zone.id)
        .where(*zone_conditions(scope))
        .order_by(Zone.code, ZoneEvent.occurred_on, ZoneEvent.ref)
    )
    if zone is not None:
        if session.scalar(select(Zone.id).where(Zone.code == zone)) is None:
            raise UnknownZoneCode(zone)
        statement = statement.where(Zone.code == zone)
    rows = [tuple(row) for row in session.execute(statement)]
    return pl.DataFrame(rows, schema=ZONE_EVENT_SCHEMA, orient="row")


def _triggers(events: pl.DataFrame) -> pl.LazyFrame:
    attributes = pl.col("attributes")
    parsed = [
        attributes.str.json_path_match(f"$.{key}").cast(dtype, strict=False).alias(name)
        for name, (key, dtype) in EVENT_COLUMNS.items()
    ]
    return events.lazy().select(
        "zone_code",
        "zone_name",
        "zone_level",
        "province",
        "city",
        pl.col("kind").alias("zone_event_kind"),
        pl.col("occurred_on").alias("trigger_date"),
        pl.concat_str(pl.lit("zone:"), pl.col("zone_code"), pl.lit(":"), pl.col("ref")).alias(
            "trigger_id"
        ),
        *parsed,
    )


def _zone_policies(catalogue: Catalogue, year: int) -> list[CataloguedPolicy]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return [
        entry
        for entry in catalogue.policies.values()
        if entry.policy.trigger.zone_event is not None
        and entry.policy.review == "approved"
        and entry.effective.start <= end
        and (entry.effective.end is None or entry.effective.end >= start)
    ]


def zone_awards(
    catalogue: Catalogue, events: pl.DataFrame, year: int, settings: Settings | None = None
) -> pl.DataFrame:
    """Every zone-level entitlement arising from the zone events of ``year``, amounts in fen."""
    settings = settings or Settings()
    triggers = _triggers(events).with_columns(
        # The earliest of its kind in the zone's history (by date, then reference).
        _first=pl.struct("trigger_date", "trigger_id")
        .rank("min")
        .over("zone_code", "zone_event_kind")
        == 1
    )
    names = set(triggers.collect_schema().names())
    start, end = date(year, 1, 1), date(year, 12, 31)
    parts = []
    for entry in _zone_policies(catalogue, year):
        compiled = catalogue.compiled(entry, year_end(year), {})
        effective = entry.effective
        assert entry.policy.trigger.zone_event is not None
        selected = (
            (pl.col("zone_event_kind") == entry.policy.trigger.zone_event.value)
            & (pl.col("_first") | ~pl.col("zone_event_kind").is_in(list(ONCE)))
            & (pl.col("trigger_date") >= max(start, effective.start))
            & (pl.col("trigger_date") <= min(end, effective.end or end))
        )
        reads = {
            name
            for expr in (compiled.condition, compiled.low, compiled.high)
            if expr is not None
            for name in expr.meta.root_names()
        }
        # A zone has no enterprise figures: anything else a condition reads is unknown.
        missing = [
            pl.lit(None, dtype=(CORE_INPUTS.get(name) or TRIGGER_INPUTS[name]).dtype).alias(name)
            for name in sorted(reads - names)
            if name in CORE_INPUTS or name in TRIGGER_INPUTS
        ]
        rows = (
            triggers.filter(selected)
            .with_columns(missing)
            .with_columns(_condition=compiled.condition)
        )
        rows = rows.filter(pl.col("_condition").is_null() | pl.col("_condition"))
        ident, status, amounts = entitlement_columns(compiled)
        parts.append(
            rows.select(
                *ident,
                "trigger_id",
                "trigger_date",
                status,
                *amounts,
                pl.lit(None, dtype=pl.String).alias("stacking_note"),
                # No zone clause has a cap (最高) today: 措施1 is 不少于, 措施2 a fixed sum.
                pl.lit(None, dtype=pl.String).alias("limit_key"),
                pl.lit(None, dtype=pl.String).alias("cap_note"),
                "zone_code",
                "zone_name",
            ).with_columns(planned=_planned(settings))
        )
    if not parts:
        return pl.DataFrame(schema=ZONE_AWARD_SCHEMA)
    found = pl.concat(parts, how="vertical_relaxed").select(list(ZONE_AWARD_SCHEMA))
    return found.collect().sort("zone_code", "trigger_date", "policy_id", "trigger_id")
